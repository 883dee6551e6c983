"""The members of each checked network as of the chosen year, one trace per network in its
colour: a ring around a member that is a partner shown, a small square for one that is not.
Past the marker limit a network's members are grouped by place."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from citylinks.render.kept import digest
from citylinks.render.layers import grouped_markers
from citylinks.render.mapdata import MapData
from citylinks.render.wording import escape_html


def member_traces(
    map_data: MapData,
    year: int,
    shown: np.ndarray,
    network_ids: list[str],
    kept: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    """One trace per network checked; `kept`: the membership rows the view's place filters
    keep (all when None)."""
    ex = map_data.explorer
    current = ex.members(year) & ~ex.member_home
    if kept is not None:
        current &= kept
    partner_rows = ex.member_partner
    is_shown_partner = (partner_rows >= 0) & shown[np.maximum(partner_rows, 0)]
    traces = []
    for nid in network_ids:
        code = ex.network_codes([nid])[0]
        rows = np.flatnonzero(current & (ex.member_network == code))
        partner = is_shown_partner[rows]
        # A network's members change in a few years only: the trace is made once per set of
        # members (and of those that are partners shown), then shared.
        key = ("members", nid, digest(rows, partner))
        traces.append(map_data.kept.get(key, partial(_network_trace, map_data, nid, rows, partner)))
    return traces


def _network_trace(
    map_data: MapData, nid: str, rows: np.ndarray, partner: np.ndarray
) -> dict[str, Any]:
    """One network's members (`rows`); `partner` says which are partners shown."""
    t = map_data.texts
    label = escape_html(map_data.rows.network_acronyms.get(nid, nid))
    color = map_data.network_colors[nid]
    in_partners, others = int(partner.sum()), int((~partner).sum())
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
    if map_data.limits.too_many_markers(len(rows)):
        grouped = grouped_markers(
            map_data.members,
            rows,
            cell_degrees=map_data.limits.cell_degrees,
            t=t,
            near="map.near_members",
            network=label,
        )
        trace.update(
            lat=grouped["lat"],
            lon=grouped["lon"],
            text=grouped["text"],
            marker={"color": color, "symbol": "square", "size": grouped["size"], "opacity": 0.8},
        )
        trace["meta"]["grouped"] = True
        return trace
    since = map_data.rows.member_since[rows]
    trace.update(
        lat=np.round(map_data.members.lat[rows], 4).tolist(),
        lon=np.round(map_data.members.lon[rows], 4).tolist(),
        marker={
            "color": color,
            "symbol": ["circle-open" if p else "square" for p in partner],
            "size": [19 if p else 7 for p in partner],
            "line": {"width": 2.5, "color": color},
            "opacity": 0.9,
        },
        text=[
            f"<b>{city}</b><br>" + _member_line(map_data, label, p, s)
            for city, p, s in zip(map_data.members.text[rows], partner, since, strict=True)
        ],
        customdata=map_data.members.key[rows].tolist(),
    )
    return trace


def _member_line(map_data: MapData, network: str, partner: bool, since: float) -> str:
    """ "C40 member and partner (since 2006)": a member's line of hover text."""
    t = map_data.texts
    line = t("map.member_partner" if partner else "map.member_not_partner", network=network)
    return line if np.isnan(since) else t("map.since", text=line, year=int(since))
