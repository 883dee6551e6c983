"""Name labels on the map: which markers get one, and where each goes so that labels of
nearby cities do not overlap.
"""

from __future__ import annotations

import numpy as np

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
