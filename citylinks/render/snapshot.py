"""A view of the map as one HTML file that opens offline on any computer: plotly.js, the world
map (topojson), the figure and the page's own label layout (assets/scripts/labels.js: the city
labels placed for a projector, as in presentation mode) inlined, and the table of what the
map shows below it.

Nothing in the file refers to another file or host: plotly.js is given the world map in
`window.PlotlyGeoAssets` (where it looks before fetching one), and the file's own Content
Security Policy forbids every connection.

The page is the Jinja2 template templates/snapshot.html.j2, rendered with autoescape on:
every value is HTML-escaped as `html.escape` writes it (`&#x27;` and `&quot;` for quotes, as
this page always has; markupsafe would write `&#39;` and `&#34;`). JSON inside a script goes
through the template's `tojson` filter, which is `script_json` here: "<" written as \\u003c
(and U+2028, U+2029 escaped), so no data value can close the script. Jinja's own `tojson`
also escapes `>`, `&` and `'`, unconditionally, which would change the file's bytes.
"""

from __future__ import annotations

import functools
import html
import json
from typing import Any

import jinja2
from markupsafe import Markup

from citylinks.i18n.catalogue import Texts
from citylinks.render.table import Table

# The file's own policy: its inline script and style only, images as data, no connection.
SNAPSHOT_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'"
)


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def snapshot_html(
    *,
    t: Texts,
    title: str,
    status: str,
    figure: dict[str, Any],
    table: Table,
    plotly_js: str,
    topojson: dict[str, Any],
    dark: bool = False,
    made: str = "",
    coverage: str = "",
    labels_js: str = "",
    more_labels: str = "",
) -> str:
    """The whole file. `figure` is a plotly figure as plain JSON-able data; `topojson` maps
    a plotly topojson name ("world_110m") to its content. `labels_js`: the page's
    assets/scripts/labels.js, which then places the map's city labels for a projector after
    each drawing, as the page does in presentation mode; `more_labels`: the legend's text
    for the labels left out (" (+{n} not labelled)")."""
    return _template().render(
        lang=t.lang,
        csp=SNAPSHOT_CSP,
        title=title,
        status=status,
        dark=dark,
        table=table,
        footer=t("snapshot.footer", made=made),
        coverage=coverage,
        plotly_js=Markup(_script_text(plotly_js)),
        labels_js=Markup(_script_text(labels_js)),
        more_labels=more_labels,
        topojson=topojson,
        figure=figure,
        config={"displaylogo": False, "responsive": True, "locale": t.lang},
    )


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("citylinks.render", "templates"),
        autoescape=True,
        finalize=_as_html_text,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["tojson"] = _tojson
    return environment.get_template("snapshot.html.j2")


def _as_html_text(value: object) -> object:
    """Each value of the template, before autoescape: text escaped as `html.escape` does
    (then marked safe, so it is not escaped twice); None as an empty cell; markup as it is."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value)))


def _tojson(value: Any) -> Markup:
    return Markup(script_json(value))


def _script_text(code: str) -> str:
    # A script's text ends at the first "</script"; plotly.js has none, but make sure.
    if "</script" in code.lower():
        raise ValueError("script text contains '</script'")
    return code
