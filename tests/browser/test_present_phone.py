"""Presentation mode on a phone (assets/style.css, assets/scripts/layout.js), in English and
French. Upright: the title with its year, the map as wide as the screen with its legend under
it in the middle of the room left, the year's buttons and Play in a bar at the bottom. Held
sideways: the title and the buttons in a column on the left, the map and its legend as tall
as the screen beside it. Either way nothing is wider than the screen, the legend is inside it
(its text shrunk to fit, 14 px at least), every text is 14 px and up, the year's buttons and
Play are 44 px and up, axe-core finds nothing, the console no error. On a laptop and a
projector the presentation is as it was (its legend over the map's corner at 18 px). Each
state is photographed (tests/artifacts/present_phone_*.png)."""

from __future__ import annotations

import pytest
from axe import axe_violations, describe
from harness import open_page
from mapdom import presented_reading, wait_for_map
from screens import assert_fits

pytestmark = pytest.mark.browser

UPRIGHT = [(360, 740), (390, 844)]
SIDEWAYS = [(740, 360), (844, 390)]
LANGS = ["en", "fr"]

# What a person sees of the page: the boxes of the status line, the map's graph, its plot
# area (the map's frame), its legend and the bar's buttons; the legend's text size; the page's
# size; the texts under 14 px and the buttons under 44 px.
_MEASURE_JS = """
() => {
  const box = (e) => { if (!e) return null; const r = e.getBoundingClientRect();
    return {l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height}; };
  const gd = document.querySelector('#map .js-plotly-plot');
  const full = gd._fullLayout;
  const subplot = full.geo._subplot;
  const own = gd.getBoundingClientRect();
  const plot = {l: own.left + subplot.xaxis._offset, t: own.top + subplot.yaxis._offset,
                w: subplot.xaxis._length, h: subplot.yaxis._length};
  plot.r = plot.l + plot.w; plot.b = plot.t + plot.h;
  const shown = (e) => {
    const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  // every text a person reads: the page's around the map, the legend's and the map's labels
  const small = [];
  for (const e of document.querySelectorAll('#header *, #present-bar *, #map-status')) {
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if ((own || e.matches('input')) && shown(e) && parseFloat(getComputedStyle(e).fontSize) < 14) {
      small.push(`${e.tagName}.${e.className}: ${getComputedStyle(e).fontSize}`);
    }
  }
  for (const e of gd.querySelectorAll('.legendtext, .geo .scatterlayer text, .annotation-text')) {
    if (e.textContent.trim() && shown(e) && parseFloat(getComputedStyle(e).fontSize) < 14) {
      small.push(`${e.textContent}: ${getComputedStyle(e).fontSize}`);
    }
  }
  const targets = {};
  for (const id of ['prev-year', 'next-year', 'present-play', 'menu-button']) {
    const e = document.getElementById(id);
    targets[id] = e && shown(e) ? box(e) : null;
  }
  return {
    vw: innerWidth, vh: innerHeight,
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    status: box(document.getElementById('map-status')),
    title: box(document.getElementById('present-title')),
    graph: box(document.getElementById('map')),
    plot: plot,
    legend: box(gd.querySelector('.legend')),
    legendSize: full.legend.font.size,
    legendAcross: full.legend.orientation === 'h',
    margin: gd.layout.margin.b,
    height: document.documentElement.style.getPropertyValue('--present-map-height'),
    targets: targets,
    small: small,
    year: document.getElementById('present-year').textContent,
  };
}
"""


def _open(browser, live_server, size, lang, year=2001):
    width, height = size
    page, log = open_page(
        browser, width, height, locale="fr-FR" if lang == "fr" else "en-GB", mobile=True
    )
    query = f"?present=1&year={year}" + ("&lang=fr" if lang == "fr" else "")
    page.goto(live_server.url + query)
    wait_for_map(page)
    page.wait_for_selector("#page.presenting")
    return page, log


def _settled(page, year: int) -> dict:
    """The page once the year is drawn, its labels placed and the map and legend sized: the
    same on two readings in a row."""
    return presented_reading(page, year, _MEASURE_JS) or page.evaluate(_MEASURE_JS)


def _inside(inner: dict, width: float, height: float) -> bool:
    """A box inside the screen (half a pixel given for plotly's drawing on half pixels)."""
    return min(inner["l"], inner["t"]) >= -0.5 and (
        inner["r"] <= width + 0.5 and inner["b"] <= height + 0.5
    )


def _check_common(page, state: dict) -> None:
    """What every phone's presentation keeps: nothing wider (or taller) than the screen, the
    legend inside it at 14 to 18 px, every text 14 px and up, the buttons 44 px and up."""
    width, height = state["vw"], state["vh"]
    assert state["scrollWidth"] <= width, "the page scrolls sideways"
    assert state["scrollHeight"] <= height, "the page scrolls down"
    assert_fits(page)
    assert state["legendAcross"]
    assert _inside(state["legend"], width, height), state["legend"]
    assert 14 <= state["legendSize"] <= 18
    assert state["small"] == []
    for name, target in state["targets"].items():
        assert target is not None, f"{name} not shown"
        assert target["w"] >= 44 and target["h"] >= 44, (name, target)
        assert _inside(target, width, height), (name, target)
    # the legend under the map, just under it
    assert 0 <= state["legend"]["t"] - state["plot"]["b"] < 30


def _axe_clean(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", UPRIGHT, ids=["360x740", "390x844"])
def test_php101_upright_the_map_is_as_wide_as_the_screen_and_everything_fits(
    browser, live_server, artifacts, size, lang
):
    width, height = size
    page, log = _open(browser, live_server, size, lang)
    state = _settled(page, 2001)
    _check_common(page, state)
    plot, graph, status = state["plot"], state["graph"], state["status"]
    # the map as wide as the screen, all of it on the screen under the status line
    assert plot["w"] >= 0.97 * width
    assert plot["t"] >= status["b"] - 0.5 and plot["b"] <= height
    # the map and its legend one block, sized to them (layout.js), under the status line: the
    # three in the middle of the room between the title and the bar of buttons at the bottom
    bar_top = min(state["targets"][name]["t"] for name in ("prev-year", "present-play")) - 8
    assert state["legend"]["b"] <= bar_top
    assert graph["h"] <= plot["h"] + state["legend"]["h"] + 60
    assert graph["t"] - status["b"] < 2
    above, below = status["t"] - state["title"]["b"], bar_top - graph["b"]
    assert abs(above - below) < 30, (above, below)
    # the map's share of the screen: the slice of the world around home as tall as the room
    # (assets/scripts/frame.js), not the whole world as wide as the screen (a fifth)
    assert plot["h"] / height >= 0.4
    # Play and the year's buttons at the bottom, under the thumb
    assert state["targets"]["present-play"]["b"] >= height - 80
    assert state["targets"]["prev-year"]["t"] == pytest.approx(
        state["targets"]["present-play"]["t"], abs=1
    )
    page.screenshot(path=artifacts / f"present_phone_{lang}_{width}x{height}.png")
    _axe_clean(page)
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIDEWAYS, ids=["740x360", "844x390"])
def test_php102_sideways_the_map_fills_the_height_and_the_menu_leaves(
    browser, live_server, artifacts, size, lang
):
    width, height = size
    page, log = _open(browser, live_server, size, lang)
    state = _settled(page, 2001)
    _check_common(page, state)
    plot, graph = state["plot"], state["graph"]
    # the title and buttons in a column on the left, the map beside it from top to bottom
    column = max(state["targets"][name]["r"] for name in ("prev-year", "present-play"))
    assert graph["l"] >= column and graph["r"] <= width + 0.5
    assert graph["t"] - state["status"]["b"] < 2 and graph["b"] >= height - 40
    # the map as tall as the room under the status line leaves beside its legend (the room
    # kept for the legend's longest list of a presentation: 5 entries)
    assert plot["h"] / height >= 0.55, plot
    assert plot["h"] + state["legend"]["h"] >= 0.85 * (height - state["status"]["b"])
    assert _inside(plot, width, height)
    # the legend gives way to the map: the least size, under it
    assert state["legendSize"] == 14
    page.screenshot(path=artifacts / f"present_phone_{lang}_{width}x{height}.png")
    _axe_clean(page)
    # the header's views in its menu, as on a phone; leaving the presentation from it
    page.locator("#menu-button").tap()
    page.locator("#header-menu").wait_for(state="visible")
    leave = page.locator("#present-button")
    assert leave.is_visible()
    box = leave.bounding_box()
    assert box is not None and box["height"] >= 44
    assert _inside(
        {"l": box["x"], "t": box["y"], "r": box["x"] + box["width"], "b": box["y"] + box["height"]},
        width,
        height,
    )
    page.screenshot(path=artifacts / f"present_phone_menu_{lang}_{width}x{height}.png")
    _axe_clean(page)
    leave.tap()
    page.wait_for_selector("#page:not(.presenting)")
    # what layout.js changed in the figure is given back: the map's own margin, no block size
    page.wait_for_function(
        "() => document.querySelector('#map .js-plotly-plot').layout.margin.b === 0"
        " && !document.documentElement.style.getPropertyValue('--present-map-height')"
    )
    page.wait_for_function(
        "() => document.querySelector('#map .js-plotly-plot')._fullLayout.legend.font.size === 12"
    )
    log.assert_clean()
    page.context.close()


def test_php103_upright_the_map_stays_put_while_the_years_go_by(browser, live_server, artifacts):
    """Year after year (the bar's ▶ tapped), the legend has one entry more or less and says
    how many labels are left out: it stays inside the screen and the map where it was."""
    page, log = _open(browser, live_server, (360, 740), "en", year=1995)
    first = _settled(page, 1995)
    tops = []
    for year in range(1996, 2006):
        page.locator("#next-year").tap()
        state = _settled(page, year)
        assert _inside(state["legend"], state["vw"], state["vh"]), (year, state["legend"])
        assert state["scrollWidth"] <= state["vw"]
        assert state["small"] == [], year
        tops.append(round(state["plot"]["t"]))
    # at most one move (the legend's room grows once to its largest), then none
    moves = sum(1 for a, b in zip([round(first["plot"]["t"]), *tops], tops, strict=False) if a != b)
    assert moves <= 1, tops
    page.screenshot(path=artifacts / "present_phone_en_360x740_2005.png")
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "size", [(1024, 768), (1366, 768), (1920, 1080)], ids=["1024x768", "1366x768", "1920x1080"]
)
def test_php104_a_projector_keeps_its_presentation(browser, live_server, artifacts, size, lang):
    """On a laptop or a projector nothing of the phone's: the title between the year's
    buttons on one bar, the map as wide as the screen, its legend over its corner at 18 px."""
    width, height = size
    page, log = open_page(browser, width, height, locale="fr-FR" if lang == "fr" else "en-GB")
    page.goto(live_server.url + "?present=1&year=2001" + ("&lang=fr" if lang == "fr" else ""))
    wait_for_map(page)
    page.wait_for_selector("#page.presenting")
    state = _settled(page, 2001)
    assert not state["legendAcross"]
    assert state["legendSize"] == 18
    assert state["margin"] == 0 and state["height"] == ""
    assert state["scrollWidth"] <= width and state["scrollHeight"] <= height
    assert state["graph"]["w"] >= width - 40
    prev, play = state["targets"]["prev-year"], state["targets"]["present-play"]
    title = page.locator("#present-title").bounding_box()
    assert title is not None
    assert prev["r"] < title["x"] and title["x"] + title["width"] < play["l"]
    assert prev["b"] < state["status"]["b"]  # the bar over the map, not under it
    assert state["targets"]["menu-button"] is None
    page.screenshot(path=artifacts / f"present_phone_desktop_{lang}_{width}x{height}.png")
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_php105_the_dark_room_keeps_one_count_of_labels_left_out(browser, live_server, lang):
    """The room's theme changed while presenting draws the map again from a copy of it: its
    legend still says once how many labels are left out ("(+2 not labelled)"), not once per
    drawing ("(+1 not labelled) (+2 not labelled)", a bug), and stays inside the screen."""
    page, log = _open(browser, live_server, (360, 740), lang, year=2004)
    _settled(page, 2004)
    more = "not labelled" if lang == "en" else "sans étiquette"
    for _ in range(3):  # dark, light, dark
        label = page.evaluate("() => document.getElementById('theme-button').textContent")
        page.evaluate("() => document.getElementById('theme-button').click()")
        page.wait_for_function(  # the button names the other theme once this one is applied
            "(label) => document.getElementById('theme-button').textContent !== label",
            arg=label,
        )
        state = _settled(page, 2004)
        names = page.evaluate(
            "() => document.querySelector('#map .js-plotly-plot').data.map((t) => t.name || '')"
        )
        assert all(name.count(more) <= 1 for name in names), names
        assert _inside(state["legend"], state["vw"], state["vh"]), state["legend"]
        assert state["scrollWidth"] <= state["vw"]
    log.assert_clean()
    page.context.close()
