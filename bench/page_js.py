"""The JavaScript the benchmarks run in the page (bench/run.py, bench/profile.py): timing
hooks on the map, the renderer's own cost, animation frames."""

INSTRUMENT = """
() => {
  const gd = document.querySelector('#map .js-plotly-plot');
  window.__plots = 0;
  gd.on('plotly_afterplot', () => {
    window.__plots += 1;
    window.__plotAt = performance.now();
    // The frame that shows it: after the next animation frame (any work still queued on the
    // page, Dash's included, delays it).
    const input = window.__inputAt;
    if (window.__frameInput !== input) {
      window.__frameInput = input;
      requestAnimationFrame(() => setTimeout(() => { window.__frameAt = performance.now(); }));
    }
  });
  // The person's input only (a page may pass a key on as an event of its own).
  const stamp = (e) => { if (e.isTrusted) window.__inputAt = performance.now(); };
  // On the window, in the capture phase: before any listener of the page.
  window.addEventListener('keydown', stamp, true);
  window.addEventListener('pointerdown', stamp, true);
}
"""


CLICKABLE_PARTNER = """
() => {
  for (const g of document.querySelectorAll('#map .geo .scatterlayer .trace')) {
    const trace = g.__data__ && g.__data__[0] && g.__data__[0].trace;
    if (!trace || !trace.meta || trace.meta.role !== 'partners' || !trace.customdata) continue;
    const point = g.querySelector('path.point');
    if (!point) continue;
    const box = point.getBoundingClientRect();
    return {x: box.x + box.width / 2, y: box.y + box.height / 2};
  }
  return null;
}
"""


# The renderer's own cost, in the same page and run: the figures the slider drew, kept after
# each step, drawn again in the same order by a bare Plotly.react, (a) with the layout changed
# on every step (plotly redraws the base map: a full redraw) and (b) with only the traces'
# data changed (the same layout object). Each time is from the call to the end of its draw.
# The page's plotly keeps its base map when the geo layout has not changed
# (assets/scripts/base_map.js), so (b) is plotly drawing the traces only, as a slider step
# does, and (a), whose geo layout changes each time, is plotly's whole redraw, land included.
RENDERER_FLOOR = """
async () => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const copy = (x) => JSON.parse(JSON.stringify(x));
  const figures = window.__figures;
  const timeOne = async (data, layout) => {
    const t0 = performance.now();
    await window.Plotly.react(gd, data, layout);
    return performance.now() - t0;
  };
  const full = [], dataOnly = [];
  await window.Plotly.react(gd, copy(figures[0].data), copy(figures[0].layout));
  for (let i = 1; i < figures.length; i++) {
    const layout = copy(figures[i].layout);
    layout.geo.bgcolor = i % 2 ? layout.geo.bgcolor : '#dcebf6';  // a layout change
    full.push(await timeOne(copy(figures[i].data), layout));
  }
  await window.Plotly.react(gd, copy(figures[0].data), copy(figures[0].layout));
  const layout = gd.layout;
  for (let i = 1; i < figures.length; i++) {
    dataOnly.push(await timeOne(copy(figures[i].data), layout));
  }
  return {full, dataOnly};
}
"""
# Frames while the map moves to another year (the new lines growing, the new markers
# pulsing): the times between animation frames for the 450 ms after the new year is drawn.
FRAMES_START = """
() => {
  window.__frameTimes = [];
  window.__recording = true;
  const tick = (t) => {
    window.__frameTimes.push(t);
    if (window.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
"""
FRAMES_STOP = """
() => {
  window.__recording = false;
  const t = window.__frameTimes;
  return t.slice(1).map((v, i) => v - t[i]);
}
"""
KEEP_FIGURE = """
() => {
  const gd = document.querySelector('#map .js-plotly-plot');
  window.__figures = (window.__figures || []).concat([
    JSON.parse(JSON.stringify({data: gd.data, layout: gd.layout}))
  ]);
}
"""
