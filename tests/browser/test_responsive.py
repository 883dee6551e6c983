"""The page on phones, a tablet and laptops, in English and French: every state of the page
(the map, a city's details, the table, the import panel with a file and its problems,
presentation mode, and on a phone its menu and control sheet) fits the screen (no sideways
scrolling, no button cut off), passes axe-core with no violation of any impact, and is
photographed (tests/artifacts/responsive_*.png). On a touch screen the main tasks are done
by tapping: select a city, move the year, open the table and a city from it. Held upright,
the map fills its place (the world around home); held sideways, it has the height."""

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
    # Tap a city on the map: its details open over the map, which keeps its size. (Held
    # upright, the map shows the world around Paris: Cairo is in it, Tokyo a drag away.)
    before = map_width(page)
    where = point_position(page, "partners", "Cairo")
    assert where is not None
    page.touchscreen.tap(where["x"], where["y"])
    page.locator("#details-panel .details-city").get_by_text("Cairo").wait_for()
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


# The map's frame (plotly's geo background) against its plot area, its longitudes, plotly's
# scale and where Tokyo is drawn.
_FRAME_JS = """
() => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const geo = gd._fullLayout.geo, size = gd._fullLayout._size;
  const frame = gd.querySelector('.geo .bg').getBoundingClientRect();
  const own = gd.getBoundingClientRect();
  return {frame: {w: frame.width, h: frame.height}, area: {w: size.w, h: size.h},
          lon: geo.lonaxis.range, scale: geo.projection.scale, own: {l: own.left, t: own.top}};
}
"""


@pytest.mark.parametrize(("width", "height"), [(390, 844), (768, 1024)])
def test_resp004_upright_the_map_fills_its_place_around_home(
    browser, live_server, artifacts, width, height
):
    """Held upright, the map is the slice of the world around home as tall as its place (no
    empty band above and under a small world map); a camera counts against the whole world,
    so an address opens the same place on a phone and on a wide screen, a drag on the phone
    writes one that does too, and an export from the phone has the whole world's frame."""
    page, log = open_page(browser, width, height, mobile=True)
    page.goto(live_server.url + "?year=2004")
    wait_for_map(page)
    wait_for_status(page, "as of 2004")
    shown = page.evaluate(_FRAME_JS)
    assert shown["frame"]["w"] >= shown["area"]["w"] - 3
    assert shown["frame"]["h"] >= shown["area"]["h"] - 3
    west, east = shown["lon"]
    assert (west + east) / 2 == pytest.approx(2.35, abs=0.5)  # Paris in the middle
    assert 90 < east - west < 300
    share = (east - west) / 360
    # Tokyo is a drag away; an address that looks at it shows it, at the scale it says
    assert not _inside(page, shown, "Tokyo")
    page.goto(live_server.url + "?year=2004&view=139.69%2C35.69%2C3")
    wait_for_map(page)
    page.wait_for_function(f"() => ({_FRAME_JS})().scale > 1")
    shown = page.evaluate(_FRAME_JS)
    assert shown["scale"] == pytest.approx(3 * share, abs=0.02)
    assert _inside(page, shown, "Tokyo")
    page.screenshot(path=artifacts / f"responsive_upright_tokyo_{width}x{height}.png")
    # A drag: the address gets the camera as the whole world counts it
    box = page.locator("#map .js-plotly-plot .geo .bg").bounding_box()
    assert box
    # from the sea south of Japan (Tokyo's marker, in the middle, would open its details)
    x, y = box["x"] + box["width"] / 2 - 30, box["y"] + box["height"] * 0.75
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 20, steps=6)
    page.mouse.up()
    page.wait_for_function("() => !location.search.includes('139.69')")
    camera = page.evaluate("() => new URLSearchParams(location.search).get('view')").split(",")
    shown = page.evaluate(_FRAME_JS)
    assert float(camera[2]) == pytest.approx(shown["scale"] / share, abs=0.02)
    # a PNG or GIF made from here has the whole world's frame, at the same zoom
    exported = page.evaluate(
        "() => window.dash_clientside.citylinks.labelSource("
        "document.querySelector('#map .js-plotly-plot')).layout.geo"
    )
    assert "range" not in exported.get("lonaxis", {})
    assert exported["projection"]["scale"] == pytest.approx(float(camera[2]), abs=0.02)
    # the same address on a wide screen: its whole world's frame, the same zoom
    wide, wide_log = open_page(browser)
    wide.goto(page.url)
    wait_for_map(wide)
    wide.wait_for_function(f"() => ({_FRAME_JS})().scale > 1")
    assert wide.evaluate(_FRAME_JS)["scale"] == pytest.approx(float(camera[2]), abs=0.02)
    wide_log.assert_clean()
    wide.context.close()
    # plotly's own Reset button: back to the slice around home, out of the address
    page.locator("#map .modebar-btn[data-title='Reset']").click()
    page.wait_for_function("() => !location.search.includes('view=')")
    page.wait_for_function(
        "() => Math.abs(document.querySelector('#map .js-plotly-plot')._fullLayout.geo.center.lon"
        " - 2.35) < 0.5"
    )
    log.assert_clean()
    page.context.close()


def _inside(page: Page, shown: dict, city: str) -> bool:
    where = point_position(page, "partners", city)
    assert where is not None
    x, y = where["x"] - shown["own"]["l"], where["y"] - shown["own"]["t"]
    return 0 <= x <= shown["area"]["w"] and 0 <= y <= shown["area"]["h"]


@pytest.mark.parametrize(("width", "height"), [(844, 390), (740, 360)])
def test_resp005_sideways_the_map_has_the_height(browser, live_server, artifacts, width, height):
    """A phone held sideways (under 500 px tall): the header in one row with its menu, no
    timeline, nothing scrolls, and the map takes the height the controls leave it."""
    page, log = open_page(browser, width, height, mobile=True)
    page.goto(live_server.url + "?year=2004")
    wait_for_map(page)
    wait_for_status(page, "as of 2004")
    page.wait_for_timeout(500)
    sizes = page.evaluate(
        """() => ({header: document.querySelector('#header').getBoundingClientRect().height,
                   scroll: document.documentElement.scrollHeight,
                   plot: document.querySelector('#map .js-plotly-plot .geo .bg')
                     .getBoundingClientRect().height})"""
    )
    assert sizes["header"] < 70
    assert sizes["scroll"] <= height
    assert sizes["plot"] >= 0.4 * height
    assert page.locator("#timeline").is_hidden()
    assert_fits(page)
    assert axe_violations(page) == []
    page.screenshot(path=artifacts / f"responsive_sideways_{width}x{height}.png")
    page.locator("#menu-button").click()
    page.locator("#table-button").wait_for(state="visible")
    assert_fits(page)
    page.screenshot(path=artifacts / f"responsive_sideways_menu_{width}x{height}.png")
    log.assert_clean()
    page.context.close()
