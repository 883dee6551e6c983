"""Geodesy: distances from the home city (geopy's geodesic on the WGS-84 ellipsoid)."""

from __future__ import annotations

from geopy.distance import geodesic


def distance_km(origin: tuple[float, float], destination: tuple[float, float]) -> float:
    """Geodesic (WGS-84 ellipsoid) distance in kilometres, via geopy."""
    return float(geodesic(origin, destination).kilometers)
