"""What the page loads comes from this server, and as little of it as the map needs.

Dash's dcc.Graph loads the full plotly.js bundle (4.8 MB); the map only draws scattergeo
traces, so the app serves plotly.js's official geo-only distribution instead
(npm `plotly.js-geo-dist-min`, MIT licence in vendor/), followed by plotly.js's French locale
(npm `plotly.js-locales`, for the French page's mode bar), and compresses what it sends.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from dash import Dash
from flask import Response, request

VENDOR = Path(__file__).resolve().parent.parent / "vendor"
PLOTLY_GEO_BUNDLE = VENDOR / "plotly.js-geo-dist-min" / "plotly-geo.min.js"
PLOTLY_LOCALES = (VENDOR / "plotly.js-locales" / "fr.js",)
DASH_PLOTLY_PATH = "_dash-component-suites/plotly/package_data/plotly.min.js"


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


def use_geo_plotly_bundle(app: Dash) -> None:
    """Answer Dash's request for plotly.min.js with the geo-only bundle and its locales."""
    path = app.config.routes_pathname_prefix + DASH_PLOTLY_PATH
    body = plotly_bundle()
    etag = hashlib.sha256(body).hexdigest()[:32]

    @app.server.before_request
    def _geo_bundle():
        if request.path == path:
            response = Response(body, mimetype="application/javascript")
            response.set_etag(etag)
            response.cache_control.max_age = 3600
            response.cache_control.public = True
            return response.make_conditional(request)
        return None
