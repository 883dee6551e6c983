"""The map as a plain plotly dict (no go.Figure validation on the hot path).

`MapFigures` is built once per dataset: it keeps every marker's position, hover text and click
key in arrays, so that drawing a year is array indexing. Past `line_limit` partners only the
most recent agreements get a line, and past `marker_limit` markers they are grouped by place
(a grid of `cell_degrees`), so the page stays responsive at 50,000 cities.

Texts are in the language of the `Texts` given (citylinks/i18n/catalogue.py): one `MapFigures` per
language. Every text that comes from the data is HTML-escaped before it reaches plotly, whose hover
labels and annotations understand a few HTML tags.
"""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts, texts
from citylinks.model.explorer import Explorer

# Okabe-Ito colours for the agreement types; Paul Tol's "muted" scheme for the networks.
# Both are designed to stay distinguishable with the common colour-vision deficiencies.
AGREEMENT_STYLE = {
    "twinning": {"color": "#D55E00", "symbol": "diamond", "size": 15},
    "friendship_cooperation": {
        "color": "#0072B2",
        "symbol": "circle",
        "size": 10,
    },
}
NETWORK_COLORS = (
    "#117733",
    "#882255",
    "#44AA99",
    "#332288",
    "#999933",
    "#CC6677",
    "#AA4499",
    "#DDCC77",
    "#88CCEE",
)
HOME_COLOR = "#111111"
NEW_COLOR = "#E69F00"
EVENT_COLOR = "#7B2D8E"
MAP_UIREVISION = "citylinks-map"
# Colours that change with the page's theme: light for a lit room, high-contrast dark for a
# dim one (text at least 7:1 against its background). Paths into the map's layout.
MAP_THEMES: dict[str, dict[tuple[str, ...], str]] = {
    "light": {
        ("geo", "bgcolor"): "#dcebf5",
        ("geo", "landcolor"): "#ecebe6",
        ("geo", "countrycolor"): "#c4c4bc",
        ("geo", "coastlinecolor"): "#9aa5ad",
        ("font", "color"): "#1d2327",
        ("legend", "bgcolor"): "rgba(255,255,255,0.85)",
        ("legend", "bordercolor"): "#cccccc",
    },
    "dark": {
        ("geo", "bgcolor"): "#06182b",
        ("geo", "landcolor"): "#2e2e2e",
        ("geo", "countrycolor"): "#8c8c8c",
        ("geo", "coastlinecolor"): "#c8c8c8",
        ("font", "color"): "#ffffff",
        ("legend", "bgcolor"): "rgba(0,0,0,0.85)",
        ("legend", "bordercolor"): "#ffffff",
    },
}
TIMELINE_THEMES: dict[str, dict[tuple[str, ...], str]] = {
    "light": {("font", "color"): "#1d2327", ("yaxis", "gridcolor"): "#e5e5e5"},
    "dark": {("font", "color"): "#ffffff", ("yaxis", "gridcolor"): "#555555"},
}


# Trace colours that the dark theme changes, by the trace's meta role (and group): applied in
# the page to each view's traces (assets/map_view.js), so the server's views stay the same.
TRACE_THEMES: dict[str, dict[str, dict[str, object]]] = {
    "light": {},
    "dark": {
        "home": {
            "marker.color": "#ffffff",
            "marker.line.color": "#000000",
            "textfont.color": "#ffffff",
        },
        "selected": {"marker.color": "#ffffff", "marker.line.color": "#ffffff"},
        "events": {"marker.color": "#e0b0ff", "marker.line.color": "#e0b0ff"},
        "arcs": {"opacity": 0.8},
        "partners:new": {"textfont.color": "#f0c05a"},
    },
}


def themed_traces(traces: list[dict[str, Any]], theme: str) -> list[dict[str, Any]]:
    """The traces with a theme's colours (TRACE_THEMES), as assets/map_view.js applies them
    in the page: for the figures made on the server (the offline snapshot)."""
    colors = TRACE_THEMES.get(theme, {})
    out = []
    for trace in traces:
        meta = trace.get("meta") or {}
        change = colors.get(f"{meta.get('role')}:{meta.get('group')}") or colors.get(
            str(meta.get("role"))
        )
        if change:
            trace = copy.deepcopy(trace)
            for path, value in change.items():
                node = trace
                *parents, last = path.split(".")
                for key in parents:
                    node = node.setdefault(key, {})
                node[last] = value
        out.append(trace)
    return out


def themed_layout(layout: dict[str, Any], theme: str) -> dict[str, Any]:
    return _apply_theme(copy.deepcopy(layout), MAP_THEMES[theme])


def theme_assignments(themes: dict[str, dict[tuple[str, ...], str]]) -> dict[str, list]:
    """For the page's script: per theme, [layout path, value] pairs to patch into a figure."""
    return {
        name: [[["layout", *path], value] for path, value in colors.items()]
        for name, colors in themes.items()
    }


def _apply_theme(layout: dict[str, Any], colors: dict[tuple[str, ...], str]) -> dict[str, Any]:
    for path, value in colors.items():
        node = layout
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    return layout


LINE_LIMIT = 200
MARKER_LIMIT = 2500
CELL_DEGREES = 3.0
LABEL_LIMIT = 12  # name labels on the agreements of the chosen year, when there are no more


LABEL_CLEARANCE = 6.0  # degrees: closer labels than this would overlap on a world map
LABEL_POSITIONS = ("top center", "bottom center", "middle right", "middle left")


def label_positions(lats: np.ndarray, lons: np.ndarray) -> list[str]:
    """Where each name label goes: above its marker, unless a label already placed near it
    is there; then below, right or left (Casablanca and Rabat, both signed in 2004)."""
    placed: list[tuple[float, float, str]] = []
    positions = []
    for lat, lon in zip(lats.tolist(), lons.tolist(), strict=True):
        taken = {
            position
            for other_lat, other_lon, position in placed
            if abs(other_lat - lat) < LABEL_CLEARANCE and abs(other_lon - lon) < LABEL_CLEARANCE
        }
        position = next((p for p in LABEL_POSITIONS if p not in taken), LABEL_POSITIONS[0])
        placed.append((lat, lon, position))
        positions.append(position)
    return positions


def network_colors(network_ids: list[str]) -> dict[str, str]:
    return {nid: NETWORK_COLORS[i % len(NETWORK_COLORS)] for i, nid in enumerate(network_ids)}


def _e(value: object) -> str:
    return (
        ""
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else html.escape(str(value))
    )


def _texts(values: pd.Series) -> np.ndarray:
    return np.array([_e(v) for v in values], dtype=object)


def _keys(frame: pd.DataFrame, kind: str) -> np.ndarray:
    keys = np.empty(len(frame), dtype=object)
    keys[:] = [
        [str(c), str(cc), kind] for c, cc in zip(frame["city"], frame["country_code"], strict=True)
    ]
    return keys


def agreement_label(t: Texts, agreement: str) -> str:
    key = f"agreement.{agreement}"
    return t(key) if agreement in AGREEMENT_STYLE else str(agreement)


def signed_text(t: Texts, agreement: str, date_signed: object, year: object) -> str:
    """ "Twinning, signed 30 January 1956" (or "signed 1958" when only the year is known)."""
    label = agreement_label(t, agreement)
    if isinstance(date_signed, str) and date_signed.count("-") == 2:
        return t("agreement.signed_on", agreement=label, date=t.date(date_signed))
    known = date_signed if isinstance(date_signed, str) and date_signed else year
    return t("agreement.signed_in", agreement=label, date=t.date(str(known)))


def city_names(t: Texts, frame: pd.DataFrame) -> list[str]:
    """The rows' city names in the language (French names from `city_fr`)."""
    french = frame["city_fr"] if "city_fr" in frame.columns else [None] * len(frame)
    return [t.pick(city, fr) for city, fr in zip(frame["city"], french, strict=True)]


def _partner_hovers(
    partners: pd.DataFrame, t: Texts, names: list[str], countries: list[str], themes: list[str]
) -> np.ndarray:
    return np.array(
        [
            f"<b>{_e(city)}</b>, {_e(country)}<br>"
            + _e(signed_text(t, agreement, date, year))
            + (f"<br>{_e(t('map.themes', themes=theme))}" if theme else "")
            for city, country, agreement, date, year, theme in zip(
                names,
                countries,
                partners["agreement"],
                partners["date_signed"],
                partners["year"],
                themes,
                strict=True,
            )
        ],
        dtype=object,
    )


def country_names(t: Texts, frame: pd.DataFrame) -> list[str]:
    """The rows' country names in the language (the data's own name as a fallback)."""
    given = frame["country"] if "country" in frame.columns else [""] * len(frame)
    return [t.country(code, name) for code, name in zip(frame["country_code"], given, strict=True)]


def _arc_lists(home: tuple[float, float], lats: np.ndarray, lons: np.ndarray) -> tuple[list, list]:
    """Lines from home, as one lat/lon list: home, partner, None for each line.

    Two points are enough: plotly draws a scattergeo line with d3-geo, which follows the
    great circle between them (and cuts it at the antimeridian). Sending the ends only keeps
    each slider step's payload small.
    """
    count = len(lats)
    out_lat: list = [None] * (3 * count)
    out_lon: list = [None] * (3 * count)
    out_lat[0::3] = [home[0]] * count
    out_lon[0::3] = [home[1]] * count
    out_lat[1::3] = np.round(lats, 4).tolist()
    out_lon[1::3] = np.round(lons, 4).tolist()
    return out_lat, out_lon


@dataclass
class _Layer:
    """Per-row drawing data of one table (partners, memberships or events)."""

    lat: np.ndarray
    lon: np.ndarray
    text: np.ndarray
    key: np.ndarray


def _layer(frame: pd.DataFrame, text: np.ndarray, kind: str) -> _Layer:
    return _Layer(
        lat=frame["lat"].to_numpy(dtype=float),
        lon=frame["lon"].to_numpy(dtype=float),
        text=text,
        key=_keys(frame, kind),
    )


def grid_groups(
    lat: np.ndarray, lon: np.ndarray, cell_degrees: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Group points by grid cell: (cell mean lat, mean lon, count, first member's index)."""
    rows = np.floor((lat + 90) / cell_degrees).astype(np.int64)
    cols = np.floor((lon + 180) / cell_degrees).astype(np.int64)
    cells = rows * 100_000 + cols
    unique, first, inverse, counts = np.unique(
        cells, return_index=True, return_inverse=True, return_counts=True
    )
    del unique
    mean_lat = np.bincount(inverse, weights=lat) / counts
    mean_lon = np.bincount(inverse, weights=lon) / counts
    return mean_lat, mean_lon, counts, first


class MapFigures:
    """Builds the map figure of any year and filter for one dataset."""

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
        self.texts = t = t or texts("en")
        data = explorer.data
        self.data = data
        self.line_limit = line_limit
        self.marker_limit = marker_limit
        self.cell_degrees = cell_degrees
        partners, members, events = data.partners, data.memberships, data.events
        # Plain texts in the language (the table view's); HTML-escaped copies for plotly.
        self.names = {
            "partners": city_names(t, partners),
            "members": city_names(t, members),
            "events": city_names(t, events),
        }
        self.countries = {
            "partners": country_names(t, partners),
            "members": country_names(t, members),
            "events": country_names(t, events),
        }
        self.partner_themes = [
            t.pick(en, fr).replace(";", ", ")
            for en, fr in zip(partners["themes"], partners["themes_fr"], strict=True)
        ]
        hovers = _partner_hovers(
            partners, t, self.names["partners"], self.countries["partners"], self.partner_themes
        )
        self.partners = _layer(partners, hovers, "partner")
        self.partner_agreement = partners["agreement"].to_numpy(dtype=object)
        self.partner_city = _texts(pd.Series(self.names["partners"], dtype=object))
        self.members = _layer(
            members, _texts(pd.Series(self.names["members"], dtype=object)), "member"
        )
        self.member_since = (
            members["since"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        )
        self.events = _layer(
            events,
            np.array(
                [
                    f"<b>{_e(t.pick(title, title_fr))}</b><br>{_e(city)}, {_e(t.date(date))}"
                    for title, title_fr, city, date in zip(
                        events["title"],
                        events["title_fr"],
                        self.names["events"],
                        events["date"],
                        strict=True,
                    )
                ],
                dtype=object,
            ),
            "event",
        )
        self.event_year = events["year"].to_numpy(dtype=float)
        self.colors = network_colors(data.network_ids)
        self.acronyms = {
            row.id: t.pick(row.acronym, row.acronym_fr) for row in data.networks.itertuples()
        }

    # -- traces ---------------------------------------------------------------------------
    def _lines(self, shown: np.ndarray, year: int) -> list[dict[str, Any]]:
        rows = np.flatnonzero(shown)
        note = ""
        if self.line_limit is not None and len(rows) > self.line_limit:
            # The most recent agreements keep their lines; the markers still show every partner.
            order = np.argsort(-self.explorer.partner_year[rows], kind="stable")
            rows = np.sort(rows[order[: self.line_limit]])
            note = self.texts(
                "map.lines_limited",
                limit=self.texts.number(self.line_limit),
                total=self.texts.number(int(shown.sum())),
            )
        traces = []
        for agreement, style in AGREEMENT_STYLE.items():
            picked = rows[self.partner_agreement[rows] == agreement]
            lats, lons = _arc_lists(
                self.data.home.point, self.partners.lat[picked], self.partners.lon[picked]
            )
            traces.append(
                {
                    "type": "scattergeo",
                    "mode": "lines",
                    "name": note
                    or self.texts("map.lines", label=agreement_label(self.texts, agreement)),
                    "lat": lats,
                    "lon": lons,
                    "line": {"width": 1.2, "color": style["color"]},
                    "opacity": 0.45,
                    "hoverinfo": "skip",
                    "showlegend": bool(note) and agreement == "friendship_cooperation",
                    "meta": {"role": "arcs", "agreement": agreement},
                }
            )
        return traces

    def _grouped(
        self, layer: _Layer, rows: np.ndarray, near: str, network: str = ""
    ) -> dict[str, Any]:
        """Markers grouped by grid cell; `near` is the catalogue key of a group's hover text."""
        lat, lon, counts, first = grid_groups(layer.lat[rows], layer.lon[rows], self.cell_degrees)
        t = self.texts
        return {
            "lat": np.round(lat, 3).tolist(),
            "lon": np.round(lon, 3).tolist(),
            "text": [
                t(near, n=t.number(n), network=network, example=layer.text[rows[i]])
                if n > 1
                else layer.text[rows[i]]
                for n, i in zip(counts.tolist(), first.tolist(), strict=True)
            ],
            "size": np.clip(5 + 3 * np.log2(counts), 5, 28).round(1).tolist(),
            "count": len(counts),
        }

    def _too_many(self, count: int) -> bool:
        return self.marker_limit is not None and count > self.marker_limit

    def _partner_trace(
        self, rows: np.ndarray, name: str, color: str, group: str, *, new: bool, grouped: bool
    ):
        layer = self.partners
        marker: dict[str, Any] = {
            "color": color,
            "line": {"width": 2 if new else 1.5, "color": "#5a3a00" if new else "#ffffff"},
        }
        trace: dict[str, Any] = {
            "type": "scattergeo",
            "name": _e(name),
            "hoverinfo": "text",
            "showlegend": bool(len(rows)) or not new,
            "meta": {"role": "partners", "group": group},
        }
        if grouped and len(rows):
            cells = self._grouped(layer, rows, "map.near_partners")
            marker.update(symbol="circle", size=cells["size"])
            trace.update(
                mode="markers",
                name=_e(self.texts("map.grouped", name=name, n=self.texts.number(len(rows)))),
                lat=cells["lat"],
                lon=cells["lon"],
                hovertext=cells["text"],
                marker=marker,
            )
            trace["meta"]["grouped"] = True
            return trace
        agreements = self.partner_agreement[rows]
        marker.update(
            symbol=[AGREEMENT_STYLE[a]["symbol"] for a in agreements],
            size=[AGREEMENT_STYLE[a]["size"] + (6 if new else 0) for a in agreements],
        )
        labelled = new and len(rows) <= LABEL_LIMIT
        trace.update(
            mode="markers+text" if labelled else "markers",
            lat=np.round(layer.lat[rows], 4).tolist(),
            lon=np.round(layer.lon[rows], 4).tolist(),
            hovertext=layer.text[rows].tolist(),
            customdata=layer.key[rows].tolist(),
            marker=marker,
        )
        if labelled:
            trace.update(
                text=[f"<b>{c}</b>" for c in self.partner_city[rows]],
                textposition=label_positions(layer.lat[rows], layer.lon[rows]),
                textfont={"size": 12, "color": "#5a3a00"},
            )
        return trace

    def _member_traces(
        self, year: int, shown: np.ndarray, network_ids: list[str]
    ) -> list[dict[str, Any]]:
        ex = self.explorer
        current = ex.members(year) & ~ex.member_home
        partner_rows = ex.member_partner
        is_shown_partner = (partner_rows >= 0) & shown[np.maximum(partner_rows, 0)]
        traces = []
        for nid in network_ids:
            code = ex.network_codes([nid])[0]
            rows = np.flatnonzero(current & (ex.member_network == code))
            partner = is_shown_partner[rows]
            label = _e(self.acronyms.get(nid, nid))
            color = self.colors[nid]
            in_partners, others = int(partner.sum()), int((~partner).sum())
            t = self.texts
            name = t(
                "map.members_legend",
                network=label,
                partners=t.count("count.partners", in_partners),
                others=t.count("count.others", others),
            )
            trace: dict[str, Any] = {
                "type": "scattergeo",
                "mode": "markers",
                "name": name,
                "hoverinfo": "text",
                "meta": {"role": "members", "network": nid},
            }
            if self._too_many(len(rows)):
                grouped = self._grouped(self.members, rows, "map.near_members", label)
                trace.update(
                    lat=grouped["lat"],
                    lon=grouped["lon"],
                    text=grouped["text"],
                    marker={
                        "color": color,
                        "symbol": "square",
                        "size": grouped["size"],
                        "opacity": 0.8,
                    },
                )
                trace["meta"]["grouped"] = True
                traces.append(trace)
                continue
            since = self.member_since[rows]
            trace.update(
                lat=np.round(self.members.lat[rows], 4).tolist(),
                lon=np.round(self.members.lon[rows], 4).tolist(),
                marker={
                    "color": color,
                    "symbol": ["circle-open" if p else "square" for p in partner],
                    "size": [19 if p else 7 for p in partner],
                    "line": {"width": 2.5, "color": color},
                    "opacity": 0.9,
                },
                text=[
                    f"<b>{city}</b><br>" + self._member_line(label, p, s)
                    for city, p, s in zip(self.members.text[rows], partner, since, strict=True)
                ],
                customdata=self.members.key[rows].tolist(),
            )
            traces.append(trace)
        return traces

    def _member_line(self, network: str, partner: bool, since: float) -> str:
        t = self.texts
        line = t("map.member_partner" if partner else "map.member_not_partner", network=network)
        return line if np.isnan(since) else t("map.since", text=line, year=int(since))

    def _event_trace(self, year: int) -> dict[str, Any]:
        rows = np.flatnonzero(self.event_year == year)
        layer = self.events
        return {
            "type": "scattergeo",
            "mode": "markers",
            "name": self.texts("map.events", year=year),
            "lat": np.round(layer.lat[rows], 4).tolist(),
            "lon": np.round(layer.lon[rows], 4).tolist(),
            # An open ring, so that a partner marker at the same place stays visible inside it.
            "marker": {
                "symbol": "hexagram-open",
                "size": 28,
                "color": EVENT_COLOR,
                "line": {"width": 2.5, "color": EVENT_COLOR},
            },
            "text": layer.text[rows].tolist(),
            "hoverinfo": "text",
            "customdata": layer.key[rows].tolist(),
            "showlegend": bool(len(rows)),
            "meta": {"role": "events"},
        }

    def _home_trace(self) -> dict[str, Any]:
        home, t = self.data.home, self.texts
        name = t.pick(home.city, home.city_fr)
        return {
            "type": "scattergeo",
            "mode": "markers+text",
            "name": _e(name),
            "lat": [home.lat],
            "lon": [home.lon],
            "text": [f"<b>{_e(name)}</b>"],
            "textposition": "top center",
            "textfont": {"size": 13, "color": HOME_COLOR},
            "marker": {
                "symbol": "star",
                "size": 22,
                "color": HOME_COLOR,
                "line": {"width": 1.5, "color": "#ffffff"},
            },
            "hovertext": [
                f"<b>{_e(name)}</b>, {_e(t.country(home.country_code, home.country))}"
                f"<br>{_e(t('map.home'))}"
            ],
            "hoverinfo": "text",
            "customdata": [[home.city, home.country_code, "home"]],
            "meta": {"role": "home"},
        }

    def _selected_trace(self, selected: tuple[str, str] | None) -> dict[str, Any]:
        place = _place_of(self.data, *selected) if selected else None
        return {
            "type": "scattergeo",
            "mode": "markers",
            "name": self.texts("map.selected"),
            "lat": [place[0]] if place else [],
            "lon": [place[1]] if place else [],
            "marker": {
                "symbol": "circle-open",
                "size": 30,
                "color": HOME_COLOR,
                "line": {"width": 3, "color": HOME_COLOR},
            },
            "hoverinfo": "skip",
            "showlegend": False,
            "meta": {"role": "selected"},
        }

    # -- figure ---------------------------------------------------------------------------
    def traces(
        self,
        year: int,
        shown: np.ndarray,
        network_ids: list[str],
        selected: tuple[str, str] | None = None,
    ) -> list[dict[str, Any]]:
        """Every trace of the map, bottom to top."""
        older = shown & (self.explorer.partner_year < year)
        new = np.flatnonzero(shown & (self.explorer.partner_year == year))
        # One budget for every partner marker: past it, all of them are grouped by place.
        grouped = self._too_many(int(shown.sum()))
        partner_traces = [
            self._partner_trace(
                np.flatnonzero(older & (self.partner_agreement == agreement)),
                agreement_label(self.texts, agreement),
                style["color"],
                agreement,
                new=False,
                grouped=grouped,
            )
            for agreement, style in AGREEMENT_STYLE.items()
        ]
        return [
            *self._lines(shown, year),
            *self._member_traces(year, shown, network_ids),
            *partner_traces,
            self._partner_trace(
                new,
                self.texts("map.signed_in_year", year=year),
                NEW_COLOR,
                "new",
                new=True,
                grouped=grouped,
            ),
            self._event_trace(year),
            self._home_trace(),
            self._selected_trace(selected),
        ]

    def figure(
        self,
        year: int,
        shown: np.ndarray,
        network_ids: list[str],
        *,
        empty_message: str | None = None,
        selected: tuple[str, str] | None = None,
    ) -> dict[str, Any]:
        """The whole figure: traces and a layout made for a projector."""
        return {
            "data": self.traces(year, shown, network_ids, selected),
            "layout": map_layout(empty_message),
        }


class MapsByLanguage(dict):
    """`MapFigures` of one dataset per language, each built when first asked for."""

    def __init__(self, explorer: Explorer) -> None:
        super().__init__()
        self.explorer = explorer

    def __missing__(self, lang: str) -> MapFigures:
        maps = self[lang] = MapFigures(self.explorer, texts(lang))
        return maps


def empty_annotations(message: str | None) -> list[dict[str, Any]]:
    if not message:
        return []
    return [
        {
            "text": _e(message),
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
            "lataxis": {"range": [-58, 84]},
        },
        "annotations": empty_annotations(empty_message),
    }
    return _apply_theme(layout, MAP_THEMES["light"])


def _place_of(data: Dataset, city: str, country_code: str) -> tuple[float, float] | None:
    if (city, country_code) == (data.home.city, data.home.country_code):
        return data.home.point
    for frame in (data.partners, data.memberships, data.events):
        rows = frame[(frame["city"] == city) & (frame["country_code"] == country_code)]
        if not rows.empty:
            return float(rows["lat"].iloc[0]), float(rows["lon"].iloc[0])
    return None


TIMELINE_MARGIN = {"l": 32, "r": 12, "t": 6, "b": 22}
TIMELINE_PAD = 0.6  # years of space either side of the first and last bars


def timeline_figure(per_year: pd.DataFrame, t: Texts | None = None) -> dict[str, Any]:
    """Agreements signed per year as bars, drawn with scatter traces only (the geo-only
    plotly.js bundle has no bar trace): the bars are filled rectangles in one trace, and an
    invisible point per year carries the hover text and the click. The chosen year is not in
    the figure: the page shows it as a band behind the chart (`timeline_band`), so a slider
    step moves one element instead of redrawing a plotly chart."""
    t = t or texts("en")
    years = per_year["year"].to_numpy(dtype=float)
    counts = per_year["count"].to_numpy(dtype=float)
    bars_x: list = []
    bars_y: list = []
    for x, count in zip(years.tolist(), counts.tolist(), strict=True):
        if count:
            bars_x += [x - 0.4, x - 0.4, x + 0.4, x + 0.4, x - 0.4, None]
            bars_y += [0, count, count, 0, 0, None]
    labels = [
        f"<b>{int(y)}</b>: {_e(t.count('timeline.signed', int(c)))}"
        + (f"<br>{_e(cities)}" if cities else "")
        for y, c, cities in zip(years, counts, per_year["cities"], strict=True)
    ]
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": bars_x,
                "y": bars_y,
                "fill": "toself",
                "fillcolor": "#0072B2",
                "line": {"width": 0, "color": "#0072B2"},
                "hoverinfo": "skip",
                "name": t("timeline.bars"),
            },
            {
                "type": "scatter",
                "mode": "markers",
                "x": years.tolist(),
                "y": counts.tolist(),
                "marker": {"size": 14, "opacity": 0},
                "text": labels,
                "hovertemplate": "%{text}<extra></extra>",
                "name": t("timeline.year"),
            },
        ],
        "layout": {
            "uirevision": "citylinks-timeline",
            "margin": TIMELINE_MARGIN,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "font": {"family": font, "size": 11},
            "hovermode": "x",
            "dragmode": False,
            "showlegend": False,
            "xaxis": {
                "range": [years.min() - TIMELINE_PAD, years.max() + TIMELINE_PAD],
                "fixedrange": True,
                "dtick": 10,
                "showgrid": False,
                "zeroline": False,
            },
            "yaxis": {
                "fixedrange": True,
                "rangemode": "tozero",
                # A tick a year's count for small data (an imported city's few agreements).
                "dtick": 1 if counts.max(initial=0) <= 4 else 2,
                "zeroline": False,
            },
        },
    }
    _apply_theme(figure["layout"], TIMELINE_THEMES["light"])
    return figure


def timeline_band(first: int, last: int) -> dict[str, float]:
    """Where the chosen year's band goes on the timeline, for the page's script: the plot
    area's margins in pixels and the x range in years, as `timeline_figure` lays them out."""
    return {
        "left": TIMELINE_MARGIN["l"],
        "right": TIMELINE_MARGIN["r"],
        "top": TIMELINE_MARGIN["t"],
        "bottom": TIMELINE_MARGIN["b"],
        "x0": first - TIMELINE_PAD,
        "x1": last + TIMELINE_PAD,
    }
