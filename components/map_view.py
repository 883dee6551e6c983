"""The world map: partners, lines from home, network members and events for the chosen year.

A view (year, networks, mode, selected city) is answered by one JSON route, `view_payload`:
the map's traces, its annotation, the status sentence and the summary cards, which all follow
from the same partners shown. The page asks for it from a clientside callback that keeps the
views it has seen and fetches the neighbouring years ahead (`assets/map_view.js`), so that a
slider step or a play tick usually redraws with no server round trip (`bench/run.py`).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html
from flask import Response, request
from plotly.io.json import to_json_plotly
from werkzeug.datastructures import MultiDict

from citylinks.i18n.catalogue import LANGUAGES
from citylinks.model.explorer import MODES, Summary
from citylinks.model.inputs import as_choice, as_choices, as_city_key, as_year
from citylinks.render.figures import TRACE_THEMES, MapFigures, MapsByLanguage
from components import ids
from components.controls import PLAY_INTERVAL_MS, year_range
from components.summary import CARDS, card_value_id, card_values
from web.security import json_error

VIEW_PATH = "_citylinks/view"
JSON = "application/json"


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
    networks = data.networks.set_index("id")
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
    not_yet = [
        t(
            "status.founded_later",
            network=maps.acronyms[nid],
            year=int(networks.at[nid, "founded_year"]),
        )
        for nid in network_ids
        if pd.notna(networks.at[nid, "founded_year"]) and networks.at[nid, "founded_year"] > year
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


class ViewQuery(NamedTuple):
    year: int
    networks: list[str]
    mode: str
    selected: dict[str, str] | None
    lang: str


def parse_view_query(args: MultiDict, network_ids: list[str], first: int, last: int) -> ViewQuery:
    """The view a view request asks for; ValueError says what is wrong."""
    year = as_year(args.get("year", ""), first, last)
    if year is None:
        raise ValueError(f"year must be a whole number from {first} to {last}")
    asked = list(args.getlist("network"))
    networks = as_choices(asked, network_ids)
    if networks is None:
        unknown = [n for n in asked if n not in network_ids]
        raise ValueError(f"unknown network id: {unknown[0]!r}" if unknown else "too many networks")
    mode = as_choice(args.get("mode", "show"), MODES)
    if mode is None:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    city, country_code = args.get("city", ""), args.get("country_code", "")
    selected = None
    if city or country_code:
        selected = as_city_key({"city": city, "country_code": country_code})
        if selected is None:
            raise ValueError("city must be a name of up to 200 characters, country_code 2 letters")
    lang = as_choice(args.get("lang", LANGUAGES[0]), LANGUAGES)
    if lang is None:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}")
    return ViewQuery(year, networks, mode, selected, lang)


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


def register_callbacks(app: Dash, maps: MapsByLanguage) -> None:
    data = maps.explorer.data
    first, last = year_range(data)
    network_ids = data.network_ids

    def view():
        try:
            year, networks, mode, selected, lang = parse_view_query(
                request.args, network_ids, first, last
            )
        except ValueError as problem:
            return json_error(400, str(problem))
        payload = view_payload(maps[lang], year, networks, mode, selected)
        return Response(to_json_plotly(payload), mimetype=JSON)

    app.server.add_url_rule(
        app.config.routes_pathname_prefix + VIEW_PATH, endpoint="citylinks_view", view_func=view
    )

    # The browser asks the view route itself (assets/map_view.js): it keeps the views it
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
