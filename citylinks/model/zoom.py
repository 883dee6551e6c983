"""Where the map looks: the zoom presets (World, Europe, Africa, Americas, Asia, Middle East),
a camera as the address keeps it, and "fit to these points".

Everything is in degrees of longitude and latitude, whatever the projection:
- a `Bounds` is a west-to-east and south-to-north range (plotly's `geo.lonaxis.range` and
  `geo.lataxis.range`); its east edge may pass 180 when the range crosses the antimeridian
  (Tokyo to Los Angeles: 130 to 252, i.e. 252 - 360 = -108);
- a `Camera` is what plotly's geo subplot reports after a zoom or a drag (`geo.center.lon`,
  `geo.center.lat`, `geo.projection.scale`, 1 being the whole world), rounded so that it reads
  back the same from an address. `Bounds.camera()` gives the one that shows a range whole in
  the map's frame, in the page's natural-earth projection (assets/scripts/fly.js computes
  the same in the page).

The presets live here, in the domain, because the view state (citylinks/model/viewstate.py)
checks their names; the page's layout (citylinks/render) takes their ranges from here.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

LON_RANGE = (-180.0, 180.0)
LAT_RANGE = (-90.0, 90.0)
SCALE_RANGE = (0.5, 100.0)  # plotly's projection.scale: 1 is the whole world
# The page's default view shows latitudes from -58 to 84 (citylinks/render/map.py sets them; the
# JavaScript camera in assets/scripts/fly.js says them again).
WORLD_LATITUDES = (-58.0, 84.0)
# Fitting: the margin around the points (a share of their span, on each side) and the least
# span shown, so that one city is not zoomed into a blur.
FIT_MARGIN = 0.12
FIT_MIN_SPAN = (12.0, 8.0)  # degrees of longitude, of latitude


@dataclass(frozen=True)
class Bounds:
    """A range of longitudes (west, east; east may pass 180) and of latitudes (south, north)."""

    lon: tuple[float, float]
    lat: tuple[float, float]

    @property
    def centre(self) -> tuple[float, float]:
        """(lon, lat) of the middle of the range, the longitude within -180..180."""
        return (_wrap((self.lon[0] + self.lon[1]) / 2), (self.lat[0] + self.lat[1]) / 2)

    @property
    def span(self) -> tuple[float, float]:
        return (self.lon[1] - self.lon[0], self.lat[1] - self.lat[0])

    def camera(self) -> Camera:
        """The camera that shows this range whole in the map's frame: the range projected as
        plotly projects it (natural earth: a degree of latitude is higher at 50° than at the
        equator, a degree of longitude narrower) against the frame's width and height, which
        plotly makes the shape of the world's range (WORLD_LATITUDES) whatever the map's size.
        assets/scripts/fly.js `boundsCamera` computes the same in the page."""
        south, north = (math.radians(_clamp(lat, LAT_RANGE)) for lat in self.lat)
        nearest = 0.0 if south <= 0.0 <= north else min(abs(south), abs(north))
        width = max(math.radians(self.span[0]) * _earth_width(nearest), 1e-9)
        height = max(_earth_height(north) - _earth_height(south), 1e-9)
        scale = min(FRAME[0] / width, FRAME[1] / height)
        lon, lat = self.centre
        return Camera(lon, lat, scale)


def _earth_width(phi: float) -> float:
    """plotly's "natural earth" (d3-geo's geoNaturalEarth1): a radian of longitude's width at
    latitude `phi` (radians)."""
    p2 = phi * phi
    p4 = p2 * p2
    return 0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4))


def _earth_height(phi: float) -> float:
    """The same projection: how high latitude `phi` (radians) stands above the equator."""
    p2 = phi * phi
    p4 = p2 * p2
    return phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))


# The map's frame at scale 1 (every longitude, WORLD_LATITUDES), projected: width, height.
FRAME = (
    2 * math.pi * _earth_width(0.0),
    _earth_height(math.radians(WORLD_LATITUDES[1]))
    - _earth_height(math.radians(WORLD_LATITUDES[0])),
)


@dataclass(frozen=True)
class Camera:
    """A map centre and zoom (plotly geo's center.lon, center.lat and projection.scale),
    rounded (2 decimals) and kept within range when made."""

    lon: float
    lat: float
    scale: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "lon", round(_clamp(self.lon, LON_RANGE), 2))
        object.__setattr__(self, "lat", round(_clamp(self.lat, LAT_RANGE), 2))
        object.__setattr__(self, "scale", round(_clamp(self.scale, SCALE_RANGE), 2))

    def to_text(self) -> str:
        """ "2.35,48.86,4" as the address writes it (`view=`)."""
        return ",".join(_number(v) for v in (self.lon, self.lat, self.scale))


# The presets, in the order the page offers them: their ranges of longitude and latitude.
PRESETS: dict[str, Bounds] = {
    "world": Bounds((-180.0, 180.0), WORLD_LATITUDES),
    "europe": Bounds((-25.0, 45.0), (34.0, 71.0)),
    "africa": Bounds((-20.0, 55.0), (-36.0, 38.0)),
    "americas": Bounds((-170.0, -30.0), (-56.0, 72.0)),
    "asia": Bounds((25.0, 150.0), (-12.0, 60.0)),
    "middle_east": Bounds((25.0, 63.0), (12.0, 42.0)),
}
PRESET_NAMES = tuple(PRESETS)

_NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{1,6})?$")


def parse_camera(text: str) -> Camera | None:
    """A camera written "lon,lat,scale" (plain decimal numbers within range), or None."""
    parts = text.split(",")
    if len(parts) != 3 or not all(_NUMBER.match(part.strip()) for part in parts):
        return None
    lon, lat, scale = (float(part) for part in parts)
    if not (
        LON_RANGE[0] <= lon <= LON_RANGE[1]
        and LAT_RANGE[0] <= lat <= LAT_RANGE[1]
        and SCALE_RANGE[0] <= scale <= SCALE_RANGE[1]
    ):
        return None
    return Camera(lon, lat, scale)


def fit_points(
    lons: Iterable[float],
    lats: Iterable[float],
    margin: float = FIT_MARGIN,
    min_span: tuple[float, float] = FIT_MIN_SPAN,
) -> Bounds | None:
    """The smallest range that holds every point (lon, lat), with `margin` (a share of the
    span) on each side and at least `min_span` degrees; None when there is no point with
    finite coordinates. Longitudes are taken the short way round: points on both sides of
    the antimeridian give a range whose east edge passes 180."""
    points = [
        (float(lon), float(lat))
        for lon, lat in zip(lons, lats, strict=True)
        if math.isfinite(float(lon)) and math.isfinite(float(lat))
    ]
    if not points:
        return None
    west, east = _lon_extent([_wrap(lon) for lon, _ in points])
    south = min(lat for _, lat in points)
    north = max(lat for _, lat in points)
    west, east = _widen(west, east, margin, min_span[0])
    south, north = _widen(south, north, margin, min_span[1])
    if east - west >= 360.0:
        west, east = LON_RANGE
    elif west < -180.0:  # keep the west edge within -180..180
        west, east = west + 360.0, east + 360.0
    south, north = max(south, LAT_RANGE[0]), min(north, LAT_RANGE[1])
    return Bounds((round(west, 4), round(east, 4)), (round(south, 4), round(north, 4)))


def _lon_extent(lons: list[float]) -> tuple[float, float]:
    """West and east edges of the shortest arc holding every longitude: the circle is cut at
    the widest gap between neighbouring points."""
    ordered = sorted(lons)
    # the gap after each point, the last one wrapping round to the first
    gaps = [b - a for a, b in itertools.pairwise(ordered)]
    gaps.append(ordered[0] + 360.0 - ordered[-1])
    widest = max(range(len(gaps)), key=lambda i: (gaps[i], i == len(gaps) - 1))
    if widest == len(gaps) - 1:
        return ordered[0], ordered[-1]
    return ordered[widest + 1], ordered[widest] + 360.0


def _widen(low: float, high: float, margin: float, least: float) -> tuple[float, float]:
    pad = (high - low) * margin
    low, high = low - pad, high + pad
    if high - low < least:
        middle = (low + high) / 2
        low, high = middle - least / 2, middle + least / 2
    return low, high


def _wrap(lon: float) -> float:
    """A longitude within -180..180 (180 stays 180)."""
    return lon if -180.0 <= lon <= 180.0 else (lon + 180.0) % 360.0 - 180.0


def _clamp(value: float, bounds: tuple[float, float]) -> float:
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    return min(max(float(value), bounds[0]), bounds[1])


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
