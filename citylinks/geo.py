"""Geodesy for the map: distances from the home city and great-circle lines to draw."""

from __future__ import annotations

import math

import numpy as np
from geopy.distance import geodesic


def distance_km(origin: tuple[float, float], destination: tuple[float, float]) -> float:
    """Geodesic (WGS-84 ellipsoid) distance in kilometres, via geopy."""
    return float(geodesic(origin, destination).kilometers)


def great_circle(
    origin: tuple[float, float], destination: tuple[float, float], points: int = 32
) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of `points` points along the great circle from origin.

    Longitudes are unwrapped (they may leave [-180, 180]) so that a line crossing the
    antimeridian stays continuous; plotly's geo projections wrap them correctly.
    """
    lat1, lon1 = map(math.radians, origin)
    lat2, lon2 = map(math.radians, destination)
    a = np.array([math.cos(lat1) * math.cos(lon1), math.cos(lat1) * math.sin(lon1), math.sin(lat1)])
    b = np.array([math.cos(lat2) * math.cos(lon2), math.cos(lat2) * math.sin(lon2), math.sin(lat2)])
    omega = math.acos(max(-1.0, min(1.0, float(a @ b))))
    t = np.linspace(0.0, 1.0, points)
    if omega < 1e-9:
        xyz = np.outer(np.ones_like(t), a)
    else:
        xyz = (np.outer(np.sin((1 - t) * omega), a) + np.outer(np.sin(t * omega), b)) / math.sin(
            omega
        )
    lats = np.degrees(np.arctan2(xyz[:, 2], np.hypot(xyz[:, 0], xyz[:, 1])))
    lons = np.degrees(np.unwrap(np.arctan2(xyz[:, 1], xyz[:, 0])))
    return lats, lons
