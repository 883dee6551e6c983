"""The page on phones, a tablet and laptops, in English and French: every state of the page
(the map, a city's details, the table, the import panel with a file and its problems,
presentation mode, and on a phone its menu and control sheet) fits the screen (no sideways
scrolling, no button cut off), passes axe-core with no violation of any impact, and is
photographed (tests/artifacts/responsive_*.png). On a touch screen the main tasks are done
by tapping: select a city, move the year, open the table and a city from it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from axe import axe_violations, describe
from harness import open_page
from mapdom import point_position, wait_for_map, wait_for_status, year_label
from playwright.sync_api import Page
from screens import PHONES, SIZES, assert_fits, header_button, is_phone, map_width, shoot

pytestmark = pytest.mark.browser

# A French city's file: two cities found, one that names several places (a choice waits),
# one the gazetteer does not know (a problem).
SPREADSHEET = (
    "Ville;Pays;Année\r\n"
    "Turin;Italie;1956\r\n"
    "Birmingham;Royaume-Uni;1951\r\n"
    "Springfield;États-Unis;2001\r\n"
    "Atlantisville;France;1990\r\n"
)


def _walk(page: Page, url: str, shot: Callable[[str], None], spreadsheet: str) -> dict:
    """Every state of the page in turn; each checked by axe, measured and photographed.
    Returns {state: violations}."""
    found: dict[str, list] = {}

    def check(state: str) -> None:
        found[state] = axe_violations(page)
        assert_fits(page)
        shot(state)

    page.goto(url)
    wait_for_map(page)
    check("map")
    phone = is_phone(page)
    if phone:
        assert map_width(page) >= 0.9 * page.viewport_size["width"]
        page.locator("#sheet-button").click()
        page.locator("#network-filter").wait_for(state="visible")
    # A choice made: Dash draws its options again.
    page.locator("#network-mode input[type='radio']").nth(1).check()
    page.wait_for_timeout(300)
    if not phone:
        found["choice"] = axe_violations(page)
    else:
        check("sheet")
        page.locator("#sheet-button").click()
        page.locator("#network-filter").wait_for(state="hidden")
        page.locator("#menu-button").click()
        page.locator("#header-menu").wait_for(state="visible")
        check("menu")
        page.keyboard.press("Escape")
        page.locator("#header-menu").wait_for(state="hidden")
    page.goto(url + "?year=2004&city=Prague&country=CZ")
    wait_for_map(page)
    page.wait_for_selector("#details-panel:not(.hidden)")
    check("details")
    page.locator("#details-close").click()
    page.wait_for_selector("#details-panel.hidden", state="attached")
    header_button(page, "#table-button")
    page.wait_for_selector("#table-body tr .row-select")
    check("table")
    header_button(page, "#table-button")
    page.locator("#table-region").wait_for(state="hidden")
    header_button(page, "#import-button")
    page.locator("#import-panel").wait_for(state="visible")
    check("import")
    page.set_input_files("#import-file", spreadsheet)
    page.locator("#import-home").fill("Lyon, FR")
    page.locator("#import-home").press("Enter")
    page.locator(".import-problem").first.wait_for()
    page.locator(".import-choice .dash-dropdown").wait_for()
    check("import_file")
    # A dropdown open (its list of places); Esc closes it, then the panel.
    page.locator(".import-choice .dash-dropdown").click()
    page.locator("[role='dialog'] .dash-options-list").wait_for()
    found["import_dropdown"] = axe_violations(page)
    page.keyboard.press("Escape")
    page.locator("[role='dialog'] .dash-options-list").wait_for(state="detached")
    page.keyboard.press("Escape")
    page.locator("#import-panel").wait_for(state="hidden")
    page.goto(url + "?present=1")
    wait_for_map(page)
    page.wait_for_selector("#page.presenting")
    check("present")
    return found


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_resp001_every_state_fits_and_passes_axe(
    browser, live_server, artifacts, tmp_path, width, height, locale
):
    spreadsheet = tmp_path / "lyon.csv"
    spreadsheet.write_bytes(b"\xef\xbb\xbf" + SPREADSHEET.encode("utf-8"))
    lang = locale[:2]
    page, log = open_page(browser, width, height, locale=locale, mobile=width < 1024)

    def shot(state: str) -> None:
        shoot(page, artifacts, f"responsive_{lang}_{state}_{width}x{height}")

    found = _walk(page, live_server.url, shot, str(spreadsheet))
    failing = {state: describe(v) for state, v in found.items() if v}
    assert failing == {}, "\n".join(f"[{s}]\n{text}" for s, text in failing.items())
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize(("width", "height"), [*PHONES, (768, 1024)])
def test_resp002_the_main_tasks_by_touch(browser, live_server, width, height):
    page, log = open_page(browser, width, height, mobile=True)
    page.goto(live_server.url + "?year=2004")
    wait_for_map(page)
    wait_for_status(page, "as of 2004")
    # Tap a city on the map: its details open over the map, which keeps its size.
    before = map_width(page)
    where = point_position(page, "partners", "Tokyo")
    assert where is not None
    page.touchscreen.tap(where["x"], where["y"])
    page.locator("#details-panel .details-city").get_by_text("Tokyo").wait_for()
    assert abs(map_width(page) - before) < 2
    page.locator("#details-close").tap()
    page.wait_for_selector("#details-panel.hidden", state="attached")
    # Tap the year slider's track a quarter of the way along: the year follows.
    track = page.locator("#year-slider [role='slider']").locator("xpath=..").bounding_box()
    slider = page.locator("#year-slider").bounding_box()
    assert track and slider
    page.touchscreen.tap(slider["x"] + slider["width"] * 0.25, track["y"] + track["height"] / 2)
    page.wait_for_function("() => document.querySelector('#year-label').textContent !== '2004'")
    assert 1960 < year_label(page) < 1990
    # Open the table by touch, then a city from it.
    header_button(page, "#table-button", tap=True)
    row = page.locator("#table-body .row-select").first
    row.wait_for()
    name = row.inner_text()
    row.tap()
    page.locator("#details-panel .details-city").get_by_text(name).wait_for()
    assert_fits(page)
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_resp003_the_map_keeps_its_size_when_a_city_opens(browser, live_server, width, height):
    """On a phone and a tablet the details lie over the map; on a laptop beside it, with the
    map still most of the screen."""
    page, log = open_page(browser, width, height, mobile=width < 1024)
    page.goto(live_server.url + "?year=2004")
    wait_for_map(page)
    before = map_width(page)
    page.locator("#search-input").fill("Prag")
    page.get_by_role("option", name=re.compile("Prague")).click()
    page.wait_for_selector("#details-panel:not(.hidden)")
    page.wait_for_timeout(300)
    after = map_width(page)
    if width < 1200:
        assert abs(after - before) < 2
    else:
        assert after >= 0.5 * width
    assert_fits(page)
    log.assert_clean()
    page.context.close()
