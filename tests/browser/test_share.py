"""Views as links in Chromium: a link opens its view, the address follows the view, Back and
Forward move between views, and a bad link falls back and says so."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest
from harness import open_page
from mapdom import partner_points, slider_thumb, wait_for_map, wait_for_status, year_label

from citylinks.model.explorer import Explorer
from citylinks.model.viewstate import ViewState, to_query

pytestmark = pytest.mark.browser
THIS_YEAR = dt.date.today().year


def _query(page) -> str:
    return urllib.parse.urlsplit(page.url).query


def test_url101_a_link_opens_its_view(browser, live_server, dataset):
    page, log = open_page(browser)
    page.goto(live_server.url + "?year=2010&network=c40&mode=any&city=Tokyo&country=JP")
    wait_for_map(page)
    wait_for_status(page, "as of 2010")
    assert year_label(page) == 2010
    assert page.get_by_role("checkbox", name="C40").is_checked()
    assert page.get_by_role("radio", name="Partners in any selected network").is_checked()
    expected = int(Explorer(dataset).shown(2010, ["c40"], "any").sum())
    assert expected > 0
    assert partner_points(page, expected) == expected
    page.wait_for_selector("#details-panel:not(.hidden)")
    assert page.locator("#details-panel h2").inner_text() == "Tokyo"
    assert page.locator("#url-notice").is_hidden()
    log.assert_clean()
    page.context.close()


def test_url102_the_address_follows_the_view(browser, live_server):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    assert _query(page) == ""
    thumb = slider_thumb(page)
    thumb.focus()
    for _ in range(THIS_YEAR - 2000):
        page.keyboard.press("ArrowLeft")
    wait_for_status(page, "as of 2000")
    page.wait_for_function("() => location.search === '?year=2000'")  # once the view settles
    aimf = page.get_by_role("checkbox", name="AIMF")
    aimf.check()
    want = to_query(ViewState(year=2000, networks=("aimf",)), THIS_YEAR).lstrip("?")
    page.wait_for_function("(q) => location.search === '?' + q", arg=want)
    # Back and Forward move between the views.
    page.go_back()
    page.wait_for_function("() => location.search === '?year=2000'")
    page.wait_for_function(
        "() => !document.querySelector('#map .legend').textContent.includes('AIMF members')"
    )
    assert not aimf.is_checked()
    wait_for_status(page, "as of 2000")
    page.go_forward()
    page.wait_for_function("() => location.search.includes('network=aimf')")
    page.wait_for_function(
        "() => document.querySelector('#map .legend').textContent.includes('AIMF members')"
    )
    assert aimf.is_checked()
    log.assert_clean()
    page.context.close()


def test_url103_a_bad_link_falls_back_and_says_so(browser, live_server):
    page, log = open_page(browser)
    response = page.goto(live_server.url + "?year=1800&network=nato&network=aimf&zoom=9")
    assert response.status == 200
    wait_for_map(page)
    notice = page.locator("#url-notice")
    notice.wait_for(state="visible")
    text = notice.inner_text()
    assert "year '1800' is not a year from 1956" in text
    assert "network 'nato' is not in this map's data" in text
    assert "'zoom' is not a setting of this page" in text
    assert year_label(page) == THIS_YEAR
    assert page.get_by_role("checkbox", name="AIMF").is_checked()  # what could be used is used
    page.wait_for_function("() => location.search === '?network=aimf'")
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize(
    "state",
    [
        ViewState(year=THIS_YEAR),
        ViewState(year=1997, networks=("uclg", "c40"), mode="any"),
        ViewState(year=2004, city="São Paulo", country_code="BR", present=True, lang="fr"),
        ViewState(year=THIS_YEAR, mode="all", city="Xi'an & Co", country_code="CN"),
    ],
)
def test_url106_the_page_writes_a_view_as_the_server_does(browser, live_server, state):
    """One contract: assets/scripts/map_view.js viewQuery writes what viewstate.to_query writes, and
    the routes read what viewQuery writes for them."""
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    view = {
        "year": state.year,
        "networks": list(state.networks),
        "mode": state.mode,
        "selected": state.selected,
        "present": state.present,
        "lang": state.lang,
    }
    written = page.evaluate(
        "([view, last]) => window.dash_clientside.citylinks.viewQuery(view, last)",
        [view, THIS_YEAR],
    )
    assert written == to_query(state, THIS_YEAR)
    asked = page.evaluate(
        """async (view) => {
            const query = window.dash_clientside.citylinks.viewQuery(view);
            const answer = await fetch("/_citylinks/table" + query);
            return [query, answer.status];
        }""",
        {**view, "lang": state.lang or "en"},
    )
    assert asked[1] == 200, asked[0]
    log.assert_clean()
    page.context.close()


def test_url107_an_address_typed_with_doubled_slashes_still_follows_the_view(browser, live_server):
    """An address with a doubled slash (host//?year=1996) opens the map; its next view is
    written on "/" (a query on "//" names another host, which the browser refuses)."""
    page, log = open_page(browser)
    page.goto(live_server.url + "/?year=1996")
    wait_for_map(page)
    wait_for_status(page, "as of 1996")
    thumb = slider_thumb(page)
    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_for_status(page, "as of 1997")
    page.wait_for_function("() => location.search === '?year=1997'")
    assert urllib.parse.urlsplit(page.url).path == "/"
    log.assert_clean()
    page.context.close()
