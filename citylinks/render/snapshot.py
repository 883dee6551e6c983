"""A view of the map as one HTML file that opens offline on any computer: plotly.js, the world
map (topojson) and the figure inlined, and the table of what the map shows below it.

Nothing in the file refers to another file or host: plotly.js is given the world map in
`window.PlotlyGeoAssets` (where it looks before fetching one), and the file's own Content
Security Policy forbids every connection. Every text from the data is escaped: HTML text
through `html.escape`, JSON inside a script with "<" written as \\u003c, so no data value can
close the script.
"""

from __future__ import annotations

import html
import json
from typing import Any

from citylinks.i18n.catalogue import Texts
from citylinks.render.table import Table

SNAPSHOT_CSS = """
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 0;
  color: #1d2327; background: #ffffff; }
body.dark { color: #ffffff; background: #000000; }
header { padding: 12px 20px 0; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
p.status { margin: 0; font-weight: 600; }
#map, #map-plot { width: 100%; height: 72vh; min-height: 420px; }
main { padding: 0 20px 24px; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding: 8px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #cccccc;
  vertical-align: top; }
thead th { border-bottom: 2px solid #888888; }
footer { padding: 8px 20px 20px; font-size: 0.85rem; }
"""

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
) -> str:
    """The whole file. `figure` is a plotly figure as plain JSON-able data; `topojson` maps
    a plotly topojson name ("world_110m") to its content."""
    e = html.escape
    head = "".join(f"<th scope='col'>{e(name)}</th>" for name in table.columns)
    body = "".join(
        "<tr>"
        + "".join(
            (f"<th scope='row'>{e(_cell(v))}</th>" if i == 0 else f"<td>{e(_cell(v))}</td>")
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    config = {"displaylogo": False, "responsive": True, "locale": t.lang}
    # plotly.js and the data go in separate scripts: the data's, last, draws the map.
    draw = (
        f"window.PlotlyGeoAssets = {{topojson: {script_json(topojson)}}};\n"
        f"var figure = {script_json(figure)};\n"
        f"Plotly.newPlot('map-plot', figure.data, figure.layout, {script_json(config)});"
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(t.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(SNAPSHOT_CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{SNAPSHOT_CSS}</style>\n</head>\n"
        f'<body class="{"dark" if dark else "light"}">\n'
        f"<header><h1>{e(title)}</h1><p class='status'>{e(status)}</p></header>\n"
        '<div id="map"><div id="map-plot"></div></div>\n'
        f"<main><table><caption>{e(table.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></main>\n"
        f"<footer>{e(t('snapshot.footer', made=made))}</footer>\n"
        f"<script>{_script_text(plotly_js)}</script>\n"
        f"<script>{draw}</script>\n"
        "</body>\n</html>\n"
    )


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _script_text(code: str) -> str:
    # A script's text ends at the first "</script"; plotly.js has none, but make sure.
    if "</script" in code.lower():
        raise ValueError("script text contains '</script'")
    return code
