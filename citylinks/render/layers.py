"""A table's markers (partners, memberships or events) ready to draw: every row's position,
hover text and click key in arrays, so that a view picks its rows by indexing; and those
markers grouped by grid cell, for views with more markers than a map can show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from citylinks.i18n.catalogue import Texts


@dataclass(frozen=True)
class Layer:
    """Per-row drawing data of one table, row i for the table's row i."""

    lat: np.ndarray
    lon: np.ndarray
    text: np.ndarray  # hover text, HTML-escaped
    key: np.ndarray  # click key: [city, country code, kind]


def layer_of(frame: pd.DataFrame, text: np.ndarray, kind: str) -> Layer:
    """The layer of a table (with `city`, `country_code`, `lat` and `lon` columns)."""
    return Layer(
        lat=frame["lat"].to_numpy(dtype=float),
        lon=frame["lon"].to_numpy(dtype=float),
        text=text,
        key=click_keys(frame, kind),
    )


def click_keys(frame: pd.DataFrame, kind: str) -> np.ndarray:
    """What a click on each row's marker sends: [city, country code, kind]."""
    keys = np.empty(len(frame), dtype=object)
    keys[:] = [
        [str(c), str(cc), kind] for c, cc in zip(frame["city"], frame["country_code"], strict=True)
    ]
    return keys


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


def grouped_markers(
    layer: Layer,
    rows: np.ndarray,
    *,
    cell_degrees: float,
    t: Texts,
    near: str,
    network: str = "",
) -> dict[str, Any]:
    """The layer's `rows` as one marker per grid cell: lat, lon, hover text, size (by count)
    and count of cells. `near` is the catalogue key of a group's hover text ("12 partners
    near here, e.g. Lyon"); a cell of one keeps that row's own hover text."""
    lat, lon, counts, first = grid_groups(layer.lat[rows], layer.lon[rows], cell_degrees)
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
