"""Accessibility in Chromium: every control has a name in the page's language, and the
keyboard focus can be seen on every stop of the Tab order."""

from __future__ import annotations

import pytest
from harness import open_page
from mapdom import wait_for_map

pytestmark = pytest.mark.browser

# The accessible name of each control, as a screen reader would announce it (the common
# sources: aria-labelledby, aria-label, a label, the text, the title, and the named group it
# is in). What is aria-hidden is not announced, and is left out.
_UNNAMED_JS = """
() => {
  const nameOf = (e) => {
    const by = e.getAttribute('aria-labelledby');
    if (by) {
      return by.split(/\\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ');
    }
    if (e.getAttribute('aria-label')) return e.getAttribute('aria-label');
    if (e.id) {
      const label = document.querySelector(`label[for="${CSS.escape(e.id)}"]`);
      if (label) return label.textContent;
    }
    const wrapping = e.closest('label');
    if (wrapping) return wrapping.textContent;
    const own = (e.textContent || '').trim() || e.getAttribute('title') || '';
    const group = e.parentElement && e.parentElement.closest('[role="group"]');
    return own || (group ? nameOf(group) : '');
  };
  const controls = document.querySelectorAll(
    'button, a[href], input, select, textarea, [role="slider"], [role="button"], '
    + '[tabindex]:not([tabindex="-1"])'
  );
  return [...controls]
    .filter((e) => e.getClientRects().length && !e.closest('.modebar'))
    .filter((e) => !e.closest('[aria-hidden="true"]'))
    .filter((e) => !nameOf(e).trim())
    .map((e) => e.outerHTML.slice(0, 120));
}
"""


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_a11y001_every_control_has_a_name(browser, live_server, locale, tmp_path):
    page, log = open_page(browser, locale=locale)
    page.goto(live_server.url + "?year=2004&city=Prague&country=CZ")
    wait_for_map(page)
    page.wait_for_selector("#details-panel:not(.hidden)")
    assert page.evaluate(_UNNAMED_JS) == []
    page.locator("#table-button").click()
    page.wait_for_selector("#table-body tr")
    assert page.evaluate(_UNNAMED_JS) == []
    # The import panel, with a file read: its inputs, column choices and buttons.
    spreadsheet = tmp_path / "lyon.csv"
    spreadsheet.write_text("Ville;Pays;Année\nTurin;Italie;1956\n", encoding="utf-8")
    page.locator("#import-button").click()
    page.set_input_files("#import-file", str(spreadsheet))
    page.wait_for_selector(".import-column .dash-dropdown")
    assert page.evaluate(_UNNAMED_JS) == []
    thumb = page.locator("#year-slider [role='slider']")
    assert thumb.get_attribute("aria-label") == ("Year" if locale == "en-GB" else "Année")
    log.assert_clean()
    page.context.close()


def test_a11y002_the_focus_can_be_seen_at_every_tab_stop(browser, live_server):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    page.locator("#table-button").click()
    page.wait_for_selector("#table-body tr")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
              const e = document.activeElement;
              const s = getComputedStyle(e);
              const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                || s.boxShadow !== 'none';
              return {tag: e.tagName, id: e.id, text: (e.textContent || '').slice(0, 30), visible};
            }"""
        )
        if stop["tag"] == "BODY":
            break
        seen.append(stop)
    assert len(seen) >= 20  # the controls, the downloads, the header and the table's columns
    hidden = [s for s in seen if not s["visible"]]
    assert hidden == [], f"focus not visible on: {hidden}"
    log.assert_clean()
    page.context.close()
