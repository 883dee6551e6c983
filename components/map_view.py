"""The world map: partners, lines from home, network members and events for the chosen year.

A view (year, networks, mode, selected city) is answered by one JSON route, `view_payload`:
the map's traces, its annotation, the status sentence and the summary cards, which all follow
from the same partners shown. The page asks for it from a clientside callback that keeps the
views it has seen and fetches the neighbouring years ahead (`assets/scripts/map_view.js`), so that a
slider step or a play tick usually redraws with no server round trip (`bench/run.py`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from citylinks import clock
from citylinks.dataset.loading import Dataset
from citylinks.dataset.schemas import AGREEMENT_TYPES
from citylinks.i18n.catalogue import LANGUAGES
from citylinks.model.explorer import Summary
from citylinks.model.filters import Focus, focus, timeline_instruments
from citylinks.model.viewstate import ViewState
from citylinks.model.zoom import fit_points
from citylinks.render.map import MapFigures, MapFocus, MapsByLanguage
from citylinks.render.styles import TRACE_THEMES, agreement_group
from citylinks.render.timeline import timeline_traces
from components import ids
from components.controls import PLAY_INTERVAL_MS, year_range
from components.summary import CARDS, card_value_id, card_values

TIMELINES_KEPT = 256  # filtered timelines kept (a few kB each)


class MapView(NamedTuple):
    figure: dict[str, Any]
    status: str
    summary: Summary
    shown: np.ndarray  # the partner rows shown


def default_view(year: int) -> ViewState:
    return ViewState(year=year)


def build(maps: MapFigures, state: ViewState) -> MapView:
    """Figure, status line and summary of a view: its year and period, networks and mode,
    filters and selected city (citylinks/model/filters.py `focus`)."""
    year, mode, period, filters = state.year, state.mode, state.period, state.filters
    network_ids = [nid for nid in maps.explorer.network_ids if nid in state.networks]
    kept = focus(maps.explorer, year, network_ids, mode, filters, period)
    selected = (state.city, state.country_code or "") if state.city else None
    figure = maps.figure(
        year,
        kept.shown,
        network_ids,
        empty_message=None if kept.shown.any() else _empty_message(maps, state, network_ids),
        selected=selected,
        focus=_map_focus(maps, state, kept),
    )
    summary = maps.explorer.summary(kept.shown, year)
    status = _status(maps, state, network_ids, summary, kept)
    return MapView(figure, status, summary, kept.shown)


def focused(maps: MapFigures, state: ViewState) -> tuple[np.ndarray, MapFocus]:
    """The partner rows a view shows, and what else its period and filters change (for the
    table and the exports, which draw no map)."""
    network_ids = [nid for nid in maps.explorer.network_ids if nid in state.networks]
    kept = focus(maps.explorer, state.year, network_ids, state.mode, state.filters, state.period)
    return kept.shown, _map_focus(maps, state, kept)


def _map_focus(maps: MapFigures, state: ViewState, kept: Focus) -> MapFocus:
    """What is drawn as new (the year's first agreements; in "new since", all since then),
    and the members and events the place filters keep."""
    t, period, filters = maps.texts, state.period, state.filters
    new, new_name = None, None
    if period.mode == "new":
        new, new_name = kept.new, t("map.new_since", year=period.start)
    places = not (filters.regions or filters.countries)
    return MapFocus(
        new=new,
        new_name=new_name,
        members=None if places else filters.member_mask(maps.explorer),
        events=None if places else filters.event_mask(maps.explorer),
    )


def _empty_message(maps: MapFigures, state: ViewState, network_ids: list[str]) -> str:
    t, year, mode = maps.texts, state.year, state.mode
    if not state.filters.empty:
        return t("status.empty_filters", year=year)
    if mode != "show" and network_ids:
        acronyms = [maps.acronyms[nid] for nid in network_ids]
        style = "standard" if mode == "all" else "or"
        home = t.pick(maps.data.home.city, maps.data.home.city_fr)
        return t(
            f"status.empty_filter_{mode}", networks=t.join(acronyms, style), home=home, year=year
        )
    return t("status.empty", year=year)


def _status(
    maps: MapFigures, state: ViewState, network_ids: list[str], summary: Summary, kept: Focus
) -> str:
    """ "Paris: 38 partners in 32 countries as of 2004 (filtered by network)", or for a
    period "… signed from 1990 to 2005", "…; 4 new since 2015"."""
    data, t, year, period = maps.data, maps.texts, state.year, state.period
    home = t.pick(data.home.city, data.home.city_fr)
    if period.mode == "signed":
        status = t(
            "summary.sentence_signed",
            home=home,
            partners=t.count("count.partners", summary.partners),
            countries=t.count("count.countries", summary.countries),
            start=period.start,
            year=year,
        )
    else:
        status = summary.sentence(home, t)
    if period.mode == "new":
        status += t(
            "status.new_since", new=t.count("count.new", int(kept.new.sum())), year=period.start
        )
    if state.mode != "show" and network_ids:
        status += t("status.filtered")
    if not state.filters.empty:
        status += t("status.filters")
    founded = _founded(maps)
    not_yet = [
        t("status.founded_later", network=maps.acronyms[nid], year=int(founded[nid]))
        for nid in network_ids
        if pd.notna(founded[nid]) and founded[nid] > year
    ]
    if not_yet:
        status += ". " + "; ".join(not_yet)
    return status


def layout(maps: MapFigures, year: int, topojson_url: str, view_url: str) -> html.Div:
    figure, status, _, shown = build(maps, default_view(year))
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
        # each legend group of the partners' markers: the agreement kinds it stands for
        "kind_groups": kind_groups(maps.data),
        # presentation mode: the new partners' legend when some of their labels do not fit
        "more_labels": maps.texts("present.more_labels", n="{n}"),
        "fit": _fit(maps, shown),
        # an upright phone's map is the slice of the world around home (map_view.js)
        "home_lon": float(maps.data.home.lon),
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
                    # plotly's own French says "Translation" for Pan and "Zoom intérieur":
                    # the mode bar's buttons of a geo map (and what plotly may show with
                    # them) in plain French, over plotly's French dictionary.
                    "locales": {
                        "fr": {
                            "dictionary": {
                                "Pan": "Déplacer la carte",
                                "Zoom": "Zoomer sur une zone",
                                "Zoom in": "Zoom avant",
                                "Zoom out": "Zoom arrière",
                                "Reset": "Revenir à la vue de départ",
                                "Reset view": "Revenir à la vue de départ",
                                "Reset views": "Revenir aux vues de départ",
                                "Autoscale": "Échelle automatique",
                                "Toggle show closest data on hover": (
                                    "Afficher ou masquer les infobulles au survol"
                                ),
                                "Show closest data on hover": (
                                    "Infobulle du point le plus proche au survol"
                                ),
                                "Box Select": "Sélection rectangulaire",
                                "Lasso Select": "Sélection au lasso",
                                "Download plot": "Télécharger la carte",
                                "Download plot as a PNG": "Télécharger la carte en PNG",
                                "Produced with Plotly.js": "Réalisé avec Plotly.js",
                                "Double-click on legend to isolate one trace": (
                                    "Double-cliquez sur une entrée de la légende "
                                    "pour n’afficher qu’elle"
                                ),
                                "Double-click to zoom back out": (
                                    "Double-cliquez pour revenir au zoom précédent"
                                ),
                            }
                        }
                    },
                },
            ),
        ],
    )


def view_payload(maps: MapFigures, state: ViewState) -> dict[str, Any]:
    """What the page needs to show a view: map traces, annotation, status, card values, the
    timeline's bars under its filters (None: the page's own, unfiltered) and the range of
    what is shown (for "fit to what is shown")."""
    figure, status, summary, shown = build(maps, state)
    return {
        "data": figure["data"],
        "annotations": figure["layout"]["annotations"],
        "status": status,
        "cards": card_values(summary, maps.texts),
        "timeline": filtered_timeline(maps, state),
        "fit": _fit(maps, shown),
    }


def kind_groups(data: Dataset) -> dict[str, list[str]]:
    """The agreement kinds of the data's instruments under each legend entry of the
    partners' markers (citylinks/render/styles.py `agreement_group`)."""
    present = set(data.instruments["kind"].astype(str))
    groups: dict[str, list[str]] = {}
    for kind in AGREEMENT_TYPES:
        if kind in present:
            groups.setdefault(agreement_group(kind), []).append(kind)
    return groups


def filtered_timeline(maps: MapFigures, state: ViewState) -> list[dict[str, Any]] | None:
    """The timeline's traces for the view's network filter and filters; None when nothing is
    filtered (the page keeps the timeline it came with)."""
    networks = tuple(nid for nid in maps.explorer.network_ids if nid in state.networks)
    if state.filters.empty and (state.mode == "show" or not networks):
        return None
    # the network filter asks about the year; the other filters do not
    year = state.year if state.mode != "show" and networks else None
    last = _years(maps)[1]
    kept = timeline_instruments(maps.explorer, year or last, networks, state.mode, state.filters)
    return None if kept is None else _timeline(maps, kept.tobytes())


@lru_cache(maxsize=TIMELINES_KEPT)
def _timeline(maps: MapFigures, kept: bytes) -> list[dict[str, Any]]:
    """The timeline counting the instrument rows `kept` (a boolean mask's bytes), made once
    per map, language and set of rows: many views keep the same rows (the partners sharing
    a network with home change in a few years only: 103 sets for the 36,210 network filters
    and years of the bundled data), so a play-through or a slider drag costs no timeline."""
    first, last = _years(maps)
    rows = np.frombuffer(kept, dtype=bool)
    return timeline_traces(maps.data, maps.texts, first, last, rows)


def _fit(maps: MapFigures, shown: np.ndarray) -> dict[str, list[float]] | None:
    """The range of longitudes and latitudes that holds the partners shown and the home city
    (citylinks/model/zoom.py `fit_points`), for the page's "fit to what is shown"; once per
    map and set of partners shown (a slider sweep shows the same ones for years)."""
    return _fit_of(maps, shown.tobytes())


@lru_cache(maxsize=TIMELINES_KEPT)
def _fit_of(maps: MapFigures, shown_rows: bytes) -> dict[str, list[float]] | None:
    shown = np.frombuffer(shown_rows, dtype=bool)
    partners, home = maps.data.partners, maps.data.home
    lons = np.append(partners["lon"].to_numpy(dtype=float)[shown], home.lon)
    lats = np.append(partners["lat"].to_numpy(dtype=float)[shown], home.lat)
    # The range depends on the longitudes and the extreme latitudes only: its longitudes to
    # the quarter degree (at most 1,441 points, however many cities), at the southmost
    # latitude, and one point at the northmost.
    wrapped = np.unique(np.round(((lons + 180.0) % 360.0 - 180.0) * 4) / 4)
    south, north = float(np.nanmin(lats)), float(np.nanmax(lats))
    bounds = fit_points([*wrapped.tolist(), float(wrapped[0])], [south] * len(wrapped) + [north])
    return None if bounds is None else {"lon": list(bounds.lon), "lat": list(bounds.lat)}


def _years(maps: MapFigures) -> tuple[int, int]:
    """components/controls.py `year_range`: the map's first year, found once per map (pandas
    takes ~0.3 ms), and this year."""
    return _first_year(maps), clock.today().year


@lru_cache(maxsize=TIMELINES_KEPT)
def _first_year(maps: MapFigures) -> int:
    return maps.data.first_year


@lru_cache(maxsize=TIMELINES_KEPT)
def _founded(maps: MapFigures) -> dict[str, Any]:
    """Each network's founding year (pd.NA when unknown), once per map."""
    networks = maps.data.networks
    return dict(zip(networks["id"], networks["founded_year"], strict=True))


def view_answer(maps: MapsByLanguage, state: ViewState) -> dict[str, Any]:
    """The view route's answer (web/routes.py) for a view asked for."""
    figures = maps[state.lang or LANGUAGES[0]]
    return view_payload(figures, state)


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
        Input(ids.FOCUS, "data"),
        State(ids.VIEW_SOURCE, "data"),
    )
