"""The lines from the home city to each partner shown, one trace per agreement type, and the
year's new agreements' lines in a trace of their own (the page grows them from the home city:
assets/scripts/motion.js); past the line limit only the most recent agreements keep their
line, and the legend says so."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from citylinks.render.kept import digest
from citylinks.render.mapdata import MapData
from citylinks.render.styles import AGREEMENT_STYLE, NEW_COLOR
from citylinks.render.wording import group_label


def line_traces(
    map_data: MapData, shown: np.ndarray, year: int, new_rows: np.ndarray | None = None
) -> list[dict[str, Any]]:
    """The lines of the partners shown; those of `new_rows` (a mask within `shown`, by default
    the first agreements signed in `year`) in the new lines' trace."""
    rows, note = _rows_with_a_line(map_data, shown)
    t = map_data.texts
    new = map_data.explorer.partner_year[rows] == year if new_rows is None else new_rows[rows]
    traces = []
    for agreement in AGREEMENT_STYLE:
        picked = rows[(map_data.partner_agreement[rows] == agreement) & ~new]
        # The earlier agreements' lines stay the same over most years of a sweep: made once
        # per set of rows (and legend note), then shared.
        key = ("arcs", agreement, note, digest(picked))
        traces.append(
            map_data.kept.get(key, partial(_earlier_lines, map_data, picked, agreement, note))
        )
    new_lines = _lines(map_data, rows[new], NEW_COLOR, 0.9, "new")
    new_lines["name"] = t("map.lines", label=t("map.signed_in_year", year=year))
    new_lines["showlegend"] = False
    new_lines["line"]["width"] = 1.8
    return [*traces, new_lines]


def _earlier_lines(
    map_data: MapData, rows: np.ndarray, agreement: str, note: str
) -> dict[str, Any]:
    """The lines of the earlier agreements of one type (`rows`), with their legend."""
    t = map_data.texts
    return _lines(map_data, rows, AGREEMENT_STYLE[agreement]["color"], 0.45, agreement) | {
        "name": note or t("map.lines", label=group_label(t, agreement)),
        "showlegend": bool(note) and agreement == "friendship_cooperation",
    }


def _lines(
    map_data: MapData, rows: np.ndarray, color: str, opacity: float, agreement: str
) -> dict[str, Any]:
    """One trace of lines from the home city to the partners of `rows`."""
    lats, lons = arc_ends(
        map_data.data.home.point, map_data.partners.lat[rows], map_data.partners.lon[rows]
    )
    return {
        "type": "scattergeo",
        "mode": "lines",
        "lat": lats,
        "lon": lons,
        "line": {"width": 1.2, "color": color},
        "opacity": opacity,
        "hoverinfo": "skip",
        "meta": {"role": "arcs", "agreement": agreement},
    }


def _rows_with_a_line(map_data: MapData, shown: np.ndarray) -> tuple[np.ndarray, str]:
    """The partner rows that get a line, and the legend's note when some do not."""
    rows = np.flatnonzero(shown)
    limit = map_data.limits.line_limit
    if limit is None or len(rows) <= limit:
        return rows, ""
    # The most recent agreements keep their lines; the markers still show every partner.
    order = np.argsort(-map_data.explorer.partner_year[rows], kind="stable")
    t = map_data.texts
    note = t(
        "map.lines_limited",
        limit=t.number(limit),
        total=t.number(int(shown.sum())),
    )
    return np.sort(rows[order[:limit]]), note


def arc_ends(
    home: tuple[float, float], lats: np.ndarray, lons: np.ndarray
) -> tuple[list[float | None], list[float | None]]:
    """Lines from home, as one lat/lon list: home, partner, None for each line.

    Two points are enough: plotly draws a scattergeo line with d3-geo, which follows the
    great circle between them (and cuts it at the antimeridian). Sending the ends only keeps
    each slider step's payload small.
    """
    count = len(lats)
    out_lat: list[float | None] = [None] * (3 * count)
    out_lon: list[float | None] = [None] * (3 * count)
    out_lat[0::3] = [home[0]] * count
    out_lon[0::3] = [home[1]] * count
    out_lat[1::3] = np.round(lats, 4).tolist()
    out_lon[1::3] = np.round(lons, 4).tolist()
    return out_lat, out_lon
