"""Agreements over time, as a person sees them: a partner with several instruments (Montréal:
2006, updated 2014, a new pact in 2023 that replaces the first) in the details panel, and the
timeline telling the year's new partners from its renewals and further agreements."""

from __future__ import annotations

import pytest
from harness import open_page
from mapdom import point_position, visible_points, wait_for_map, wait_for_status

pytestmark = pytest.mark.browser


def _timeline_hover(page, year: int) -> str:
    """The hover text the timeline gives a year (its invisible point per year)."""
    return page.evaluate(
        """(year) => {
          const gd = document.querySelector('#timeline .js-plotly-plot');
          const points = gd.data[gd.data.length - 1];
          return points.text[points.x.indexOf(year)];
        }""",
        year,
    )


def test_agr001_a_partner_with_several_agreements(browser, live_server, artifacts):
    page, log = open_page(browser, 1366, 900)
    page.goto(live_server.url + "?city=Montreal&country=CA")
    wait_for_map(page)
    page.wait_for_selector("#details-panel:not(.hidden)")
    panel = page.locator("#details-panel")
    assert panel.locator("h2").inner_text() == "Montreal"
    chronology = panel.locator(".chronology-item")
    assert chronology.count() == 3
    first, update, pact = (chronology.nth(i).inner_text() for i in range(3))
    assert "2006" in first and "replaced in 2023" in first
    assert "13 May 2014" in update and "updates the agreement of" in update
    assert "27 April 2023" in pact and "replaces the agreement of" in pact
    assert "in force in" in pact
    # Each later agreement cites its own pages, as links.
    assert pact.count("lapresse.ca") + pact.count("lelezard.com") >= 1
    assert panel.locator(".chronology-sources a[href^='https://']").count() >= 3
    page.screenshot(path=str(artifacts / "details_montreal_chronology.png"))

    # The timeline: 2023 has renewals or further agreements, Montréal among them.
    hover = _timeline_hover(page, 2023)
    assert "renewal" in hover and "Montreal" in hover
    # 2022 has a new partner (Kyiv) as well.
    assert "new partner" in _timeline_hover(page, 2022)
    log.assert_clean()
    page.context.close()


def test_agr002_a_lapsed_agreement_leaves_the_map(browser, live_server):
    """Barcelona's 2016 agreement was no longer in force from 2020: on the map in 2019, not in
    2021; its details say so."""
    page, log = open_page(browser, 1366, 900)
    page.goto(live_server.url + "?year=2019")
    wait_for_map(page)
    wait_for_status(page, "as of 2019")
    assert point_position(page, "partners", "Barcelona") is not None
    page.goto(live_server.url + "?year=2021&city=Barcelona&country=ES")
    wait_for_map(page)
    wait_for_status(page, "as of 2021")
    assert point_position(page, "partners", "Barcelona") is None
    page.wait_for_selector("#details-panel:not(.hidden)")
    assert "No agreement in force in 2021." in page.locator("#details-panel").inner_text()
    assert visible_points(page, "selected", expect=1) == 1
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1024, 768)])
def test_agr003_the_timeline_keeps_its_chart_beside_a_long_note(
    browser, live_server, artifacts, width, height
):
    """In French, with a city's details open, the timeline's key and the note on what the
    data covers take more lines: the chart keeps its height and stays on the screen."""
    page, log = open_page(browser, width, height)
    page.goto(live_server.url + "?city=Tokyo&country=JP&lang=fr")
    wait_for_map(page)
    page.wait_for_selector("#details-panel:not(.hidden)")
    # The chart fits the narrower space the open panel leaves it.
    page.wait_for_function(
        """() => document.querySelector('#timeline .main-svg').getBoundingClientRect().width
               <= document.querySelector('.timeline-plot').getBoundingClientRect().width + 1"""
    )
    chart = page.locator("#timeline .main-svg").first.bounding_box()
    assert chart is not None and chart["height"] >= 100
    assert chart["y"] + chart["height"] <= height + 1
    items = page.locator(".chronology-item")
    assert items.count() == 5
    assert "Signé par" in items.nth(1).inner_text() and " et " in items.nth(1).inner_text()
    page.screenshot(path=str(artifacts / f"details_tokyo_fr_{width}x{height}.png"))
    log.assert_clean()
    page.context.close()
