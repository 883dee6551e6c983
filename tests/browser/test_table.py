"""The table view in Chromium: the same rows as the map's markers, sorting by mouse and by
keyboard, following the year, and in French."""

from __future__ import annotations

import unicodedata

import pytest
from harness import open_page
from mapdom import partner_points, visible_points, wait_for_map, wait_for_status

pytestmark = pytest.mark.browser

_SQUARES_JS = """
() => document.querySelector('#map .js-plotly-plot').data
  .filter((t) => t.meta && t.meta.role === 'members')
  .reduce((n, t) => n + (t.marker.symbol || []).filter((s) => s === 'square').length, 0)
"""


def _collation(name: str) -> str:
    """Alphabetical order as a reader expects it: accents and case do not count."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _rows(page) -> list[list[str]]:
    return page.evaluate(
        """() => [...document.querySelectorAll('#table-body tr')].map(
            (tr) => [...tr.children].map((c) => c.textContent))"""
    )


def _wait_rows(page, caption: str) -> list[list[str]]:
    page.wait_for_function(
        "(c) => document.querySelector('#table-caption').textContent.includes(c)", arg=caption
    )
    return _rows(page)


def test_table001_the_table_lists_what_the_map_draws(browser, live_server, artifacts):
    page, log = open_page(browser)
    page.goto(live_server.url + "?year=2016&network=c40")
    wait_for_map(page)
    wait_for_status(page, "as of 2016")
    partners = partner_points(page)
    events = visible_points(page, "events")
    others = page.evaluate(_SQUARES_JS)
    assert partners == 49 and events > 0 and others > 0  # 40 to 2006, 9 signed 2009-2016
    page.keyboard.press("t")  # the Table key
    rows = _wait_rows(page, "what the map shows in 2016")
    assert page.locator("#table-button").get_attribute("aria-pressed") == "true"
    assert page.locator("#map .js-plotly-plot").is_hidden()
    kinds = [row[2] for row in rows]
    assert len(rows) == partners + others + events
    assert kinds.count("C40 member") == others and kinds.count("Event") == events
    tokyo = next(row for row in rows if row[0] == "Tokyo")
    assert tokyo[1:6] == [
        "Japan",
        "Friendship and cooperation agreement",
        "1982",
        "Cooperation agreement (2015)",  # its later agreements signed by 2016
        "C40",
    ]
    page.screenshot(path=artifacts / "table_2016_c40.png")
    # The year moves: the table follows.
    page.locator("#prev-year").dispatch_event("click")
    rows = _wait_rows(page, "in 2015")
    assert all(row[3] != "2016" for row in rows)
    # Back to the map.
    page.locator("#table-button").click()
    page.locator("#map .js-plotly-plot").wait_for(state="visible")
    assert page.locator("#table-region").is_hidden()
    log.assert_clean()
    page.context.close()


def test_table002_sorting_by_mouse_and_by_keyboard(browser, live_server):
    page, log = open_page(browser)
    page.goto(live_server.url + "?year=2000")
    wait_for_map(page)
    page.locator("#table-button").click()
    rows = _wait_rows(page, "in 2000")
    year_header = page.locator("#table-region thead th").nth(3)
    year_header.get_by_role("button").click()
    assert year_header.get_attribute("aria-sort") == "ascending"
    years = [int(row[3]) for row in _rows(page)]
    assert years == sorted(years) and years[0] == 1956
    year_header.get_by_role("button").click()
    assert year_header.get_attribute("aria-sort") == "descending"
    assert [int(row[3]) for row in _rows(page)] == sorted(years, reverse=True)
    # The keyboard reaches the column buttons and sorts with Enter.
    city_button = page.locator("#table-region thead th").nth(0).get_by_role("button")
    page.locator("#table-button").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if city_button.evaluate("(b) => b === document.activeElement"):
            break
    assert city_button.evaluate("(b) => b === document.activeElement")
    outline = city_button.evaluate("(b) => getComputedStyle(b).outlineStyle")
    assert outline != "none"  # the focus can be seen
    page.keyboard.press("Enter")
    names = [row[0] for row in _rows(page)]
    assert names == sorted(names, key=_collation) and len(names) == len(rows)
    assert names[0] == "Amman"
    log.assert_clean()
    page.context.close()


def test_table003_the_french_table(browser, live_server):
    page, log = open_page(browser, locale="fr-FR")
    page.goto(live_server.url + "?year=2000")
    wait_for_map(page)
    page.get_by_role("button", name="Tableau").click()
    _wait_rows(page, "lignes\u00a0: ce que montre la carte en 2000")
    page.locator("#table-region thead th").nth(0).get_by_role("button").click()
    names = [row[0] for row in _rows(page)]
    assert names == sorted(names, key=_collation)
    assert names.index("Athènes") < names.index("Berlin")  # accents sort as their letter
    assert "Le Caire" in names and "Pékin" in names
    log.assert_clean()
    page.context.close()
