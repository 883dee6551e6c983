"""The world map: partners, lines from home, network members and events for the chosen year."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import Dash, Input, Output, Patch, dcc, html

from citylinks.figures import MapFigures
from components import ids


def build(
    maps: MapFigures,
    year: int,
    network_ids: list[str],
    mode: str,
    selected: dict[str, str] | None = None,
) -> tuple[dict[str, Any], str]:
    """Figure and status line for a year, network selection, mode and selected city."""
    data, explorer = maps.data, maps.explorer
    network_ids = [nid for nid in data.network_ids if nid in (network_ids or [])]
    shown = explorer.shown(year, network_ids, mode)
    empty = None
    if not shown.any():
        if mode != "show" and network_ids:
            acronyms = data.networks.set_index("id").loc[network_ids, "acronym"].tolist()
            joiner = " and " if mode == "all" else " or "
            empty = f"No partner shares {joiner.join(acronyms)} with {data.home.city} in {year}"
        else:
            empty = f"No partner city yet in {year}"
    key = (str(selected.get("city")), str(selected.get("country_code"))) if selected else None
    figure = maps.figure(year, shown, network_ids, empty_message=empty, selected=key)
    status = explorer.summary(shown, year).sentence(data.home.city)
    if mode != "show" and network_ids:
        status += " (filtered by network)"
    networks = data.networks.set_index("id")
    not_yet = [
        f"{networks.at[nid, 'acronym']} was founded in {networks.at[nid, 'founded_year']}"
        for nid in network_ids
        if pd.notna(networks.at[nid, "founded_year"]) and networks.at[nid, "founded_year"] > year
    ]
    if not_yet:
        status += ". " + "; ".join(not_yet)
    return figure, status


def layout(maps: MapFigures, year: int, topojson_url: str) -> html.Div:
    figure, status = build(maps, year, [], "show")
    return html.Div(
        className="map-region",
        children=[
            html.P(status, id=ids.MAP_STATUS, className="map-status", role="status"),
            # The first figure comes with the page, so the map is never blank; no dcc.Loading
            # around it: its loading state re-rendered the graph on every slider step.
            dcc.Graph(
                id=ids.MAP,
                figure=figure,
                className="map-graph",
                responsive=True,
                config={
                    "topojsonURL": topojson_url,
                    "displaylogo": False,
                    "scrollZoom": True,
                    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"],
                },
            ),
        ],
    )


def register_callbacks(app: Dash, maps: MapFigures) -> None:
    @app.callback(
        Output(ids.MAP, "figure"),
        Output(ids.MAP_STATUS, "children"),
        Input(ids.YEAR, "value"),
        Input(ids.NETWORKS, "value"),
        Input(ids.MODE, "value"),
        Input(ids.SELECTED, "data"),
        prevent_initial_call=True,
    )
    def update_map(year, network_ids, mode, selected):
        figure, status = build(
            maps, int(year), list(network_ids or []), mode or "show", selected or None
        )
        # Only the traces and the annotation change: the layout the user zoomed stays as it is.
        patch = Patch()
        patch["data"] = figure["data"]
        patch["layout"]["annotations"] = figure["layout"]["annotations"]
        return patch, status
