"""What the page loads comes from this server, and as little of it as the map needs.

Dash's dcc.Graph loads the full plotly.js bundle (4.8 MB); the map only draws scattergeo
traces, so the app serves plotly.js's official geo-only distribution instead
(npm `plotly.js-geo-dist-min`, MIT licence in vendor/), followed by plotly.js's French locale
(npm `plotly.js-locales`, for the French page's mode bar), and compresses what it sends.
The GIF encoder (npm `gifenc`, MIT licence in vendor/) is an ES module the page imports from
here the first time it makes a GIF (assets/scripts/exports.js). The page's own scripts
(assets/scripts/*.js, small files each owning one part) go out as one script, one request.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from dash import Dash
from flask import Response, request

VENDOR = Path(__file__).resolve().parent.parent / "vendor"
PLOTLY_GEO_BUNDLE = VENDOR / "plotly.js-geo-dist-min" / "plotly-geo.min.js"
PLOTLY_LOCALES = (VENDOR / "plotly.js-locales" / "fr.js",)
GIFENC = VENDOR / "gifenc" / "gifenc.esm.js"
DASH_PLOTLY_PATH = "_dash-component-suites/plotly/package_data/plotly.min.js"
GIFENC_PATH = "_citylinks/vendor/gifenc.esm.js"  # assets/scripts/exports.js asks for it
PAGE_SCRIPTS = Path(__file__).resolve().parent.parent / "assets" / "scripts"
PAGE_SCRIPTS_PATH = "_citylinks/scripts.js"
# Dash includes every script of assets/ by itself; the page's scripts come as one instead.
OFFLINE_SCRIPTS = Path(__file__).resolve().parent.parent / "assets" / "offline"
# The page's scripts an offline story deck plays with, then its own player (in this order).
DECK_SCRIPTS = ("labels.js", "fly.js", "zip.js", "slide_images.js")
# Dash includes every script of assets/ by itself; the page's scripts come as one instead, and
# the deck's player is only for the deck (citylinks/render/deck.py).
PAGE_SCRIPTS_IGNORED = [r"^scripts$", r"^offline$"]  # Dash's assets_path_ignore
SOURCE_MAP = re.compile(rb"\n//# sourceMappingURL=[^\n]*\s*$")


@cache
def plotly_bundle() -> bytes:
    """plotly.js (geo) and its locales, as one script. A locale file is a CommonJS module:
    it runs with a `module` of its own and registers what it exports."""
    parts = [PLOTLY_GEO_BUNDLE.read_bytes()]
    for locale in PLOTLY_LOCALES:
        parts.append(
            b"\n;(function () { var module = {exports: {}};\n"
            + locale.read_bytes()
            + b"\nwindow.Plotly.register(module.exports); })();\n"
        )
    return b"".join(parts)


@cache
def gifenc_module() -> bytes:
    """gifenc's ES module as published, without its source map's comment (the map is not
    vendored: a browser's developer tools would ask for it in vain)."""
    return SOURCE_MAP.sub(b"\n", GIFENC.read_bytes())


@cache
def page_scripts(folder: Path = PAGE_SCRIPTS) -> bytes:
    """The page's scripts, in the order of their names (the order Dash would load them in),
    as one script; each keeps its own scope (every file is an IIFE)."""
    return b"".join(
        f"\n/* {path.name} */\n".encode() + path.read_bytes()
        for path in sorted(folder.glob("*.js"))
    )


@cache
def deck_scripts() -> str:
    """The offline deck's scripts as one text: the page's own (DECK_SCRIPTS, so that the deck
    places labels, moves the camera and draws slides as the page does), then the player."""
    paths = [PAGE_SCRIPTS / name for name in DECK_SCRIPTS] + [OFFLINE_SCRIPTS / "deck.js"]
    return "".join(f"\n/* {path.name} */\n" + path.read_text("utf-8") for path in paths)


@cache
def _etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


def _script_answer(body: bytes) -> Response:
    response = Response(body, mimetype="application/javascript")
    response.set_etag(_etag(body))
    response.cache_control.max_age = 3600
    response.cache_control.public = True
    response.make_conditional(request)  # 304 when the browser has it (it returns itself)
    return response


def page_scripts_url(app: Dash) -> str:
    """Where the page loads its own scripts from, with their version (a new version is a new
    address, so a browser never keeps an old one)."""
    return app.get_relative_path(f"/{PAGE_SCRIPTS_PATH}") + f"?v={_etag(page_scripts())[:12]}"


def use_geo_plotly_bundle(app: Dash) -> None:
    """Answer Dash's request for plotly.min.js with the geo-only bundle and its locales, and
    serve the GIF encoder and the page's scripts."""
    scripts = {
        app.config.routes_pathname_prefix + DASH_PLOTLY_PATH: plotly_bundle,
        app.config.routes_pathname_prefix + GIFENC_PATH: gifenc_module,
        app.config.routes_pathname_prefix + PAGE_SCRIPTS_PATH: page_scripts,
    }

    @app.server.before_request
    def _vendored_scripts():
        body = scripts.get(request.path)
        return _script_answer(body()) if body else None
