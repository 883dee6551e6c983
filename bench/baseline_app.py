"""The baseline the benchmarks compare against: the same map, built the straightforward way.

A server callback rebuilds the whole figure through plotly's `go.Figure` on every slider or
filter change and sends all of it (layout included); Dash serves the full plotly.js bundle
without compression; every partner gets a line and every marker is drawn (no grouping).
Same data, same traces, same component ids as the real app, so the browser driver is shared.

    python -m bench.baseline_app      # serves on $HOST:$PORT like app.py
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html

from citylinks.dataset.loading import load_dataset
from citylinks.model.explorer import Explorer
from citylinks.render.map import MapFigures
from components import ids

ASSETS = Path(__file__).resolve().parent.parent / "assets"


def create_baseline_app(data_dir: str | None = None) -> Dash:
    data = load_dataset(data_dir)
    explorer = Explorer(data)
    maps = MapFigures(explorer, line_limit=None, marker_limit=None)
    first, last = data.first_year, dt.date.today().year
    app = Dash(
        __name__,
        serve_locally=True,
        compress=False,
        title="CityLinks baseline",
        assets_folder=str(ASSETS),
        assets_ignore=r".*\.(css|js)$",  # only the topojson: the map needs it to draw
    )

    def figure(year: int, network_ids: list[str]) -> go.Figure:
        shown = explorer.shown(year, network_ids, "show")
        return go.Figure(maps.figure(year, shown, network_ids))

    app.layout = html.Div(
        [
            dcc.Slider(id=ids.YEAR, min=first, max=last, step=1, value=last),
            dcc.Checklist(
                id=ids.NETWORKS,
                options=[
                    {"label": row.acronym, "value": row.id} for row in data.networks.itertuples()
                ],
                value=[],
            ),
            html.P(id=ids.MAP_STATUS),
            dcc.Graph(
                id=ids.MAP,
                figure=figure(last, []),
                style={"height": "80vh"},
                config={"topojsonURL": app.get_asset_url("topojson/")},
            ),
        ]
    )

    @app.callback(
        Output(ids.MAP, "figure"),
        Output(ids.MAP_STATUS, "children"),
        Input(ids.YEAR, "value"),
        Input(ids.NETWORKS, "value"),
        prevent_initial_call=True,
    )
    def update(year, network_ids):
        fig = figure(int(year), list(network_ids or []))
        shown = explorer.shown(int(year), list(network_ids or []), "show")
        return fig, explorer.summary(shown, int(year)).sentence(data.home.city)

    return app


if __name__ == "__main__":
    baseline = create_baseline_app(os.environ.get("CITYLINKS_DATA") or None)
    baseline.run(
        host=os.environ.get("HOST") or "127.0.0.1",
        port=int(os.environ.get("PORT") or 8051),
        debug=False,
    )
