"""The page with a keyboard only: a city found with the search box and from the table (Enter
on its row), the details and import panels opened and closed (Esc), the focus moving into a
panel that opens and back to what opened it, the year moved with the arrows; on a phone the
menu and the control sheet too."""

from __future__ import annotations

import pytest
from harness import open_page
from mapdom import wait_for_map, wait_for_status, year_label
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          return {id: e.id, cls: e.className, text: (e.textContent || '').trim().slice(0, 40),
                  city: e.dataset ? e.dataset.city || '' : ''};
        }"""
    )


def _tab_to(page: Page, selector: str, presses: int = 80) -> None:
    """Tab (as a person would, from where the focus is) until `selector` has the focus."""
    target = page.locator(selector).first
    for _ in range(presses):
        if target.evaluate("(e) => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached with Tab; the focus is on {_focused(page)}")


def test_kbd001_a_keyboard_walk_through(browser, live_server):
    page, log = open_page(browser, 1366, 768)
    page.goto(live_server.url + "?year=2004")
    wait_for_map(page)
    wait_for_status(page, "as of 2004")
    page.locator("body").focus()

    # The search box: a city chosen with Enter opens its details, which take the focus.
    _tab_to(page, "#search-input")
    page.keyboard.type("Prag")
    page.locator("#search-list [role='option']").first.wait_for()
    page.keyboard.press("Enter")
    page.locator("#details-panel .details-city").get_by_text("Prague").wait_for()
    page.wait_for_function("() => document.activeElement.id === 'details-close'")
    # Esc closes them, and the focus goes back to the search box.
    page.keyboard.press("Escape")
    page.wait_for_selector("#details-panel.hidden", state="attached")
    page.wait_for_function("() => document.activeElement.id === 'search-input'")

    # The table: T opens it, Tab reaches a row's city, Enter opens its details.
    page.locator("#search-input").evaluate("(e) => e.blur()")
    page.keyboard.press("t")
    page.locator("#table-body .row-select").first.wait_for()
    _tab_to(page, "#table-body .row-select[data-city='Tokyo']", presses=200)
    page.keyboard.press("Enter")
    page.locator("#details-panel .details-city").get_by_text("Tokyo").wait_for()
    page.wait_for_function("() => document.activeElement.id === 'details-close'")
    page.keyboard.press("Escape")
    page.wait_for_selector("#details-panel.hidden", state="attached")
    page.wait_for_function("() => document.activeElement.dataset.city === 'Tokyo'")
    page.keyboard.press("t")  # back to the map (the focus is on a button: T is the page's)
    page.locator("#table-region").wait_for(state="hidden")

    # The import panel: Enter on Import opens it with the focus on its file field; Esc
    # closes it and the focus is back on Import.
    page.locator("#import-button").focus()
    page.keyboard.press("Enter")
    page.locator("#import-panel").wait_for(state="visible")
    page.wait_for_function("() => document.activeElement.id === 'import-file'")
    page.keyboard.press("Escape")
    page.locator("#import-panel").wait_for(state="hidden")
    page.wait_for_function("() => document.activeElement.id === 'import-button'")

    # The year: the slider's arrows.
    page.locator("#year-slider [role='slider']").focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    wait_for_status(page, "as of 2002")
    assert year_label(page) == 2002
    log.assert_clean()
    page.context.close()


def test_kbd002_the_phone_menu_and_sheet_by_keyboard(browser, live_server):
    page, log = open_page(browser, 390, 844)
    page.goto(live_server.url)
    wait_for_map(page)
    page.locator("#menu-button").focus()
    page.keyboard.press("Enter")
    page.locator("#header-menu").wait_for(state="visible")
    assert page.locator("#menu-button").get_attribute("aria-expanded") == "true"
    # The focus is in the menu, on its first control.
    page.wait_for_function(
        "() => document.getElementById('header-menu').contains(document.activeElement)"
    )
    page.keyboard.press("Escape")
    page.locator("#header-menu").wait_for(state="hidden")
    page.wait_for_function("() => document.activeElement.id === 'menu-button'")
    # Import from the menu: its panel takes the focus; closed, the focus goes to the menu.
    page.keyboard.press("Enter")
    _tab_to(page, "#import-button", presses=20)
    page.keyboard.press("Enter")
    page.locator("#import-panel").wait_for(state="visible")
    page.wait_for_function("() => document.activeElement.id === 'import-file'")
    page.keyboard.press("Escape")
    page.locator("#import-panel").wait_for(state="hidden")
    page.wait_for_function("() => document.activeElement.id === 'menu-button'")
    # The control sheet opens with Enter on its handle; Esc closes it.
    page.locator("#sheet-button").focus()
    page.keyboard.press("Enter")
    page.locator("#network-filter").wait_for(state="visible")
    assert page.locator("#sheet-button").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    page.locator("#network-filter").wait_for(state="hidden")
    page.wait_for_function("() => document.activeElement.id === 'sheet-button'")
    log.assert_clean()
    page.context.close()
