"""City labels in presentation mode, for a projector (assets/scripts/labels.js): at 1024x768
and 1366x768, for every year from the first agreement to this one, every label on the map is
at least 16 px and no two labels overlap (the home city's included); a label that does not
fit is left out and the legend says how many."""

from __future__ import annotations

import pytest
from harness import open_page
from mapdom import LABELS_OF, presented_reading, wait_for_map

pytestmark = pytest.mark.browser

# Every visible label of the map and every leader line (mapdom.LABELS_OF), how many labels the
# server asked for and how many the legend says are left out.
_LABELS_JS = (
    """
() => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const state = ("""
    + LABELS_OF
    + """)(gd);
  const source = window.dash_clientside.citylinks.labelSource(gd).data;
  const asked = source.filter((t) => t.meta && t.meta.role === 'partners')
    .reduce((n, t) => n + (t.text || []).filter(Boolean).length, 0);
  const shownPartners = gd.data.filter((t) => t.meta && t.meta.role === 'partners')
    .reduce((n, t) => n + (t.text || []).filter(Boolean).length, 0)
    + state.leaders.length;  // only a new partner's label hangs on a leader line
  const more = gd.data.map((t) => /\\(\\+(\\d+) /.exec(t.name || '')).filter(Boolean)
    .reduce((n, m) => n + Number(m[1]), 0);
  return {labels: state.labels, leaders: state.leaders, asked: asked, shown: shownPartners,
          more: more};
}
"""
)


def _overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            width = min(a["r"], b["r"]) - max(a["l"], b["l"])
            height = min(a["b"], b["b"]) - max(a["t"], b["t"])
            if width > 1 and height > 1:
                pairs.append((a["text"], b["text"]))
    return pairs


def _crossing(state: dict) -> list[tuple[str, str]]:
    """Leader lines that pass through a label other than their own (1 px inside its box)."""
    crossings = []
    for leader in state["leaders"]:
        for j, label in enumerate(state["labels"]):
            if j == leader["own"]:
                continue
            if any(
                label["l"] + 1 < x < label["r"] - 1 and label["t"] + 1 < y < label["b"] - 1
                for x, y in leader["points"]
            ):
                crossings.append((leader["text"], label["text"]))
    return crossings


def _settled(page, year: int) -> dict:
    """The labels once the year is drawn and its labels placed: every label at its projector
    size and the same on two readings in a row (what is read then is what the test judges)."""
    placed = presented_reading(
        page, year, _LABELS_JS, lambda state: all(label["size"] >= 16 for label in state["labels"])
    )
    return placed or {"labels": [], "leaders": [], "asked": 0, "shown": 0, "more": 0}


def _problems(year: int, state: dict) -> list[tuple]:
    labels = state["labels"]
    problems: list[tuple] = []
    small = [label["text"] for label in labels if label["size"] < 16]
    if small:
        problems.append((year, "under 16 px", small))
    overlapping = _overlapping(labels)
    if overlapping:
        problems.append((year, "overlap", overlapping))
    crossing = _crossing(state)
    if crossing:
        problems.append((year, "leader line over a label", crossing))
    # every label the server asked for is shown or counted in the legend ("+N not labelled")
    if state["shown"] + state["more"] != state["asked"]:
        problems.append((year, "labels lost", state["shown"], state["more"], state["asked"]))
    return problems


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=["1024x768", "1366x768"])
def test_lab101_no_label_overlaps_and_none_is_small_in_any_year(
    browser, live_server, dataset, artifacts, size
):
    width, height = size
    page, log = open_page(browser)
    page.set_viewport_size({"width": width, "height": height})
    first = dataset.first_year
    # The walk starts at the page's very first drawing: no step first.
    page.goto(live_server.url + f"?present=1&year={first}")
    wait_for_map(page)
    last = int(
        page.evaluate(
            "() => JSON.parse(document.getElementById('citylinks-constants').textContent).last"
        )
    )
    problems = []
    labelled = 0
    leaders = 0
    for year in range(first, last + 1):
        if year > first:
            page.keyboard.press("ArrowRight")
        state = _settled(page, year)
        labelled += len(state["labels"])
        leaders += len(state["leaders"])
        problems += _problems(year, state)
        if year in (1987, 1997, 2001, 2004, 2026):
            page.screenshot(path=artifacts / f"present_labels_{year}_{width}x{height}.png")
    assert labelled > last - first  # the home city at least, every year
    assert leaders > 0  # London (2001) hangs on a leader line, beside Paris
    assert problems == []
    log.assert_clean()
    page.context.close()


def test_lab103_a_page_opened_in_presentation_mode_has_its_labels_at_once(
    browser, live_server, artifacts
):
    """The known bug of issue 17: the first drawing's labels stayed the server's 12 px until
    the map was drawn again. No key, no click: the page as opened."""
    page, log = open_page(browser)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "?present=1&year=1987")
    wait_for_map(page)
    state = _settled(page, 1987)
    texts = [label["text"] for label in state["labels"]]
    assert "Paris" in texts and "Berlin" in texts  # the overlap of 1987
    assert all(label["size"] >= 16 for label in state["labels"])
    assert _problems(1987, state) == []
    page.screenshot(path=artifacts / "present_labels_opened_1987_1366x768.png")
    log.assert_clean()
    page.context.close()


def test_lab102_space_plays_after_a_click_on_present_and_the_selected_city_is_named(
    browser, live_server, artifacts
):
    page, log = open_page(browser)
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(live_server.url + "?year=2000&city=Tokyo&country=JP")
    wait_for_map(page)
    page.get_by_role("button", name="Present").click()
    page.wait_for_selector("#page.presenting")
    play = page.locator("#present-play")
    assert play.inner_text() == "▶ Play (space)"  # the key said on it
    page.keyboard.press(" ")
    page.wait_for_function(
        "() => document.querySelector('#present-play').textContent.includes('Pause')"
    )
    assert page.locator("#page").get_attribute("class") == "page presenting"
    page.keyboard.press(" ")
    page.wait_for_function(
        "() => document.querySelector('#present-play').textContent.includes('Play')"
    )
    assert "partner cities" in page.locator("#present-title").inner_text()
    labels = page.evaluate(_LABELS_JS)["labels"]
    assert "Tokyo" in [label["text"] for label in labels]
    page.screenshot(path=artifacts / "present_selected_tokyo_1024x768.png")
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize("size", [(390, 844), (360, 740)], ids=["390x844", "360x740"])
def test_lab104_on_a_phone_the_map_and_its_legend_are_one_block(
    browser, live_server, artifacts, size
):
    """Held upright, a phone's map is the slice of the world around home that fills the room
    under the title: the map and its legend make one block from the status line to the bar of
    buttons, not a small world map in a tall empty frame (assets/style.css, presentation
    rules; assets/scripts/frame.js)."""
    width, height = size
    page, log = open_page(browser, width=width, height=height, mobile=True)
    page.goto(live_server.url + "?present=1&year=2001")
    wait_for_map(page)
    _settled(page, 2001)
    boxes = page.evaluate(
        """() => Object.fromEntries(['#map', '#map .geo .layer.land', '#map .legend', '#map-status',
            '#present-title', '#present-play']
          .map((s) => { const r = document.querySelector(s).getBoundingClientRect();
                        return [s, {t: r.top, b: r.bottom, h: r.height}]; }))"""
    )
    graph, geo, legend = boxes["#map"], boxes["#map .geo .layer.land"], boxes["#map .legend"]
    assert legend["t"] - geo["b"] < 40  # the legend just under the map
    # the status line, map and legend fill the room between the title and the bar of buttons
    # at the bottom (tests/browser/test_present_phone.py checks the rest)
    above = boxes["#map-status"]["t"] - boxes["#present-title"]["b"]
    below = boxes["#present-play"]["t"] - 8 - graph["b"]
    assert above < 10 and below < 30, (above, below)
    assert geo["h"] >= 0.4 * height
    page.screenshot(path=artifacts / f"present_phone_{width}x{height}.png")
    log.assert_clean()
    page.context.close()


def test_lab105_a_map_drawn_anew_gets_its_labels_again(browser, live_server):
    """Plotly.purge then a new plot on the map's div (as Dash's Graph may do) forgets every
    listener of the div: the labels are hooked again and placed on the new drawing."""
    page, log = open_page(browser)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "?present=1&year=1987")
    wait_for_map(page)
    _settled(page, 1987)
    page.evaluate(
        """async () => {
          const gd = document.querySelector('#map .js-plotly-plot');
          const figure = window.dash_clientside.citylinks.labelSource(gd);
          const config = {topojsonURL: gd._context.topojsonURL};
          window.Plotly.purge(gd);
          await window.Plotly.newPlot(gd, figure.data, figure.layout, config);
        }"""
    )
    state = _settled(page, 1987)
    assert "Berlin" in [label["text"] for label in state["labels"]]
    assert all(label["size"] >= 16 for label in state["labels"])
    assert _problems(1987, state) == []
    log.assert_clean()
    page.context.close()
