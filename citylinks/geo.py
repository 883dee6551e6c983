"""Geodesy for the map: distances from the home city and great-circle lines to draw."""

from __future__ import annotations

import numpy as np
from geopy.distance import geodesic


def distance_km(origin: tuple[float, float], destination: tuple[float, float]) -> float:
    """Geodesic (WGS-84 ellipsoid) distance in kilometres, via geopy."""
    return float(geodesic(origin, destination).kilometers)


def great_circles(
    origin: tuple[float, float], lats: np.ndarray, lons: np.ndarray, points: int = 32
) -> tuple[np.ndarray, np.ndarray]:
    """Great circles from `origin` to many destinations at once: two (n, points) arrays.

    Longitudes are unwrapped along each line (they may leave [-180, 180]) so that a line
    crossing the antimeridian stays continuous; plotly's geo projections wrap them correctly.
    """
    lat1, lon1 = np.radians(origin[0]), np.radians(origin[1])
    lat2, lon2 = (
        np.radians(np.asarray(lats, dtype=float)),
        np.radians(np.asarray(lons, dtype=float)),
    )
    a = np.array([np.cos(lat1) * np.cos(lon1), np.cos(lat1) * np.sin(lon1), np.sin(lat1)])
    b = np.stack([np.cos(lat2) * np.cos(lon2), np.cos(lat2) * np.sin(lon2), np.sin(lat2)], axis=1)
    omega = np.arccos(np.clip(b @ a, -1.0, 1.0))[:, None]  # (n, 1) angle between the ends
    t = np.linspace(0.0, 1.0, points)[None, :]  # (1, points)
    sin_omega = np.sin(omega)
    same = sin_omega < 1e-9
    safe = np.where(same, 1.0, sin_omega)
    w_a = np.where(same, 1.0 - t, np.sin((1 - t) * omega) / safe)  # (n, points)
    w_b = np.where(same, t, np.sin(t * omega) / safe)
    xyz = w_a[..., None] * a[None, None, :] + w_b[..., None] * b[:, None, :]  # (n, points, 3)
    out_lats = np.degrees(np.arctan2(xyz[..., 2], np.hypot(xyz[..., 0], xyz[..., 1])))
    out_lons = np.degrees(np.unwrap(np.arctan2(xyz[..., 1], xyz[..., 0]), axis=1))
    return out_lats, out_lons


def great_circle(
    origin: tuple[float, float], destination: tuple[float, float], points: int = 32
) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of `points` points along one great circle from origin."""
    lats, lons = great_circles(
        origin, np.array([destination[0]]), np.array([destination[1]]), points
    )
    return lats[0], lons[0]
