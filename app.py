"""CityLinks: a Dash app of a city's partner cities and city networks on a world map.

python app.py            # serves the bundled data on http://127.0.0.1:8050/
HOST=0.0.0.0 PORT=8080 CITYLINKS_DATA=/path/to/data python app.py
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from dash import Dash, dcc, html

from citylinks.dataset import Dataset, load_dataset
from citylinks.explorer import Explorer
from citylinks.figures import MapFigures
from components import (
    controls,
    details,
    downloads,
    ids,
    map_view,
    offline,
    presentation,
    security,
    share,
    summary,
)

ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(
    data_dir: str | os.PathLike[str] | None = None, *, data: Dataset | None = None
) -> Dash:
    """A new app on the data folder (default: $CITYLINKS_DATA, else the bundled data/)."""
    data = data or load_dataset(data_dir)
    app = Dash(
        __name__,
        title=f"CityLinks: {data.home.city}",
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
        compress=True,
    )
    offline.use_geo_plotly_bundle(app)
    year = dt.date.today().year
    explorer = Explorer(data)
    maps = MapFigures(explorer)
    topojson_url = app.get_asset_url("topojson/")
    app.layout = html.Div(
        id=ids.PAGE,
        className="page",
        **{"data-theme": "light"},
        children=[
            html.Header(
                className="header",
                children=[
                    html.H1(
                        [
                            html.Span("CityLinks", className="brand"),
                            html.Span(
                                f"{data.home.city}: partner cities and city networks",
                                className="subtitle",
                            ),
                        ]
                    ),
                    summary.layout(explorer, year),
                    presentation.button(),
                ],
            ),
            presentation.title(data, year),
            html.Main(
                className="main",
                children=[
                    controls.layout(data, year, extra=[downloads.layout(data, topojson_url)]),
                    html.Div(
                        className="centre",
                        children=[
                            share.layout(app.get_relative_path(f"/{share.STATE_PATH}")),
                            map_view.layout(
                                maps,
                                year,
                                topojson_url,
                                app.get_relative_path(f"/{map_view.VIEW_PATH}"),
                            ),
                            summary.timeline_layout(data),
                        ],
                    ),
                    details.layout(),
                ],
            ),
            # {} for "no city": a memory Store that starts at None sets itself on mount,
            # which would run every callback on the selected city at each page load.
            dcc.Store(id=ids.SELECTED, data={}),
        ],
    )
    controls.register_callbacks(app, data)
    map_view.register_callbacks(app, maps)
    summary.register_callbacks(app, explorer)
    details.register_callbacks(app, explorer)
    share.register_callbacks(app, data)
    presentation.register_callbacks(app, data)
    downloads.register_callbacks(app, explorer)
    security.secure(app)  # last: it hashes the inline scripts of every clientside callback
    return app


app = create_app()
server = app.server

if __name__ == "__main__":
    host = os.environ.get("HOST") or "127.0.0.1"
    port = int(os.environ.get("PORT") or 8050)
    debug = os.environ.get("CITYLINKS_DEBUG") == "1"
    print(f"CityLinks: serving {app.title} on http://{host}:{port}/", flush=True)
    app.run(host=host, port=port, debug=debug, dev_tools_disable_version_check=True)
