"""The page under its Content-Security-Policy, and untrusted text from data files, in Chromium."""

from __future__ import annotations

import csv

import pytest
from harness import open_page, serve
from mapdom import point_position, slider_thumb, wait_for_map, wait_for_status

from app import create_app

pytestmark = pytest.mark.browser

# Registered before any page script: every CSP violation the page causes is kept.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""

XSS_CITY = "<img src=x onerror=alert(1)>"
XSS_NOTES = "</script><script>alert(2)</script><b onmouseover=alert(3)>bold</b>"
XSS_SOURCE = "javascript:alert(4)"


def test_sec101_page_works_under_its_content_security_policy(browser, live_server):
    page, log = open_page(browser)
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(live_server.url)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy and "unsafe-eval" not in policy
    wait_for_map(page)  # land from the local topojson, markers placed
    thumb = slider_thumb(page)
    thumb.focus()
    page.keyboard.press("ArrowLeft")
    wait_for_status(page, "as of")
    where = point_position(page, "partners", "Tokyo")
    page.mouse.click(where["x"], where["y"])
    page.wait_for_selector("#details-panel:not(.hidden)")
    page.get_by_role("checkbox", name="C40").check()
    page.wait_for_function(
        "() => document.querySelector('#map .legend').textContent.includes('C40 members')"
    )
    assert page.evaluate("() => window.__violations") == []
    log.assert_clean()
    page.context.close()


def _poison_rows(path) -> None:
    """Tokyo's rows of a data file made hostile: its name, notes and a source that would run
    if trusted."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("city")] == "Tokyo":
            row[header.index("city")] = XSS_CITY
            row[header.index("notes")] = XSS_NOTES
            row[header.index("source")] += " ; " + XSS_SOURCE
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


def _poison(folder) -> None:
    """Tokyo made hostile: its partner row, its later agreements and its memberships."""
    _poison_rows(folder / "partners.csv")
    _poison_rows(folder / "instruments.csv")
    members = folder / "memberships.csv"
    text = members.read_text(encoding="utf-8-sig").replace(",Tokyo,", f",{XSS_CITY},")
    members.write_text(text, encoding="utf-8-sig")


def test_sec102_untrusted_text_is_shown_never_run(browser, data_copy):
    _poison(data_copy)
    live, thread = serve(create_app(data_copy))
    try:
        page, log = open_page(browser)
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(live.url)
        wait_for_map(page)
        where = point_position(page, "partners", XSS_CITY)
        assert where is not None
        page.mouse.move(where["x"], where["y"])  # the hover label shows the name as text
        page.wait_for_selector("#map .hoverlayer .hovertext", state="attached")
        hover = page.evaluate(
            "() => document.querySelector('#map .hoverlayer .hovertext').textContent"
        )
        assert XSS_CITY in hover
        page.mouse.click(where["x"], where["y"])
        page.wait_for_selector("#details-panel:not(.hidden)")
        panel = page.locator("#details-panel")
        assert panel.locator("h2").inner_text() == XSS_CITY
        assert XSS_NOTES in panel.inner_text()
        assert panel.locator("img, script, b[onmouseover]").count() == 0
        assert panel.locator("a[href^='javascript']").count() == 0
        assert XSS_SOURCE in panel.inner_text()  # listed, as text
        page.get_by_role("checkbox", name="C40").check()
        page.wait_for_function(
            "() => document.querySelector('#map .legend').textContent.includes('C40 members')"
        )
        page.wait_for_timeout(300)
        assert page.locator("#map img").count() == 0
        assert dialogs == []
        assert page.evaluate("() => window.__violations") == []
        log.assert_clean()
        page.context.close()
    finally:
        live._server.shutdown()
        thread.join(5)
