"""Plotly figures as plain dicts (no go.Figure validation on the hot path): map and timeline.

Every text that comes from the data is HTML-escaped before it reaches plotly, whose hover
labels and annotations understand a few HTML tags.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from citylinks.dataset import Dataset, split_themes
from citylinks.geo import great_circle
from citylinks.views import members_as_of

# Okabe-Ito colours for the agreement types; Paul Tol's "muted" scheme for the networks.
# Both are designed to stay distinguishable with the common colour-vision deficiencies.
AGREEMENT_STYLE = {
    "twinning": {"label": "Twinning", "color": "#D55E00", "symbol": "diamond", "size": 15},
    "friendship_cooperation": {
        "label": "Friendship and cooperation agreement",
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
ARC_POINTS = 24


def network_colors(network_ids: list[str]) -> dict[str, str]:
    return {nid: NETWORK_COLORS[i % len(NETWORK_COLORS)] for i, nid in enumerate(network_ids)}


def _e(value: object) -> str:
    return (
        ""
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else html.escape(str(value))
    )


def arcs(home: tuple[float, float], points: pd.DataFrame) -> tuple[list[Any], list[Any]]:
    """Great-circle lines from home to every row, as one lat/lon list with None between lines."""
    lats: list[Any] = []
    lons: list[Any] = []
    for lat, lon in zip(points["lat"], points["lon"], strict=True):
        arc_lat, arc_lon = great_circle(home, (float(lat), float(lon)), ARC_POINTS)
        lats.extend(np.round(arc_lat, 3).tolist())
        lons.extend(np.round(arc_lon, 3).tolist())
        lats.append(None)
        lons.append(None)
    return lats, lons


def _partner_hover(row: Any) -> str:
    style = AGREEMENT_STYLE.get(row.agreement, {"label": row.agreement})
    signed = _e(row.date_signed) if isinstance(row.date_signed, str) else str(row.year)
    lines = [
        f"<b>{_e(row.city)}</b>, {_e(row.country)}",
        f"{_e(style['label'])}, signed {signed}",
    ]
    themes = split_themes(row.themes)
    if themes:
        lines.append("Themes: " + _e(", ".join(themes)))
    lines.append(f"{row.distance_km:,.0f} km from home")
    return "<br>".join(lines)


def _key(city: object, country_code: object, kind: str) -> list[str]:
    return [str(city), str(country_code), kind]


def map_figure(
    data: Dataset,
    year: int,
    shown: pd.DataFrame,
    network_ids: list[str],
    *,
    empty_message: str | None = None,
    selected: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The world map for `year`: home, partner lines and markers, network members, events,
    and a ring around the `selected` (city, country code) whose details are open."""
    traces: list[dict[str, Any]] = []
    home = data.home
    colors = network_colors(data.network_ids)
    acronyms = data.networks.set_index("id")["acronym"]

    for agreement, style in AGREEMENT_STYLE.items():
        rows = shown[shown["agreement"] == agreement]
        lats, lons = arcs(home.point, rows)
        traces.append(
            {
                "type": "scattergeo",
                "mode": "lines",
                "name": f"{style['label']} (lines)",
                "lat": lats,
                "lon": lons,
                "line": {"width": 1.2, "color": style["color"]},
                "opacity": 0.45,
                "hoverinfo": "skip",
                "showlegend": False,
                "meta": {"role": "arcs", "agreement": agreement},
            }
        )

    partner_keys = set(zip(shown["city"], shown["country_code"], strict=True))
    members = members_as_of(data.memberships, year, network_ids)
    members = members[~members["is_home"]]
    for nid in network_ids:
        rows = members[members["network_id"] == nid]
        is_partner = [
            k in partner_keys for k in zip(rows["city"], rows["country_code"], strict=True)
        ]
        partner_count = sum(is_partner)
        label = _e(acronyms.get(nid, nid))
        traces.append(
            {
                "type": "scattergeo",
                "mode": "markers",
                "name": f"{label} members: {partner_count} partners, "
                f"{len(rows) - partner_count} others",
                "lat": rows["lat"].round(4).tolist(),
                "lon": rows["lon"].round(4).tolist(),
                "marker": {
                    "color": colors[nid],
                    "symbol": ["circle-open" if p else "square" for p in is_partner],
                    "size": [19 if p else 7 for p in is_partner],
                    "line": {"width": 2.5, "color": colors[nid]},
                    "opacity": 0.9,
                },
                "text": [
                    f"<b>{_e(c)}</b><br>{label} member"
                    + (" and partner" if p else ", not a partner")
                    + (f" (since {s})" if pd.notna(s) else "")
                    for c, p, s in zip(rows["city"], is_partner, rows["since"], strict=True)
                ],
                "hoverinfo": "text",
                "customdata": [
                    _key(c, cc, "member")
                    for c, cc in zip(rows["city"], rows["country_code"], strict=True)
                ],
                "meta": {"role": "members", "network": nid},
            }
        )

    for agreement, style in AGREEMENT_STYLE.items():
        rows = shown[(shown["agreement"] == agreement) & (shown["year"] < year)]
        traces.append(_partner_trace(rows, style["label"], style, agreement, new=False))
    new = shown[shown["year"] == year]
    traces.append(_partner_trace(new, f"Signed in {year}", {"color": NEW_COLOR}, "new", new=True))

    events = data.events[data.events["year"] == year]
    traces.append(
        {
            "type": "scattergeo",
            "mode": "markers",
            "name": f"Events in {year}",
            "lat": events["lat"].round(4).tolist(),
            "lon": events["lon"].round(4).tolist(),
            # An open ring, so that a partner marker at the same place stays visible inside it.
            "marker": {
                "symbol": "hexagram-open",
                "size": 28,
                "color": EVENT_COLOR,
                "line": {"width": 2.5, "color": EVENT_COLOR},
            },
            "text": [
                f"<b>{_e(t)}</b><br>{_e(c)}, {_e(d)}"
                for t, c, d in zip(events["title"], events["city"], events["date"], strict=True)
            ],
            "hoverinfo": "text",
            "customdata": [
                _key(c, cc, "event")
                for c, cc in zip(events["city"], events["country_code"], strict=True)
            ],
            "showlegend": not events.empty,
            "meta": {"role": "events"},
        }
    )

    traces.append(
        {
            "type": "scattergeo",
            "mode": "markers+text",
            "name": _e(home.city),
            "lat": [home.lat],
            "lon": [home.lon],
            "text": [f"<b>{_e(home.city)}</b>"],
            "textposition": "top center",
            "textfont": {"size": 13, "color": HOME_COLOR},
            "marker": {
                "symbol": "star",
                "size": 22,
                "color": HOME_COLOR,
                "line": {"width": 1.5, "color": "#ffffff"},
            },
            "hovertext": [f"<b>{_e(home.city)}</b>, {_e(home.country)}<br>Home city"],
            "hoverinfo": "text",
            "customdata": [_key(home.city, home.country_code, "home")],
            "meta": {"role": "home"},
        }
    )

    traces.append(_selected_trace(data, selected))

    layout: dict[str, Any] = {
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
            "bgcolor": "rgba(255,255,255,0.85)",
            "bordercolor": "#cccccc",
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
            "coastlinecolor": "#9aa5ad",
            "showland": True,
            "landcolor": "#ecebe6",
            "showocean": True,
            "oceancolor": "#dcebf5",
            "showcountries": True,
            "countrycolor": "#c4c4bc",
            "showlakes": False,
            "bgcolor": "rgba(0,0,0,0)",
            "lataxis": {"range": [-58, 84]},
        },
        "annotations": [],
    }
    if empty_message:
        layout["annotations"].append(
            {
                "text": _e(empty_message),
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
        )
    return {"data": traces, "layout": layout}


def _place_of(data: Dataset, city: str, country_code: str) -> tuple[float, float] | None:
    if (city, country_code) == (data.home.city, data.home.country_code):
        return data.home.point
    for frame in (data.partners, data.memberships, data.events):
        rows = frame[(frame["city"] == city) & (frame["country_code"] == country_code)]
        if not rows.empty:
            return float(rows["lat"].iloc[0]), float(rows["lon"].iloc[0])
    return None


def _selected_trace(data: Dataset, selected: tuple[str, str] | None) -> dict[str, Any]:
    place = _place_of(data, *selected) if selected else None
    return {
        "type": "scattergeo",
        "mode": "markers",
        "name": "Selected",
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


def _partner_trace(
    rows: pd.DataFrame, name: str, style: dict[str, Any], role: str, *, new: bool
) -> dict[str, Any]:
    symbols = [AGREEMENT_STYLE[a]["symbol"] for a in rows["agreement"]]
    sizes = [AGREEMENT_STYLE[a]["size"] + (6 if new else 0) for a in rows["agreement"]]
    return {
        "type": "scattergeo",
        "mode": "markers+text" if new else "markers",
        "name": _e(name),
        "lat": rows["lat"].round(4).tolist(),
        "lon": rows["lon"].round(4).tolist(),
        "text": [f"<b>{_e(c)}</b>" for c in rows["city"]] if new else None,
        "textposition": "top center",
        "textfont": {"size": 12, "color": "#5a3a00"},
        "hovertext": [_partner_hover(r) for r in rows.itertuples()],
        "hoverinfo": "text",
        "marker": {
            "symbol": symbols,
            "size": sizes,
            "color": style["color"],
            "line": {"width": 1.5 if not new else 2, "color": "#ffffff" if not new else "#5a3a00"},
        },
        "customdata": [
            _key(c, cc, "partner") for c, cc in zip(rows["city"], rows["country_code"], strict=True)
        ],
        "showlegend": True if not new else not rows.empty,
        "meta": {"role": "partners", "group": role},
    }
