"""Where city labels go on the map so that none overlaps another, nor the home city's label, at
a size readable on a projector (16 px and more): a greedy, collision-avoiding layout.

Input: each label's anchor (its city's point) in screen pixels (x to the right, y downward;
`natural_earth` and `to_pixels` give them from longitudes and latitudes, as the page's
natural-earth map draws them, or take the pixels plotly reports), each label's width and height
(`text_size` estimates them for a font size), a priority (the most recent agreement first),
the home city's label box and any other box to keep clear (the legend, a title).

Labels are placed one at a time, highest priority first (ties: the order given). Each tries
the eight places around its point (right, above right, above, …, at `gap` pixels from it),
then places further away, on rings around the point, joined to it by a leader line; the
first place that overlaps no label placed before it, no reserved box, no other city's point
and no leader line (and that lies in the frame) is taken. A label with no such place is
dropped: the layout says how many (the map says "and N more"). The result depends only on
the input (no randomness), and 60 labels take a few milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels (x0 < x1, y0 < y1)
Floats = NDArray[np.float64]

# The places next to the point, in the order they are tried: (dx, dy) of the box's side
# facing the point (-1: the box ends left of/above the point, 0: centred on it, 1: starts
# right of/below it), and plotly's `textposition` for a label so placed.
NEAR = (
    (1, 0, "middle right"),
    (1, -1, "top right"),
    (0, -1, "top center"),
    (1, 1, "bottom right"),
    (-1, 0, "middle left"),
    (-1, -1, "top left"),
    (0, 1, "bottom center"),
    (-1, 1, "bottom left"),
)
RINGS = (2.0, 3.5, 5.5)  # leader lines' lengths, in label heights
RING_DIRECTIONS = 16  # places tried on each ring
LEADER_SAMPLES = 8  # points of a leader line tested against the boxes
# A text's width in ems, by character: narrow, wide, and the rest (a sans-serif font such as
# the map's; an estimate that errs wide so that labels do not touch).
NARROW = set("iljtfrI.,;:'!|() ")
WIDE = set("mwMW@%")
EM_NARROW, EM_WIDE, EM_OTHER, EM_UPPER = 0.32, 0.9, 0.58, 0.7
LINE_HEIGHT = 1.25  # a line's height, in font sizes


@dataclass(frozen=True)
class LabelLayout:
    """Where each label goes (in the order given): its box (NaN when dropped), whether it is
    placed, whether it hangs away from its point on a leader line and where that line ends
    (the box's point nearest the anchor), plotly's textposition for a label next to its point
    (None: away, or dropped), and how many labels were dropped ("and N more")."""

    boxes: Floats  # (n, 4): x0, y0, x1, y1
    placed: NDArray[np.bool_]  # (n,)
    leaders: NDArray[np.bool_]  # (n,): drawn away from the point, with a leader line
    ends: Floats  # (n, 2): where the leader line ends (NaN for a dropped label)
    positions: tuple[str | None, ...]
    dropped: int


def text_size(texts: Sequence[str], font_px: float) -> tuple[Floats, Floats]:
    """Each text's width and height in pixels at a font size (an estimate: the page measures
    nothing on the server)."""
    widths = np.array([_ems(text) * font_px for text in texts], dtype=float)
    heights = np.full(len(texts), LINE_HEIGHT * font_px)
    return widths, heights


def _ems(text: str) -> float:
    total = 0.0
    for c in text:
        if c in NARROW:
            total += EM_NARROW
        elif c in WIDE:
            total += EM_WIDE
        else:
            total += EM_UPPER if c.isupper() else EM_OTHER
    return total


def natural_earth(lon: ArrayLike, lat: ArrayLike) -> tuple[Floats, Floats]:
    """The natural-earth projection (d3's geoNaturalEarth1, which plotly draws): x to the
    east and y to the north, in units of the earth's radius."""
    lam = np.radians(np.asarray(lon, dtype=float))
    phi = np.radians(np.asarray(lat, dtype=float))
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def to_pixels(
    lon: ArrayLike,
    lat: ArrayLike,
    width: float,
    height: float,
    lon_range: tuple[float, float] = (-180.0, 180.0),
    lat_range: tuple[float, float] = (-58.0, 84.0),
) -> tuple[Floats, Floats]:
    """Screen pixels (y downward) of points on a natural-earth map of width x height pixels
    showing these ranges, fitted and centred as plotly fits them (the page's world view
    shows latitudes -58 to 84: citylinks/model/zoom.py)."""
    # The range's outline, projected: its extent is the projected range's.
    lons, lats = np.linspace(*lon_range, 61), np.linspace(*lat_range, 61)
    ex, ey = natural_earth(
        np.concatenate([lons, lons, np.full(61, lon_range[0]), np.full(61, lon_range[1])]),
        np.concatenate([np.full(61, lat_range[0]), np.full(61, lat_range[1]), lats, lats]),
    )
    x0, x1, y0, y1 = ex.min(), ex.max(), ey.min(), ey.max()
    scale = min(width / (x1 - x0), height / (y1 - y0))
    px, py = natural_earth(lon, lat)
    sx = (px - (x0 + x1) / 2) * scale + width / 2
    sy = height / 2 - (py - (y0 + y1) / 2) * scale
    return sx, sy


NEAR_DX = np.array([dx for dx, _dy, _name in NEAR], dtype=float)
NEAR_DY = np.array([dy for _dx, dy, _name in NEAR], dtype=float)


def _near_boxes(x: float, y: float, w: float, h: float, gap: float) -> Floats:
    """(8, 4): the boxes of the places next to a point, in NEAR's order."""
    left = x - w / 2 + NEAR_DX * (w / 2 + gap)
    top = y - h / 2 + NEAR_DY * (h / 2 + gap)
    return np.column_stack([left, top, left + w, top + h])


def _ring_directions() -> tuple[Floats, Floats]:
    """The directions tried on each ring, right and up first (east, east-north-east,
    east-south-east, north-east…, west last), as unit vectors with y downward."""
    angles = np.arange(RING_DIRECTIONS) * (2 * math.pi / RING_DIRECTIONS)
    order = np.argsort(np.abs(((angles + math.pi) % (2 * math.pi)) - math.pi), kind="stable")
    angles = angles[order]
    cos, sin = np.cos(angles), -np.sin(angles)
    return np.where(np.abs(cos) < 1e-9, 0.0, cos), np.where(np.abs(sin) < 1e-9, 0.0, sin)


RING_COS, RING_SIN = _ring_directions()
with np.errstate(divide="ignore"):
    INVERSE_COS, INVERSE_SIN = 1 / np.abs(RING_COS), 1 / np.abs(RING_SIN)
RING_RADII = np.array(RINGS)[:, None]


def _ring_boxes(x: float, y: float, w: float, h: float) -> Floats:
    """Boxes away from the point, on rings RINGS label heights from it: along each direction
    the box's centre is pushed out by as much as the box reaches towards the point."""
    half = np.minimum(w / 2 * INVERSE_COS, h / 2 * INVERSE_SIN)
    reach = (RING_RADII * h + half).ravel()
    cx = x + np.tile(RING_COS, len(RINGS)) * reach
    cy = y + np.tile(RING_SIN, len(RINGS)) * reach
    return np.column_stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])


def _overlaps(candidates: Floats, taken: Floats, pad: float) -> NDArray[np.bool_]:
    """(m,): whether each candidate box overlaps (within `pad`) any taken box."""
    if len(taken) == 0:
        return np.zeros(len(candidates), dtype=bool)
    c, t = candidates[:, None, :], taken[None, :, :]
    hit = (
        (c[..., 0] < t[..., 2] + pad)
        & (t[..., 0] < c[..., 2] + pad)
        & (c[..., 1] < t[..., 3] + pad)
        & (t[..., 1] < c[..., 3] + pad)
    )
    return np.asarray(hit.any(axis=1), dtype=bool)


def nearest_point(box: Floats, x: float, y: float) -> tuple[float, float]:
    """The point of a box nearest (x, y): where a leader line from (x, y) ends."""
    return float(np.clip(x, box[0], box[2])), float(np.clip(y, box[1], box[3]))


def _leaders_cross(
    candidates: Floats, x: float, y: float, taken: Floats, pad: float
) -> NDArray[np.bool_]:
    """(m,): whether the leader line from (x, y) to each candidate crosses a taken box."""
    if len(taken) == 0:
        return np.zeros(len(candidates), dtype=bool)
    ex = np.clip(x, candidates[:, 0], candidates[:, 2])
    ey = np.clip(y, candidates[:, 1], candidates[:, 3])
    steps = np.linspace(0.15, 1.0, LEADER_SAMPLES)[None, :, None]
    sx = x + (ex - x)[:, None, None] * steps  # (m, samples, 1)
    sy = y + (ey - y)[:, None, None] * steps
    t = taken[None, None, :, :]
    inside = (
        (sx >= t[..., 0] - pad)
        & (sx <= t[..., 2] + pad)
        & (sy >= t[..., 1] - pad)
        & (sy <= t[..., 3] + pad)
    )
    return np.asarray(inside.any(axis=(1, 2)), dtype=bool)


def _leader_boxes(x: float, y: float, end: tuple[float, float]) -> Floats:
    """Thin boxes along a leader line, so that later labels keep off it."""
    points = np.linspace(0.0, 1.0, LEADER_SAMPLES + 1)
    px, py = x + (end[0] - x) * points, y + (end[1] - y) * points
    return np.column_stack(
        [
            np.minimum(px[:-1], px[1:]),
            np.minimum(py[:-1], py[1:]),
            np.maximum(px[:-1], px[1:]),
            np.maximum(py[:-1], py[1:]),
        ]
    )


def _in_frame(candidates: Floats, frame: Box | None) -> NDArray[np.bool_]:
    if frame is None:
        return np.ones(len(candidates), dtype=bool)
    return (
        (candidates[:, 0] >= frame[0])
        & (candidates[:, 1] >= frame[1])
        & (candidates[:, 2] <= frame[2])
        & (candidates[:, 3] <= frame[3])
    )


class _Board:
    """Everything a label must keep off, in one growing array of boxes: the cities' points
    (one row each, first), the reserved boxes, then each label and leader line placed. Boxes
    that need room around them (all but the points) are kept grown by the padding, so that
    one overlap test with no padding checks everything."""

    def __init__(self, points: Floats, reserved: list[Box], padding: float, capacity: int) -> None:
        self.padding = padding
        self.boxes = np.empty((len(points) + len(reserved) + capacity, 4))
        self.boxes[: len(points)] = points
        self.count = len(points)
        if reserved:
            self.take(np.asarray(reserved, dtype=float).reshape(-1, 4))

    def take(self, boxes: Floats) -> None:
        grown = boxes + np.array([-1.0, -1.0, 1.0, 1.0]) * self.padding
        if self.count + len(boxes) > len(self.boxes):
            larger = np.empty((2 * (self.count + len(boxes)), 4))
            larger[: self.count] = self.boxes[: self.count]
            self.boxes = larger
        self.boxes[self.count : self.count + len(boxes)] = grown
        self.count += len(boxes)

    def free(self, candidates: Floats, own: int, frame: Box | None) -> NDArray[np.intp]:
        """The candidates (their indexes, in order) in the frame that overlap nothing but
        their own city's point (row `own`)."""
        saved = self.boxes[own].copy()
        self.boxes[own] = np.nan  # never overlaps
        hit = _overlaps(candidates, self.boxes[: self.count], 0.0)
        self.boxes[own] = saved
        return np.flatnonzero(_in_frame(candidates, frame) & ~hit)

    def crossed(self, candidate: Floats, x: float, y: float, own: int) -> bool:
        """Whether the leader line from (x, y) to the candidate crosses something."""
        saved = self.boxes[own].copy()
        self.boxes[own] = np.nan
        crossed = bool(_leaders_cross(candidate[None, :], x, y, self.boxes[: self.count], 0.0)[0])
        self.boxes[own] = saved
        return crossed


def _place(
    x: float,
    y: float,
    size: tuple[float, float],
    board: _Board,
    own: int,
    options: tuple[Box | None, float, bool],
) -> tuple[Floats, int | None] | None:
    """A free place for one label: its box and its NEAR index (None: on a leader line), or
    None when there is none."""
    frame, gap, leaders = options
    w, h = size
    near = _near_boxes(x, y, w, h, gap)
    free = board.free(near, own, frame)
    if len(free):
        return near[free[0]], int(free[0])
    if not leaders:
        return None
    far = _ring_boxes(x, y, w, h)
    for index in board.free(far, own, frame).tolist():
        if not board.crossed(far[index], x, y, own):
            return far[index], None
    return None


def layout_labels(
    x: ArrayLike,
    y: ArrayLike,
    widths: ArrayLike,
    heights: ArrayLike,
    priority: ArrayLike | None = None,
    home: Box | None = None,
    reserved: Sequence[Box] = (),
    frame: Box | None = None,
    gap: float = 5.0,
    padding: float = 2.0,
    marker_radius: float = 4.0,
    leaders: bool = True,
) -> LabelLayout:
    """Place n labels (anchors x, y in pixels, boxes widths x heights) without overlaps.

    priority: higher first (e.g. the year signed: the most recent first); None: the order
    given. home: the home city's label box, kept clear; reserved: other boxes kept clear (the
    legend, a title); frame: the map's area (x0, y0, x1, y1) labels must stay in. padding:
    the least space between two boxes; marker_radius: the room each anchor's marker takes
    (no label covers another city's point). leaders=False: only places next to the points.
    """
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ws, hs = np.asarray(widths, dtype=float), np.asarray(heights, dtype=float)
    n = len(xs)
    ranks = np.zeros(n) if priority is None else np.asarray(priority, dtype=float)
    order = np.lexsort((np.arange(n), -ranks))  # highest priority first, ties in order
    r = marker_radius
    points = np.column_stack([xs - r, ys - r, xs + r, ys + r]).reshape(-1, 4)
    board = _Board(points, [*([home] if home else []), *reserved], padding, capacity=n * 10)
    boxes, ends = np.full((n, 4), np.nan), np.full((n, 2), np.nan)
    placed, hanging = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    positions: list[str | None] = [None] * n
    options = (frame, max(gap, marker_radius), leaders)
    for i in order.tolist():
        found = _place(xs[i], ys[i], (ws[i], hs[i]), board, i, options)
        if found is None:
            continue
        box, near = found
        boxes[i], placed[i] = box, True
        ends[i] = nearest_point(box, xs[i], ys[i])
        board.take(box[None, :])
        if near is None:
            hanging[i] = True
            board.take(_leader_boxes(xs[i], ys[i], (ends[i, 0], ends[i, 1])))
        else:
            positions[i] = NEAR[near][2]
    return LabelLayout(
        boxes=boxes,
        placed=placed,
        leaders=hanging,
        ends=ends,
        positions=tuple(positions),
        dropped=int(n - placed.sum()),
    )
