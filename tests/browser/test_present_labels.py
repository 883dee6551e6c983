"""City labels in presentation mode, for a projector (assets/scripts/labels.js): at 1024x768
and 1366x768, for every year from the first agreement to this one, every label on the map is
at least 16 px and no two labels overlap (the home city's included); a label that does not
fit is left out and the legend says how many."""

from __future__ import annotations

import pytest
from harness import open_page
from mapdom import wait_for_map

pytestmark = pytest.mark.browser

# Every visible label of the map: its text, font size and box on the screen.
_LABELS_JS = """
() => [...document.querySelectorAll('#map .geo .scatterlayer text')]
  .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
            l: r.left, t: r.top, r: r.right, b: r.bottom};
  })
"""


def _overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            width = min(a["r"], b["r"]) - max(a["l"], b["l"])
            height = min(a["b"], b["b"]) - max(a["t"], b["t"])
            if width > 1 and height > 1:
                pairs.append((a["text"], b["text"]))
    return pairs


def _settled_labels(page, year: int) -> list[dict]:
    """The labels once the year is drawn and its labels placed: every label at its projector
    size and the same on two readings in a row (up to 8 s on a busy machine; what is read
    then is what the test judges)."""
    page.wait_for_function(
        f"() => document.querySelector('#present-year').textContent === '{year}'"
    )
    before = None
    for _ in range(40):
        page.wait_for_timeout(200)
        labels = page.evaluate(_LABELS_JS)
        placed = all(label["size"] >= 16 for label in labels)
        if placed and labels == before:
            return labels
        before = labels
    return before or []


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=["1024x768", "1366x768"])
def test_lab101_no_label_overlaps_and_none_is_small_in_any_year(
    browser, live_server, dataset, artifacts, size
):
    width, height = size
    page, log = open_page(browser)
    page.set_viewport_size({"width": width, "height": height})
    first = dataset.first_year
    # Known (issue 17): on the page's very first drawing the labels may stay the server's
    # until the map is drawn again; the walk starts after one step.
    page.goto(live_server.url + f"?present=1&year={first + 1}")
    wait_for_map(page)
    page.wait_for_function(
        f"() => document.querySelector('#present-year').textContent === '{first + 1}'"
    )
    page.keyboard.press("ArrowLeft")
    last = int(
        page.evaluate(
            "() => JSON.parse(document.getElementById('citylinks-constants').textContent).last"
        )
    )
    problems = []
    labelled = 0
    for year in range(first, last + 1):
        if year > first:
            page.keyboard.press("ArrowRight")
        labels = _settled_labels(page, year)
        labelled += len(labels)
        small = [label["text"] for label in labels if label["size"] < 16]
        if small:
            problems.append((year, "under 16 px", small))
        overlapping = _overlapping(labels)
        if overlapping:
            problems.append((year, "overlap", overlapping))
        if year in (1987, 1997, 2001, 2004, 2026):
            page.screenshot(path=artifacts / f"present_labels_{year}_{width}x{height}.png")
    assert labelled > last - first  # the home city at least, every year
    assert problems == []
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
    labels = page.evaluate(_LABELS_JS)
    assert "Tokyo" in [label["text"] for label in labels]
    page.screenshot(path=artifacts / "present_selected_tokyo_1024x768.png")
    log.assert_clean()
    page.context.close()
