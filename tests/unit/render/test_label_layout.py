"""City labels for a projector (citylinks/render/label_layout.py): no two labels overlap, none
covers the home city's label or another city's point, the most recent are kept when all cannot
fit and the others are counted, leader lines cross nothing; deterministic and fast."""

from __future__ import annotations

import math
import time

import numpy as np

from citylinks.render.label_layout import (
    LabelLayout,
    layout_labels,
    natural_earth,
    text_size,
    to_pixels,
)

FONT = 16  # px: the least size in presentation mode
PARIS = (2.35, 48.86)
# Partners of the overlaps (Berlin 1987, Prague 1997, London 2001) and others.
CITIES = [
    ("Rome", 12.5, 41.9, 1956),
    ("Berlin", 13.4, 52.5, 1987),
    ("Prague", 14.4, 50.1, 1997),
    ("London", -0.1, 51.5, 2001),
    ("Brussels", 4.35, 50.85, 1996),
    ("Amsterdam", 4.9, 52.37, 2001),
    ("Madrid", -3.7, 40.4, 1998),
    ("Lisbon", -9.1, 38.7, 1998),
    ("Warsaw", 21.0, 52.2, 1999),
    ("Geneva", 6.14, 46.2, 2002),
    ("Luxembourg", 6.13, 49.6, 2003),
    ("Milan", 9.19, 45.46, 2002),
    ("Barcelona", 2.17, 41.39, 2016),
    ("Copenhagen", 12.57, 55.68, 2005),
    ("Vienna", 16.37, 48.2, 2004),
    ("Budapest", 19.04, 47.5, 2007),
    ("Tokyo", 139.7, 35.7, 1982),
    ("Kyoto", 135.8, 35.0, 1958),
    ("Cairo", 31.2, 30.0, 1985),
    ("Rabat", -6.8, 34.0, 2004),
    ("Casablanca", -7.6, 33.6, 2004),
    ("Mexico City", -99.1, 19.4, 1999),
    ("São Paulo", -46.6, -23.5, 2004),
    ("Montreal", -73.6, 45.5, 2006),
]


def _overlap(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def _home_box(x: float, y: float, name: str = "Paris") -> tuple[float, float, float, float]:
    w, h = text_size([name], FONT)
    return (x + 6, y - h[0] / 2, x + 6 + w[0], y + h[0] / 2)


def _check(layout: LabelLayout, xs, ys, home, frame, radius: float = 4.0) -> None:
    boxes = layout.boxes[layout.placed]
    for i, a in enumerate(boxes):
        assert not _overlap(a, np.asarray(home)), "over the home city's label"
        assert frame[0] <= a[0] and a[2] <= frame[2] and frame[1] <= a[1] and a[3] <= frame[3]
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), "two labels overlap"
    # No label covers another city's point.
    for i in np.flatnonzero(layout.placed):
        for j in range(len(xs)):
            point = np.array([xs[j] - radius, ys[j] - radius, xs[j] + radius, ys[j] + radius])
            if i != j:
                assert not _overlap(layout.boxes[i], point)
    assert layout.dropped == int((~layout.placed).sum())
    assert np.isnan(layout.boxes[~layout.placed]).all()


def _cities(width: int, height: int):
    names = [c[0] for c in CITIES]
    xs, ys = to_pixels([c[1] for c in CITIES], [c[2] for c in CITIES], width, height)
    widths, heights = text_size([f"{n} ({c[3]})" for n, c in zip(names, CITIES, strict=True)], FONT)
    return xs, ys, widths, heights, np.array([c[3] for c in CITIES])


def test_lab001_no_overlaps_at_projector_sizes():
    for width, height in ((1024, 768), (1366, 768), (1920, 1080)):
        xs, ys, widths, heights, years = _cities(width, height)
        hx, hy = to_pixels([PARIS[0]], [PARIS[1]], width, height)
        home = _home_box(hx[0], hy[0])
        frame = (0.0, 0.0, float(width), float(height))
        layout = layout_labels(xs, ys, widths, heights, years, home=home, frame=frame)
        _check(layout, [*xs, hx[0]], [*ys, hy[0]], home, frame)
        assert layout.placed.sum() >= 12, (width, layout.dropped)
    # The overlaps: Paris with Berlin (1987), Prague (1997) and London (2001).
    for width, height in ((1024, 768), (1366, 768)):
        xs, ys = to_pixels([13.4, 14.4, -0.1], [52.5, 50.1, 51.5], width, height)
        widths, heights = text_size(["Berlin (1987)", "Prague (1997)", "London (2001)"], FONT)
        hx, hy = to_pixels([PARIS[0]], [PARIS[1]], width, height)
        home = _home_box(hx[0], hy[0])
        frame = (0.0, 0.0, float(width), float(height))
        layout = layout_labels(xs, ys, widths, heights, [1987, 1997, 2001], home=home, frame=frame)
        assert layout.dropped == 0
        _check(layout, [*xs, hx[0]], [*ys, hy[0]], home, frame)


def test_lab002_the_most_recent_are_kept_and_the_others_counted():
    # Thirty labels on one point: only eight places next to it, no leader lines.
    n = 30
    years = np.arange(1990, 1990 + n)
    xs, ys = np.full(n, 500.0), np.full(n, 400.0)
    widths, heights = np.full(n, 80.0), np.full(n, 20.0)
    near = layout_labels(xs, ys, widths, heights, years, leaders=False)
    k = int(near.placed.sum())
    assert 2 <= k <= 8 and near.dropped == n - k
    assert set(np.flatnonzero(near.placed)) == set(range(n - k, n))  # the k most recent
    assert not near.leaders.any()
    # The most recent gets the first place: to the right of its point.
    assert near.positions[n - 1] == "middle right"
    assert near.boxes[n - 1][0] > 500
    # Small labels: all eight places next to the point.
    small = layout_labels(xs, ys, np.full(n, 2.0), np.full(n, 2.0), years, leaders=False)
    assert small.placed.sum() == 8 and set(small.positions) - {None} == {
        "middle right",
        "top right",
        "top center",
        "bottom right",
        "middle left",
        "top left",
        "bottom center",
        "bottom left",
    }
    # With leader lines, more fit, every one of them after the eight next to the point.
    hanging = layout_labels(xs, ys, widths, heights, years)
    assert hanging.placed.sum() > k and hanging.leaders.sum() == hanging.placed.sum() - k
    assert set(np.flatnonzero(hanging.placed & ~hanging.leaders)) == set(range(n - k, n))
    kept = np.flatnonzero(hanging.placed)
    assert (years[kept].min() > years[~hanging.placed]).all()  # never an older one kept
    _check(hanging, xs[:1], ys[:1], (0, 0, 1, 1), (-1e9, -1e9, 1e9, 1e9))


def test_lab003_leader_lines_cross_no_label():
    n = 20
    xs, ys = np.full(n, 300.0), np.full(n, 300.0)
    layout = layout_labels(xs, ys, np.full(n, 60.0), np.full(n, 18.0), np.arange(n))
    assert layout.leaders.any()
    boxes = layout.boxes[layout.placed]
    for i in np.flatnonzero(layout.leaders):
        end = layout.ends[i]
        box = layout.boxes[i]
        # The line ends on its label's edge...
        assert box[0] <= end[0] <= box[2] and box[1] <= end[1] <= box[3]
        assert math.dist(end, (300, 300)) >= 18
        # ... and passes through no other label.
        for t in np.linspace(0.05, 0.99, 60):
            px, py = 300 + (end[0] - 300) * t, 300 + (end[1] - 300) * t
            for other in boxes:
                if not np.array_equal(other, box):
                    assert not (other[0] < px < other[2] and other[1] < py < other[3])


def test_lab004_ties_keep_the_order_given_and_a_tiny_frame_drops_all():
    xs, ys = np.full(12, 50.0), np.full(12, 50.0)
    widths, heights = np.full(12, 30.0), np.full(12, 16.0)
    first = layout_labels(xs, ys, widths, heights, leaders=False)
    k = int(first.placed.sum())
    assert k >= 2 and set(np.flatnonzero(first.placed)) == set(range(k))
    tiny = layout_labels(xs, ys, widths, heights, frame=(40, 40, 60, 60))
    assert tiny.dropped == 12 and tiny.positions == (None,) * 12
    empty = layout_labels([], [], [], [])
    assert empty.dropped == 0 and empty.boxes.shape == (0, 4)


def test_lab005_deterministic_and_fast():
    rng = np.random.default_rng(7)
    n = 60
    lon = np.concatenate([rng.uniform(-10, 30, 40), rng.uniform(-170, 170, 20)])
    lat = np.concatenate([rng.uniform(36, 60, 40), rng.uniform(-50, 70, 20)])
    xs, ys = to_pixels(lon, lat, 1024, 768)
    widths, heights = text_size([f"Partner city {i}" for i in range(n)], FONT)
    args = (xs, ys, widths, heights, rng.integers(1956, 2026, n))
    home = (480.0, 200.0, 540.0, 220.0)
    frame = (0.0, 0.0, 1024.0, 768.0)
    one = layout_labels(*args, home=home, frame=frame)
    two = layout_labels(*args, home=home, frame=frame)
    assert np.array_equal(one.boxes, two.boxes, equal_nan=True) and one.positions == two.positions
    _check(one, xs, ys, home, frame)
    best = math.inf
    for _ in range(5):
        start = time.perf_counter()
        layout_labels(*args, home=home, frame=frame)
        best = min(best, time.perf_counter() - start)
    # A few milliseconds on an idle machine; the bound leaves room for a loaded test runner.
    assert best < 0.25, best


def test_lab006_the_natural_earth_projection_and_pixels():
    x, y = natural_earth([0, 180, -180, 0], [0, 0, 0, 90])
    assert np.allclose(x[:3], [0, math.pi * 0.8707, -math.pi * 0.8707])
    assert y[0] == 0 and math.isclose(y[3], 1.4224, abs_tol=1e-3)  # d3's geoNaturalEarth1
    px, py = to_pixels([-180, 180, 0, 0], [0, 0, 84, -58], 1920, 1080)
    assert np.allclose(px[:2], [0, 1920], atol=1)  # the world fits the width...
    assert py[2] < py[3] and py[2] >= 0 and py[3] <= 1080  # ... north up, within the height
    assert math.isclose((py[2] + py[3]) / 2, 540, abs_tol=1)
    paris, berlin = to_pixels([2.35, 13.4], [48.86, 52.5], 1366, 768)
    assert paris[0] < paris[1] and berlin[0] > berlin[1]  # Berlin east and north of Paris


def test_lab007_text_sizes():
    widths, heights = text_size(["Rome", "Mexico City (1999)", ""], 16)
    assert widths[2] == 0 and widths[0] < widths[1]
    assert (heights == 20).all()
    assert text_size(["Rome"], 32)[0][0] == 2 * widths[0]
