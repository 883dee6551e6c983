"""Geodesy: distances from the home city, geodesic on the WGS-84 ellipsoid (Karney's
algorithm from geographiclib, the library geopy's `geodesic` itself calls; imported directly
because importing geopy loads every geocoder it offers, a third of a second at start-up)."""

from __future__ import annotations

from geographiclib.geodesic import Geodesic


def distance_km(origin: tuple[float, float], destination: tuple[float, float]) -> float:
    """Geodesic (WGS-84 ellipsoid) distance in kilometres."""
    line = Geodesic.WGS84.Inverse(origin[0], origin[1], destination[0], destination[1])
    return float(line["s12"]) / 1000
