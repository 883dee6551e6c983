"""The map's and the timeline's colours, marker symbols and themes.

Owns the colour of every agreement type, network, the home city, the year's new agreements
and the events; the light and dark themes of the map's layout (`MAP_THEMES`), of the
timeline (`TIMELINE_THEMES`) and of the map's traces (`TRACE_THEMES`, which the page's script
assets/scripts/map_view.js applies to each view), and the functions that apply them to figures made
on the server (the offline snapshot).
"""

from __future__ import annotations

import copy
from typing import Any, TypedDict


class MarkerStyle(TypedDict):
    color: str
    symbol: str
    size: int


# Okabe-Ito colours for the groups of agreement types; Paul Tol's "muted" scheme for the
# networks. Both are designed to stay distinguishable with the common colour-vision deficiencies.
# The map draws three groups: the twinning, friendship and cooperation pacts, and every other
# kind of agreement (cooperation agreements, conventions, memoranda, letters of intent…).
AGREEMENT_STYLE: dict[str, MarkerStyle] = {
    "twinning": {"color": "#D55E00", "symbol": "diamond", "size": 15},
    "friendship_cooperation": {
        "color": "#0072B2",
        "symbol": "circle",
        "size": 10,
    },
    "other": {"color": "#009E73", "symbol": "square", "size": 9},
}
OTHER_GROUP = "other"


def agreement_group(kind: str) -> str:
    """The map's group of an agreement type: its own for twinning and friendship pacts, else
    "other"."""
    return kind if kind in AGREEMENT_STYLE else OTHER_GROUP


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
    "#BBCC33",
    "#EE8866",
    "#77AADD",
)
HOME_COLOR = "#111111"
NEW_COLOR = "#E69F00"
NEW_LABEL_COLOR = "#5a3a00"  # the year's new agreements: their names and marker outlines
EVENT_COLOR = "#7B2D8E"

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
# the page to each view's traces (assets/scripts/map_view.js), so the server's views stay the same.
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


def network_colors(network_ids: list[str]) -> dict[str, str]:
    """Each network's colour, in networks.csv order (the palette repeats past nine)."""
    return {nid: NETWORK_COLORS[i % len(NETWORK_COLORS)] for i, nid in enumerate(network_ids)}


def themed_traces(traces: list[dict[str, Any]], theme: str) -> list[dict[str, Any]]:
    """The traces with a theme's colours (TRACE_THEMES), as assets/scripts/map_view.js applies them
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
    """A copy of a map layout with a theme's colours (MAP_THEMES)."""
    return apply_theme(copy.deepcopy(layout), MAP_THEMES[theme])


def theme_assignments(
    themes: dict[str, dict[tuple[str, ...], str]],
) -> dict[str, list[list[Any]]]:
    """For the page's script: per theme, [layout path, value] pairs to patch into a figure."""
    return {
        name: [[["layout", *path], value] for path, value in colors.items()]
        for name, colors in themes.items()
    }


def apply_theme(layout: dict[str, Any], colors: dict[tuple[str, ...], str]) -> dict[str, Any]:
    """Sets a theme's colours (layout path -> colour) in `layout` itself, and returns it."""
    for path, value in colors.items():
        node = layout
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    return layout
