"""Presentation mode in Chromium: the keys, the title with the year, the map given the screen,
and the mode kept in the page's address."""

from __future__ import annotations

import datetime as dt

import pytest
from harness import open_page
from mapdom import wait_for_map, wait_for_status, year_label

pytestmark = pytest.mark.browser
THIS_YEAR = dt.date.today().year
TITLE = "Paris: partner cities, 1956–"


def _map_width(page) -> float:
    return page.evaluate(
        "() => document.querySelector('#map .main-svg').getBoundingClientRect().width"
    )


def _present_title(page) -> str:
    return page.inner_text(".present-title")


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_pres001_keys_drive_presentation_mode(browser, live_server, artifacts, width, height):
    page, log = open_page(browser, width, height)
    page.goto(live_server.url)
    wait_for_map(page)
    normal_width = _map_width(page)
    assert page.locator(".present-title").is_hidden()
    page.locator("body").focus()
    page.keyboard.press("p")
    page.wait_for_selector("#page.presenting")
    assert page.locator(".controls").is_hidden()
    assert page.locator(".timeline-region").is_hidden()
    assert _present_title(page) == f"{TITLE}{THIS_YEAR}"
    page.wait_for_function(
        "(w) => document.querySelector('#map .main-svg').getBoundingClientRect().width > w + 200",
        arg=normal_width,
    )
    assert _map_width(page) >= width - 40  # the map spans the screen
    legend_size = page.evaluate(
        "() => document.querySelector('#map .js-plotly-plot')._fullLayout.legend.font.size"
    )
    assert legend_size == 18
    page.wait_for_function("() => location.search === '?present=1'")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    wait_for_status(page, f"as of {THIS_YEAR - 2}")
    assert _present_title(page) == f"{TITLE}{THIS_YEAR - 2}"
    page.wait_for_timeout(400)  # the map settles before the screenshot
    page.screenshot(path=str(artifacts / f"present_{width}x{height}.png"))
    page.keyboard.press(" ")  # play
    wait_for_status(page, f"as of {THIS_YEAR - 1}")
    page.keyboard.press(" ")  # pause
    page.wait_for_function(
        "() => document.querySelector('#play-button').textContent.includes('Play')"
    )
    paused_at = year_label(page)
    page.wait_for_timeout(1500)
    assert year_label(page) == paused_at
    page.keyboard.press("Escape")
    page.wait_for_selector("#page:not(.presenting)")
    assert page.locator(".controls").is_visible()
    page.wait_for_function("() => !location.search.includes('present')")
    log.assert_clean()
    page.context.close()


def test_pres002_a_link_opens_in_presentation_mode(browser, live_server):
    page, log = open_page(browser, 1280, 720)
    page.goto(live_server.url + "?year=1997&present=1")
    wait_for_map(page)
    page.wait_for_selector("#page.presenting")
    wait_for_status(page, "as of 1997")
    assert _present_title(page) == f"{TITLE}1997"
    page.get_by_role("button", name="Leave presentation").click()
    page.wait_for_selector("#page:not(.presenting)")
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_pres003_french_presentation_in_both_themes(browser, live_server, artifacts, theme):
    page, log = open_page(browser, 1920, 1080, locale="fr-FR")
    page.goto(live_server.url + "?year=2004&network=uclg&present=1")
    wait_for_map(page)
    page.wait_for_selector("#page.presenting")
    wait_for_status(page, "en 2004")
    assert _present_title(page) == "Paris\u00a0: villes partenaires, 1956–2004"
    leave = page.get_by_role("button", name="Quitter la présentation")
    assert leave.is_visible()
    if theme == "dark":
        page.get_by_role("button", name="Thème sombre").click()
        page.wait_for_selector("#page[data-theme='dark']")
        assert page.get_by_role("button", name="Thème clair").is_visible()
    page.wait_for_timeout(400)  # the map settles before the screenshot
    page.screenshot(path=str(artifacts / f"present_fr_{theme}_1920x1080.png"))
    page.keyboard.press("Escape")
    page.wait_for_selector("#page:not(.presenting)")
    assert page.get_by_role("button", name="Présenter").is_visible()
    log.assert_clean()
    page.context.close()
