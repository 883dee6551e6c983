"""The high-contrast dark theme for a dim room, in and out of presentation mode."""

from __future__ import annotations

import pytest
from harness import open_page
from mapdom import wait_for_map

pytestmark = pytest.mark.browser

MAP_LAYOUT = "document.querySelector('#map .js-plotly-plot')._fullLayout"


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_theme001_dark_room_and_back(browser, live_server, artifacts, width, height):
    page, log = open_page(browser, width, height)
    page.goto(live_server.url)
    wait_for_map(page)
    assert page.evaluate(f"() => {MAP_LAYOUT}.geo.bgcolor") == "#dcebf5"
    page.get_by_role("button", name="Dark room").click()
    page.wait_for_selector("#page[data-theme='dark']")
    page.wait_for_function(f"() => {MAP_LAYOUT}.geo.bgcolor === '#06182b'")
    assert page.evaluate(f"() => {MAP_LAYOUT}.geo.landcolor") == "#2e2e2e"
    assert page.evaluate(f"() => {MAP_LAYOUT}.font.color") == "#ffffff"
    background = page.evaluate(
        "() => getComputedStyle(document.querySelector('.page')).backgroundColor"
    )
    assert background == "rgb(0, 0, 0)"
    home = (
        f"() => {MAP_LAYOUT.replace('._fullLayout', '._fullData')}"
        ".find((t) => t.meta && t.meta.role === 'home').marker.color"
    )
    page.wait_for_function(f"() => ({home})() === '#ffffff'")  # the home star shows on black
    timeline_text = "document.querySelector('#timeline .js-plotly-plot')._fullLayout.font.color"
    page.wait_for_function(f"() => {timeline_text} === '#ffffff'")
    page.locator("body").focus()
    page.keyboard.press("p")
    page.wait_for_selector("#page.presenting[data-theme='dark']")
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / f"present_dark_{width}x{height}.png"))
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Light room").click()
    page.wait_for_function(f"() => {MAP_LAYOUT}.geo.bgcolor === '#dcebf5'")
    log.assert_clean()
    page.context.close()
