"""The events of the chosen year, as open purple rings (a partner at the same place stays
visible inside one)."""

from __future__ import annotations

from typing import Any

import numpy as np

from citylinks.render.mapdata import MapData
from citylinks.render.styles import EVENT_COLOR


def event_trace(map_data: MapData, year: int, kept: np.ndarray | None = None) -> dict[str, Any]:
    """The year's events; `kept`: the event rows the view's place filters keep (all when
    None)."""
    this_year = map_data.rows.event_year == year
    rows = np.flatnonzero(this_year if kept is None else this_year & kept)
    layer = map_data.events
    return {
        "type": "scattergeo",
        "mode": "markers",
        "name": map_data.texts("map.events", year=year),
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
