"""Reading the map as a person sees it: markers drawn in the SVG, labels, the chosen year."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Each plotly trace group in the SVG carries its trace (with our `meta`) as bound data.
_POINTS_JS = """
([role, group]) => {
  const gd = document.querySelector('#map .js-plotly-plot');
  let count = 0;
  for (const g of gd.querySelectorAll('.geo .scatterlayer .trace')) {
    const meta = (g.__data__ && g.__data__[0] && g.__data__[0].trace.meta) || {};
    if (meta.role !== role || (group !== null && meta.group !== group && meta.network !== group)) {
      continue;
    }
    for (const p of g.querySelectorAll('path.point')) {
      const box = p.getBoundingClientRect();
      if (p.getAttribute('d') && box.width > 0 && getComputedStyle(p).display !== 'none') count++;
    }
  }
  return count;
}
"""

_POINT_POSITION_JS = """
([role, city]) => {
  const gd = document.querySelector('#map .js-plotly-plot');
  for (const g of gd.querySelectorAll('.geo .scatterlayer .trace')) {
    const trace = g.__data__[0].trace;
    if (!trace.meta || trace.meta.role !== role) continue;
    const points = [...g.querySelectorAll('path.point')];
    for (let i = 0; i < points.length; i++) {
      const key = trace.customdata && trace.customdata[i];
      if (key && key[0] === city) {
        const r = points[i].getBoundingClientRect();
        return {x: r.x + r.width / 2, y: r.y + r.height / 2};
      }
    }
  }
  return null;
}
"""


# The labels of a plotly div (the map, or the off-screen div of an export): each label's
# text, font size and box (relative to the div); each leader line's points and own label.
LABELS_OF = """
(gd) => {
  const own = gd.getBoundingClientRect();
  const box = (node, text) => {
    const r = node.getBoundingClientRect();
    return {text: text, size: parseFloat(getComputedStyle(node).fontSize),
            l: r.left - own.left, t: r.top - own.top, r: r.right - own.left, b: r.bottom - own.top};
  };
  const labels = [...gd.querySelectorAll('.geo .scatterlayer text')]
    .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map((t) => box(t, t.textContent));
  const annotations = (gd.layout && gd.layout.annotations) || [];
  const leaders = [];
  gd.querySelectorAll('.annotation[data-index]').forEach((node) => {
    const item = annotations[Number(node.getAttribute('data-index'))];
    const text = node.querySelector('.annotation-text');
    if (!item || item.name !== 'citylinks-label' || !text) return;
    const index = labels.length;
    labels.push(box(text, text.textContent));
    const path = node.querySelector('.annotation-arrow-g path');
    if (!path) return;
    const matrix = path.getScreenCTM();
    const length = path.getTotalLength();
    const points = [];
    for (let d = 0; d <= length - (item.standoff || 0); d += 2) {
      const p = path.getPointAtLength(d).matrixTransform(matrix);
      points.push([p.x - own.left, p.y - own.top]);
    }
    leaders.push({own: index, text: text.textContent, points: points});
  });
  const legend = [...gd.querySelectorAll('.legendtext')].map((t) => t.textContent);
  return {labels: labels, leaders: leaders, legend: legend};
}
"""


def visible_points(
    page: Page, role: str, group: str | None = None, *, expect: int | None = None
) -> int:
    """Markers drawn for a role (and group). With `expect`, first wait (up to 10 s) for plotly
    to finish redrawing to that count; the count returned is then checked by the caller."""
    if expect is not None:
        # A timeout is not an error here: the caller's assertion reports the real count.
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                f"(args) => ({_POINTS_JS})(args) === {int(expect)}",
                arg=[role, group],
                timeout=10_000,
            )
    return page.evaluate(_POINTS_JS, [role, group])


def partner_points(page: Page, expect: int | None = None) -> int:
    return visible_points(page, "partners", expect=expect)


def point_position(page: Page, role: str, city: str) -> dict[str, float] | None:
    return page.evaluate(_POINT_POSITION_JS, [role, city])


def status(page: Page) -> str:
    return page.inner_text("#map-status")


def year_label(page: Page) -> int:
    return int(page.inner_text("#year-label"))


def wait_for_status(page: Page, text: str, timeout: float = 10_000) -> None:
    page.wait_for_function(
        "(text) => document.querySelector('#map-status').innerText.includes(text)",
        arg=text,
        timeout=timeout,
    )


def wait_for_map(page: Page) -> None:
    """Land drawn from the local topojson and the markers placed."""
    page.wait_for_selector("#map .geo .layer.land path", state="attached", timeout=30_000)
    page.wait_for_selector("#map .geo path.point", state="attached", timeout=30_000)


def slider_thumb(page: Page):
    """The year slider, found the way a screen reader finds it: by role and name."""
    return page.get_by_role("slider", name="Year")


def presented_reading(
    page: Page, year: int, script: str, ready: Callable[[dict], bool] | None = None
) -> dict | None:
    """What `script` reads of a presented page once the presentation's title shows `year` and
    two readings in a row are the same (and `ready` says so of it): up to 8 s on a busy
    machine, then the last reading (None if none)."""
    page.wait_for_function(
        "(year) => document.querySelector('#present-year').textContent === year", arg=str(year)
    )
    before = None
    for _ in range(40):
        page.wait_for_timeout(200)
        now = page.evaluate(script)
        if now == before and (ready is None or ready(now)):
            return now
        before = now
    return before
