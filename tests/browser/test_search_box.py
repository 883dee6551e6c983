"""Finding a city by typing, in Chromium: the search box at the top of the page suggests as
people type (no accents needed, either language, a prefix, a country), arrow keys move in the
list, Enter opens the city's details exactly as a click on the map does, and the number of
results is announced."""

from __future__ import annotations

import urllib.parse

import pytest
from harness import open_page
from mapdom import wait_for_map

pytestmark = pytest.mark.browser


def test_sea101_type_a_prefix_and_press_enter(browser, live_server, artifacts):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    box = page.get_by_role("combobox", name="Find a city")
    box.fill("tok")
    options = page.get_by_role("listbox", name="Find a city").get_by_role("option")
    options.first.wait_for()
    assert options.first.inner_text().startswith("Tokyo (Japan)")
    assert box.get_attribute("aria-expanded") == "true"
    assert page.locator(".search [role=status]").inner_text() in ("1 city found", "2 cities found")
    page.screenshot(path=artifacts / "search_suggestions.png")
    box.press("Enter")
    page.wait_for_selector("#details-panel:not(.hidden)")
    assert page.locator("#details-panel h2").inner_text() == "Tokyo"
    page.wait_for_function("() => location.search.includes('city=Tokyo')")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert query["city"] == ["Tokyo"] and query["country"] == ["JP"]
    page.screenshot(path=artifacts / "search_tokyo_details.png")
    log.assert_clean()
    page.context.close()


def test_sea102_without_accents_in_either_language_with_the_arrow_keys(browser, live_server):
    page, log = open_page(browser, locale="fr-FR")
    page.goto(live_server.url)
    wait_for_map(page)
    box = page.get_by_role("combobox", name="Trouver une ville")
    box.fill("sao paulo")
    listbox = page.locator("#search-list")
    listbox.get_by_role("option", name="São Paulo (Brésil) partenaire").wait_for()
    box.fill("London")  # the English name on the French page
    listbox.get_by_role("option", name="Londres (Royaume-Uni) partenaire").wait_for()
    box.fill("japon")
    listbox.get_by_role("option").nth(2).wait_for()
    names = listbox.get_by_role("option").all_inner_texts()
    assert all("(Japon)" in name for name in names), names
    box.press("ArrowDown")
    second = names[1].split(" (")[0]
    assert box.get_attribute("aria-activedescendant") == "search-option-1"
    box.press("Enter")
    page.wait_for_selector("#details-panel:not(.hidden)")
    assert page.locator("#details-panel h2").inner_text() == second
    box.fill("zzzz")
    page.locator(".search [role=status]").get_by_text("Aucune ville trouvée").wait_for()
    box.press("Escape")
    box.press("Escape")
    assert box.input_value() == ""
    log.assert_clean()
    page.context.close()
