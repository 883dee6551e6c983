"""The map as a plain plotly dict (no go.Figure validation on the hot path).

`MapFigures` is built once per dataset and language: it computes a `MapData` (every marker's
position, hover text and click key in arrays, citylinks/render/mapdata.py), so that drawing a
year is array indexing in the trace functions of citylinks/render/traces/. Past `line_limit`
partners only the most recent agreements get a line, and past `marker_limit` markers they
are grouped by place (a grid of `cell_degrees`), so the page stays responsive at 50,000
cities. `MapsByLanguage` keeps one `MapFigures` per language. This module also owns the map's
layout (`map_layout`).

Texts are in the language of the `Texts` given (citylinks/i18n/catalogue.py). Every text that
comes from the data is HTML-escaped before it reaches plotly, whose hover labels and
annotations understand a few HTML tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from citylinks.i18n.catalogue import Texts, texts
from citylinks.model.explorer import Explorer
from citylinks.model.zoom import WORLD_LATITUDES
from citylinks.render.mapdata import (
    CELL_DEGREES,
    LINE_LIMIT,
    MARKER_LIMIT,
    MapLimits,
    build_map_data,
)
from citylinks.render.row_values import RowValues
from citylinks.render.styles import MAP_THEMES, apply_theme
from citylinks.render.traces.events import event_trace
from citylinks.render.traces.home import home_trace, selected_trace
from citylinks.render.traces.lines import line_traces
from citylinks.render.traces.members import member_traces
from citylinks.render.traces.partners import partner_traces
from citylinks.render.wording import escape_html

MAP_UIREVISION = "citylinks-map"


class MapFigures:
    """Builds the map figure of any year and filter for one dataset, in one language.

    Public: `explorer`, `data`, `texts`, `acronyms` (network id -> acronym in the language),
    `row_values` (the rows' plain texts, for the table view), `traces` and `figure`.
    """

    def __init__(
        self,
        explorer: Explorer,
        t: Texts | None = None,
        *,
        line_limit: int | None = LINE_LIMIT,
        marker_limit: int | None = MARKER_LIMIT,
        cell_degrees: float = CELL_DEGREES,
    ) -> None:
        self.explorer = explorer
        self.data = explorer.data
        self.texts = t or texts("en")
        limits = MapLimits(line_limit, marker_limit, cell_degrees)
        self._map_data = build_map_data(explorer, self.texts, limits)
        self.acronyms = self._map_data.rows.network_acronyms

    @property
    def row_values(self) -> RowValues:
        """Every row's plain values in this language (names, countries, themes, years),
        computed once with the map: what the table view writes."""
        return self._map_data.rows

    def traces(
        self,
        year: int,
        shown: np.ndarray,
        network_ids: list[str],
        selected: tuple[str, str] | None = None,
        focus: MapFocus | None = None,
    ) -> list[dict[str, Any]]:
        """Every trace of the map, bottom to top, each with a `uid` that names its part of the
        map, the same from one view to the next: plotly then updates each trace's drawing in
        place instead of making it anew. `focus`: which partners are new and which members and
        events the filters keep (by default, the year's new agreements and everything)."""
        map_data = self._map_data
        focus = focus or MapFocus()
        traces = [
            *line_traces(map_data, shown, year, focus.new),
            *member_traces(map_data, year, shown, network_ids, focus.members),
            *partner_traces(map_data, year, shown, focus.new, focus.new_name),
            event_trace(map_data, year, focus.events),
            map_data.kept.get(("home",), lambda: home_trace(map_data)),
            selected_trace(map_data, selected),
        ]
        named = []
        for trace in traces:
            meta = trace.get("meta", {})
            part = meta.get("group") or meta.get("network") or meta.get("agreement") or ""
            # a copy: a trace may be shared between views (MapData.kept)
            named.append({**trace, "uid": f"{meta.get('role', 'trace')}-{part}".rstrip("-")})
        return named

    def figure(
        self,
        year: int,
        shown: np.ndarray,
        network_ids: list[str],
        *,
        empty_message: str | None = None,
        selected: tuple[str, str] | None = None,
        focus: MapFocus | None = None,
    ) -> dict[str, Any]:
        """The whole figure: traces and a layout made for a projector."""
        return {
            "data": self.traces(year, shown, network_ids, selected, focus),
            "layout": map_layout(empty_message),
        }


@dataclass(frozen=True)
class MapFocus:
    """What a view's period and filters change in the map beyond the partners shown: the
    partner rows drawn as new (`new`, within those shown; None: the first agreements signed
    in the year) and their legend (`new_name`), the membership and event rows kept (None:
    all)."""

    new: np.ndarray | None = None
    new_name: str | None = None
    members: np.ndarray | None = None
    events: np.ndarray | None = None


class MapsByLanguage(dict[str, MapFigures]):
    """`MapFigures` of one dataset per language, each built when first asked for."""

    def __init__(self, explorer: Explorer) -> None:
        super().__init__()
        self.explorer = explorer

    def __missing__(self, lang: str) -> MapFigures:
        maps = self[lang] = MapFigures(self.explorer, texts(lang))
        return maps


def empty_annotations(message: str | None) -> list[dict[str, Any]]:
    """The message shown over an empty map ("No partner in these networks in 1990")."""
    if not message:
        return []
    return [
        {
            "text": escape_html(message),
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.55,
            "showarrow": False,
            "font": {"size": 18, "color": "#333333"},
            "bgcolor": "rgba(255,255,255,0.9)",
            "bordercolor": "#999999",
            "borderpad": 10,
        }
    ]


def map_layout(empty_message: str | None = None) -> dict[str, Any]:
    """The map's layout in the light theme (the page and the snapshot apply the dark one)."""
    layout = {
        "uirevision": MAP_UIREVISION,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"},
        "showlegend": True,
        "legend": {
            "x": 0.005,
            "y": 0.995,
            "xanchor": "left",
            "yanchor": "top",
            "borderwidth": 1,
            "font": {"size": 12},
        },
        "hoverlabel": {"align": "left"},
        "geo": {
            # Set on geo itself too: plotly keeps a zoom only when geo.uirevision is unchanged.
            "uirevision": MAP_UIREVISION,
            "projection": {"type": "natural earth"},
            "fitbounds": False,
            "showframe": False,
            "showcoastlines": True,
            "showland": True,
            "showocean": False,
            "showcountries": True,
            "showlakes": False,
            # the map's frame: the cameras of presets and fits are made for it (zoom.py)
            "lataxis": {"range": [int(lat) for lat in WORLD_LATITUDES]},
        },
        "annotations": empty_annotations(empty_message),
    }
    return apply_theme(layout, MAP_THEMES["light"])
