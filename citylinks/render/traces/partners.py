"""The partners shown: one trace per agreement type for the earlier ones, and one for the new
ones (bigger, outlined, with name labels when few): by default those whose first agreement
was signed in the chosen year, or what the view's period calls new ("new since 2015").
Past the marker limit every partner marker is grouped by place."""

from __future__ import annotations

from typing import Any

import numpy as np

from citylinks.render.kept import digest
from citylinks.render.labels import LABEL_LIMIT, label_positions
from citylinks.render.layers import grouped_markers
from citylinks.render.mapdata import MapData
from citylinks.render.styles import AGREEMENT_STYLE, NEW_COLOR, NEW_LABEL_COLOR
from citylinks.render.wording import escape_html, group_label


def partner_traces(
    map_data: MapData,
    year: int,
    shown: np.ndarray,
    new_rows: np.ndarray | None = None,
    new_name: str | None = None,
) -> list[dict[str, Any]]:
    """The earlier partners' traces (one per type), then the new ones' (`new_rows`, a mask
    within `shown`: by default the first agreements signed in `year`; `new_name` its legend)."""
    if new_rows is None:
        new_rows = shown & (map_data.explorer.partner_year == year)
    older = shown & ~new_rows
    new = np.flatnonzero(new_rows)
    # One budget for every partner marker: past it, all of them are grouped by place.
    grouped = map_data.limits.too_many_markers(int(shown.sum()))
    return [
        *(
            _older_trace(map_data, older & (map_data.partner_agreement == agreement), agreement)
            if not grouped
            else _partner_trace(
                map_data,
                np.flatnonzero(older & (map_data.partner_agreement == agreement)),
                group_label(map_data.texts, agreement),
                style["color"],
                agreement,
                new=False,
                grouped=grouped,
            )
            for agreement, style in AGREEMENT_STYLE.items()
        ),
        _partner_trace(
            map_data,
            new,
            new_name or map_data.texts("map.signed_in_year", year=year),
            NEW_COLOR,
            "new",
            new=True,
            grouped=grouped,
        ),
    ]


def _older_trace(map_data: MapData, rows: np.ndarray, agreement: str) -> dict[str, Any]:
    """The earlier partners of one agreement type (`rows`, a mask), ungrouped: the same for
    every year that shows the same partners, so made once per set of rows and shared."""
    return map_data.kept.get(
        ("partners", agreement, digest(rows)),
        lambda: _partner_trace(
            map_data,
            np.flatnonzero(rows),
            group_label(map_data.texts, agreement),
            AGREEMENT_STYLE[agreement]["color"],
            agreement,
            new=False,
            grouped=False,
        ),
    )


def _partner_trace(
    map_data: MapData,
    rows: np.ndarray,
    name: str,
    color: str,
    group: str,
    *,
    new: bool,
    grouped: bool,
) -> dict[str, Any]:
    marker: dict[str, Any] = {
        "color": color,
        "line": {"width": 2 if new else 1.5, "color": NEW_LABEL_COLOR if new else "#ffffff"},
    }
    trace: dict[str, Any] = {
        "type": "scattergeo",
        "name": escape_html(name),
        "hoverinfo": "text",
        "showlegend": bool(len(rows)) or not new,
        "meta": {"role": "partners", "group": group},
    }
    if grouped and len(rows):
        _add_grouped_markers(map_data, trace, marker, rows, name)
    else:
        _add_markers(map_data, trace, marker, rows, new=new)
    return trace


def _add_grouped_markers(
    map_data: MapData, trace: dict[str, Any], marker: dict[str, Any], rows: np.ndarray, name: str
) -> None:
    t = map_data.texts
    cells = grouped_markers(
        map_data.partners,
        rows,
        cell_degrees=map_data.limits.cell_degrees,
        t=t,
        near="map.near_partners",
    )
    marker.update(symbol="circle", size=cells["size"])
    trace.update(
        mode="markers",
        name=escape_html(t("map.grouped", name=name, n=t.number(len(rows)))),
        lat=cells["lat"],
        lon=cells["lon"],
        hovertext=cells["text"],
        marker=marker,
    )
    trace["meta"]["grouped"] = True


def _add_markers(
    map_data: MapData, trace: dict[str, Any], marker: dict[str, Any], rows: np.ndarray, *, new: bool
) -> None:
    """One marker a partner, shaped by agreement type; name labels on few new ones."""
    layer = map_data.partners
    agreements = map_data.partner_agreement[rows]
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
            text=[f"<b>{c}</b>" for c in map_data.partner_label[rows]],
            textposition=label_positions(layer.lat[rows], layer.lon[rows]),
            textfont={"size": 12, "color": NEW_LABEL_COLOR},
        )
