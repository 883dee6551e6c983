"""Focus on part of the map, in Chromium, as a person would: filter Latin America and count the
markers against the table, look at what was signed from 1990 to 2005, what is new since 2015,
click a legend entry, a zoom preset, clear the filters, and reopen each view from its link."""

from __future__ import annotations

import urllib.parse

import pytest
from harness import open_page
from mapdom import status, visible_points, wait_for_map, wait_for_status

from citylinks.model.zoom import PRESETS

pytestmark = pytest.mark.browser


def _query(page) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)


def _table_rows(page) -> int:
    """The table's partner rows (not the year's events, nor the members of the networks
    checked, which the table lists too)."""
    page.locator("#table-button").click()
    page.wait_for_selector("#table-body tr")
    page.wait_for_timeout(300)
    kinds = page.locator("#table-body tr td:nth-child(3)").all_inner_texts()
    page.locator("#table-button").click()
    return sum(1 for kind in kinds if kind not in ("Event", "Événement") and "ember" not in kind)


def test_foc101_latin_america_markers_match_the_table(browser, live_server, artifacts):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    page.locator("#filters summary").click()
    page.get_by_role("checkbox", name="Latin America").check()
    wait_for_status(page, "(filters applied)")
    page.wait_for_function("() => location.search.includes('region=419')")
    markers = visible_points(page, "partners")
    cards = int(page.locator("#summary-partners").inner_text())
    assert markers == cards > 0
    assert _table_rows(page) == markers
    assert page.locator("#filter-count").inner_text() == "(1)"
    page.screenshot(path=artifacts / "focus_latin_america.png")
    # the link reopens the same view in a new page
    link = page.url
    other, other_log = open_page(browser)
    other.goto(link)
    wait_for_map(other)
    wait_for_status(other, "(filters applied)")
    assert visible_points(other, "partners", expect=markers) == markers
    assert other.get_by_role("checkbox", name="Latin America").is_checked()
    # one "clear filters" gives everything back
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("() => !location.search.includes('region=')")
    assert "(filters applied)" not in status(page)
    assert visible_points(page, "partners") > markers
    log.assert_clean()
    other_log.assert_clean()
    other.context.close()
    page.context.close()


def test_foc102_signed_between_1990_and_2005(browser, live_server, artifacts):
    page, log = open_page(browser)
    page.goto(live_server.url + "?year=2005&time=signed&from=1990")
    wait_for_map(page)
    wait_for_status(page, "signed from 1990 to 2005")
    assert page.get_by_role("radio", name="Signed between two years").is_checked()
    assert page.locator("#period-label").inner_text() == "1990–2005"
    assert page.locator("#year-box").is_hidden()
    shown = visible_points(page, "partners")
    assert _table_rows(page) == shown > 0
    page.screenshot(path=artifacts / "focus_signed_1990_2005.png")
    # choosing "in force" again shows the single year slider and every partner of 2005
    page.get_by_role("radio", name="In force in the year").check()
    wait_for_status(page, "as of 2005")
    page.wait_for_function("() => !location.search.includes('time=')")
    assert visible_points(page, "partners") >= shown
    log.assert_clean()
    page.context.close()


def test_foc103_new_since_2015_in_french(browser, live_server, artifacts):
    page, log = open_page(browser)
    page.goto(live_server.url + "?time=new&from=2015&lang=fr")
    wait_for_map(page)
    wait_for_status(page, "depuis 2015")
    names = page.evaluate(
        "() => document.querySelector('#map .js-plotly-plot').data.map((t) => t.name)"
    )
    assert "Nouveaux depuis 2015" in names
    assert page.get_by_role("radio", name="Nouveaux depuis une année").is_checked()
    page.screenshot(path=artifacts / "focus_new_since_2015_fr.png")
    log.assert_clean()
    page.context.close()


def test_foc104_a_legend_entry_toggles_the_kind_filter(browser, live_server, artifacts):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    before = visible_points(page, "partners")
    entry = page.locator("#map .legend .traces").filter(has_text="Friendship and cooperation")
    entry.first.locator(".legendtoggle").click()
    wait_for_status(page, "(filters applied)")
    page.wait_for_function("() => location.search.includes('kind=')")
    assert "kind=friendship_cooperation" not in page.url
    after = visible_points(page, "partners")
    assert 0 < after < before
    # the lines follow the markers: no line points at a partner that is gone
    lines = page.evaluate(
        """() => document.querySelector('#map .js-plotly-plot').data
            .filter((t) => t.meta && t.meta.role === 'arcs')
            .reduce((n, t) => n + t.lat.filter((v) => v === null).length, 0)"""
    )
    assert lines == after
    page.screenshot(path=artifacts / "focus_legend_kind.png")
    entry = page.locator("#map .legend .traces").filter(has_text="Friendship and cooperation")
    entry.first.locator(".legendtoggle").click()
    page.wait_for_function("() => !location.search.includes('kind=')")
    assert visible_points(page, "partners", expect=before) == before
    log.assert_clean()
    page.context.close()


def test_foc105_zoom_presets_and_fit_are_in_the_link(browser, live_server, artifacts):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    page.get_by_role("button", name="Europe").click()
    page.wait_for_function("() => location.search.includes('view=europe')")
    scale = "() => document.querySelector('#map .js-plotly-plot')._fullLayout.geo.projection.scale"
    # the page's camera (assets/scripts/fly.js) is the one citylinks/model/zoom.py computes
    assert page.evaluate(scale) == pytest.approx(PRESETS["europe"].camera().scale, abs=0.01)
    assert page.evaluate(scale) > 2
    page.screenshot(path=artifacts / "focus_zoom_europe.png")
    other, other_log = open_page(browser)
    other.goto(page.url)
    wait_for_map(other)
    other.wait_for_function(f"() => ({scale})() > 2")
    page.get_by_role("button", name="Fit to what is shown").click()
    page.wait_for_function("() => /view=-?[0-9.]+%2C/.test(location.search)")
    page.get_by_role("button", name="World").click()
    page.wait_for_function("() => !location.search.includes('view=')")
    assert page.evaluate(scale) == 1
    log.assert_clean()
    other_log.assert_clean()
    other.context.close()
    page.context.close()


def test_foc106_kinds_and_themes_combine_with_the_networks(browser, live_server, artifacts):
    page, log = open_page(browser)
    page.goto(live_server.url + "?topic=heritage&kind=friendship_cooperation&network=aimf&mode=any")
    wait_for_map(page)
    wait_for_status(page, "(filters applied)")
    text = status(page)
    assert "(filtered by network)" in text
    shown = visible_points(page, "partners")
    assert shown == int(page.locator("#summary-partners").inner_text())
    assert _table_rows(page) == shown
    assert page.locator("#filter-count").inner_text() == "(2)"
    # filters from a link are shown, open, with their values chosen
    assert page.locator("#filters").get_attribute("open") is not None
    page.screenshot(path=artifacts / "focus_theme_kind_network.png", full_page=True)
    log.assert_clean()
    page.context.close()


def test_foc107_any_year_of_the_timeline_goes_to_it(browser, live_server):
    """A year with no bar (1970: no agreement that year) is a click target too."""
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    box = page.evaluate(
        """() => {
            const gd = document.querySelector('#timeline .js-plotly-plot');
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const r = gd.querySelector('.nsewdrag').getBoundingClientRect();
            return {x: r.left + xa.l2p(1970), y: r.top + r.height / 2};
        }"""
    )
    page.mouse.move(box["x"], box["y"])
    page.mouse.click(box["x"], box["y"])
    wait_for_status(page, "as of 1970")
    page.wait_for_function("() => location.search.includes('year=1970')")
    log.assert_clean()
    page.context.close()
