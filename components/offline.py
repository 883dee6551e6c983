"""What the page loads comes from this server, and as little of it as the map needs.

Dash's dcc.Graph loads the full plotly.js bundle (4.8 MB); the map only draws scattergeo
traces, so the app serves plotly.js's official geo-only distribution instead
(npm `plotly.js-geo-dist-min`, MIT licence in vendor/), and compresses what it sends.
"""

from __future__ import annotations

from pathlib import Path

from dash import Dash
from flask import request, send_file

VENDOR = Path(__file__).resolve().parent.parent / "vendor"
PLOTLY_GEO_BUNDLE = VENDOR / "plotly.js-geo-dist-min" / "plotly-geo.min.js"
DASH_PLOTLY_PATH = "_dash-component-suites/plotly/package_data/plotly.min.js"


def use_geo_plotly_bundle(app: Dash) -> None:
    """Answer Dash's request for plotly.min.js with the geo-only bundle."""
    path = app.config.routes_pathname_prefix + DASH_PLOTLY_PATH

    @app.server.before_request
    def _geo_bundle():
        if request.path == path:
            return send_file(
                PLOTLY_GEO_BUNDLE,
                mimetype="application/javascript",
                conditional=True,
                max_age=3600,
            )
        return None
