"""The world map: partners, lines from home, network members and events for the chosen year.

A view (year, networks, mode, selected city) is answered by one JSON route, `view_payload`:
the map's traces, its annotation, the status sentence and the summary cards, which all follow
from the same partners shown. The page asks for it from a clientside callback that keeps the
views it has seen and fetches the neighbouring years ahead (`assets/scripts/map_view.js`), so that a
slider step or a play tick usually redraws with no server round trip (`bench/run.py`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from citylinks.i18n.catalogue import LANGUAGES
from citylinks.model.explorer import Summary
from citylinks.model.viewstate import ViewState
from citylinks.render.map import MapFigures, MapsByLanguage
from citylinks.render.styles import TRACE_THEMES
from components import ids
from components.controls import PLAY_INTERVAL_MS, year_range
from components.summary import CARDS, card_value_id, card_values


class MapView(NamedTuple):
    figure: dict[str, Any]
    status: str
    summary: Summary


def build(
    maps: MapFigures,
    year: int,
    network_ids: list[str],
    mode: str,
    selected: dict[str, str] | None = None,
) -> MapView:
    """Figure, status line and summary for a year, network selection, mode and selected city."""
    data, explorer, t = maps.data, maps.explorer, maps.texts
    home = t.pick(data.home.city, data.home.city_fr)
    network_ids = [nid for nid in data.network_ids if nid in (network_ids or [])]
    shown = explorer.shown(year, network_ids, mode)
    empty = None
    if not shown.any():
        if mode != "show" and network_ids:
            acronyms = [maps.acronyms[nid] for nid in network_ids]
            style = "standard" if mode == "all" else "or"
            empty = t(
                f"status.empty_filter_{mode}",
                networks=t.join(acronyms, style),
                home=home,
                year=year,
            )
        else:
            empty = t("status.empty", year=year)
    key = (str(selected.get("city")), str(selected.get("country_code"))) if selected else None
    figure = maps.figure(year, shown, network_ids, empty_message=empty, selected=key)
    summary = explorer.summary(shown, year)
    status = summary.sentence(home, t)
    if mode != "show" and network_ids:
        status += t("status.filtered")
    founded = dict(zip(data.networks["id"], data.networks["founded_year"], strict=True))
    not_yet = [
        t("status.founded_later", network=maps.acronyms[nid], year=int(founded[nid]))
        for nid in network_ids
        if pd.notna(founded[nid]) and founded[nid] > year
    ]
    if not_yet:
        status += ". " + "; ".join(not_yet)
    return MapView(figure, status, summary)


def layout(maps: MapFigures, year: int, topojson_url: str, view_url: str) -> html.Div:
    figure, status, _ = build(maps, year, [], "show")
    first, last = year_range(maps.data)
    # settle_ms: how long a view stays put before it becomes the page's address (share.py);
    # longer than a play tick, so that playing does not make a history entry a year.
    view_source = {
        "url": view_url,
        "lang": maps.texts.lang,
        "first": first,
        "last": last,
        "settle_ms": PLAY_INTERVAL_MS + 300,
        "trace_themes": TRACE_THEMES,
    }
    return html.Div(
        className="map-region",
        children=[
            html.P(status, id=ids.MAP_STATUS, className="map-status", role="status"),
            dcc.Store(id=ids.VIEW_SOURCE, data=view_source),
            # The first figure comes with the page, so the map is never blank; no dcc.Loading
            # around it: its loading state re-rendered the graph on every slider step.
            dcc.Graph(
                id=ids.MAP,
                figure=figure,
                className="map-graph",
                responsive=True,
                config={
                    "topojsonURL": topojson_url,
                    "locale": maps.texts.lang,
                    "displaylogo": False,
                    "scrollZoom": True,
                    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"],
                },
            ),
        ],
    )


def view_payload(
    maps: MapFigures,
    year: int,
    network_ids: list[str],
    mode: str,
    selected: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the page needs to show a view: map traces, annotation, status and card values."""
    figure, status, summary = build(maps, year, network_ids, mode, selected)
    return {
        "data": figure["data"],
        "annotations": figure["layout"]["annotations"],
        "status": status,
        "cards": card_values(summary, maps.texts),
    }


def view_answer(maps: MapsByLanguage, state: ViewState) -> dict[str, Any]:
    """The view route's answer (web/routes.py) for a view asked for."""
    figures = maps[state.lang or LANGUAGES[0]]
    return view_payload(figures, state.year, list(state.networks), state.mode, state.selected)


def register_callbacks(app: Dash) -> None:
    # The browser asks the view route itself (assets/scripts/map_view.js): it keeps the views it
    # has seen and fetches the neighbouring years while the user looks at this one, so that
    # the next slider step or play tick draws without a round trip to the server.
    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="view"),
        Output(ids.MAP, "figure"),
        Output(ids.MAP_STATUS, "children"),
        *[Output(card_value_id(key), "children") for key in CARDS],
        Input(ids.YEAR, "value"),
        Input(ids.NETWORKS, "value"),
        Input(ids.MODE, "value"),
        Input(ids.SELECTED, "data"),
        Input(ids.THEME, "data"),
        State(ids.VIEW_SOURCE, "data"),
    )
