"""A story as one HTML file that plays offline in a meeting room: the offline deck.

The file holds plotly.js, the world map (topojson), every slide's figure, title, caption,
callouts and the credit line, and the scripts that play it (assets/offline/deck.js with the
page's own labels.js, fly.js, zip.js and slide_images.js, read from their files by
web/offline.py `deck_scripts`). It plays with the keys of the page's player (arrows, Page
Up/Down as presenter clickers send them, Home, End, F for full screen), moves the map
between slides smoothly, places the projector labels, and makes the slides' PNGs (a ZIP)
with no connection. Its own Content Security Policy forbids every connection.

The page is the Jinja2 template templates/deck.html.j2 with autoescape on. The slides go in
as JSON data (a `<script type="application/json">`, written by `script_json`: no value can
close the element) and the player sets every text with `textContent`: nothing from a story
or the data is read as HTML.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from markupsafe import Markup

from citylinks.render.snapshot import SNAPSHOT_CSP, script_json

DECK_CSP = SNAPSHOT_CSP  # inline scripts and styles, images as data or blobs, no connection
# The deck's own texts: the catalogue's deck.<key> (the template reads them by these names).
DECK_TEXT_KEYS = ("prev", "next", "fullscreen", "key_hint", "controls", "noscript")


def deck_html(
    *,
    lang: str,
    title: str,
    deck: dict[str, Any],
    texts: dict[str, str],
    plotly_js: str,
    scripts: str,
    topojson: dict[str, Any],
    dark: bool = False,
) -> str:
    """The whole file. `deck`: {"title", "credit", "made", "slides": [...], "texts": {...},
    "filename"} as components/story_exports.py `deck_data` makes it; `texts`: the page's own
    texts (DECK_TEXT_KEYS and "pngs"), already in the deck's language."""
    return _template().render(
        lang=lang,
        csp=DECK_CSP,
        title=title,
        dark=dark,
        texts=texts,
        plotly_js=Markup(_script_text(plotly_js)),
        scripts=Markup(_script_text(scripts)),
        topojson=topojson,
        deck=deck,
    )


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("citylinks.render", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["tojson"] = lambda value: Markup(script_json(value))
    return environment.get_template("deck.html.j2")


def _script_text(code: str) -> str:
    # A script's text ends at the first "</script": none of the scripts has one; make sure.
    if "</script" in code.lower():
        raise ValueError("script text contains '</script'")
    return code
