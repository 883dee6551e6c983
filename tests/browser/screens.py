"""The page on a given screen, as a person sees it: whether anything is wider than the screen,
buttons cut off by its edges, the map's width; and the page's views opened as a person would
(on a phone the header's buttons are in its menu)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

# (width, height): phones, a tablet upright, a small laptop and a common one.
PHONES = ((360, 740), (390, 844))
SIZES = (*PHONES, (768, 1024), (1024, 768), (1366, 768))

# Each visible button (its part not clipped by a scrolling container: that part is shown)
# that a screen edge cuts; and how wide the document is.
_LAYOUT_JS = """
() => {
  const W = innerWidth, H = innerHeight;
  const visible = (e) => {
    const s = getComputedStyle(e);
    return e.getClientRects().length && s.visibility !== 'hidden' && s.display !== 'none'
      && !e.closest('[hidden], [aria-hidden="true"]');
  };
  const shownPart = (e) => {
    let r = e.getBoundingClientRect();
    let box = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    for (let p = e.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const c = p.getBoundingClientRect();
      box = {left: Math.max(box.left, c.left), top: Math.max(box.top, c.top),
             right: Math.min(box.right, c.right), bottom: Math.min(box.bottom, c.bottom)};
    }
    return box;
  };
  const cut = [];
  for (const e of document.querySelectorAll('button, [role="button"], a.download-button')) {
    if (!visible(e)) continue;
    const b = shownPart(e);
    if (b.right - b.left < 1 || b.bottom - b.top < 1) continue;  // scrolled out of its box
    if (b.left < -1 || b.top < -1 || b.right > W + 1 || b.bottom > H + 1) {
      const name = e.id || e.className || e.tagName;
      const at = [b.left, b.top, b.right, b.bottom].map(Math.round).join(',');
      cut.push(`${name}: "${(e.textContent || '').trim().slice(0, 30)}" at ${at}`);
    }
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, width: W, cut};
}
"""


def layout_report(page: Page) -> dict:
    """{scrollWidth, width, cut: [the visible buttons a screen edge cuts]}."""
    return page.evaluate(_LAYOUT_JS)


def assert_fits(page: Page) -> None:
    """No sideways scrolling, and every visible button inside the screen."""
    report = layout_report(page)
    # A phone's browser widens its layout to fit a page wider than the screen: compare with
    # the screen itself too.
    screen = page.viewport_size["width"] if page.viewport_size else report["width"]
    assert report["width"] == screen, "the page is laid out wider than the screen"
    assert report["scrollWidth"] <= report["width"], "the page scrolls sideways"
    assert report["cut"] == [], "buttons cut off by the screen's edge"


def map_width(page: Page) -> float:
    return page.evaluate(
        "() => document.querySelector('#map .main-svg').getBoundingClientRect().width"
    )


def is_phone(page: Page) -> bool:
    """The phone's layout: the header's buttons are in a menu."""
    return page.locator("#menu-button").is_visible()


def header_button(page: Page, selector: str, *, tap: bool = False) -> None:
    """Press a header button (Table, Import, Present...), through the menu on a phone."""
    press = (lambda loc: loc.tap()) if tap else (lambda loc: loc.click())
    if is_phone(page) and not page.locator(selector).is_visible():
        press(page.locator("#menu-button"))
        page.locator("#header-menu").wait_for(state="visible")
    press(page.locator(selector))


def shoot(page: Page, folder: Path, name: str) -> Path:
    """A screenshot of the screen as it is, once the map has settled."""
    page.wait_for_timeout(350)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path
