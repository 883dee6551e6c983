"""Two tabs editing one saved story, in Chromium: the tab holding an older revision is told the
story changed elsewhere, and may save its own as a new story or reload the saved one; the
builder's panel with its offline deck and PNG buttons, axe-core on it."""

from __future__ import annotations

import pytest
from axe import axe_violations, describe
from harness import open_page
from mapdom import wait_for_map
from test_stories import SLIDES, _add_slide, wait_text

pytestmark = pytest.mark.browser


def _open_edit(browser, link: str):
    page, log = open_page(browser, 1366, 768)
    page.goto(link)
    wait_for_map(page)
    page.locator("#story-slides > li").first.wait_for()
    return page, log


def _save_as(page, title: str) -> None:
    page.locator("#story-title").fill(title)
    page.locator("#story-save").click()


def test_storyconflict001_an_older_tab_does_not_overwrite(browser, live_server, artifacts):
    base = live_server.url
    tab_a, log_a = open_page(browser, 1366, 768)
    tab_a.goto(base)
    wait_for_map(tab_a)
    tab_a.locator("#story-button").click()
    tab_a.locator("#story-title").fill("Conflict story")
    for address, _, title, caption in SLIDES[:2]:
        _add_slide(tab_a, base, address, title, caption)
    assert tab_a.locator("#story-panel .story-exports button").count() == 2
    tab_a.locator("#story-save").click()
    tab_a.locator("#story-links a.story-edit-link").wait_for()
    edit_link = tab_a.locator("#story-links a.story-edit-link").get_attribute("href")
    first_id = edit_link.split("/stories/")[1].split("/")[0]

    # tab B opens the edit link and saves a change
    tab_b, log_b = _open_edit(browser, edit_link)
    _save_as(tab_b, "Changed in tab B")
    wait_text(tab_b, "#story-status", "Story updated: Changed in tab B")
    # tab A, still at revision 1, saves: refused, nothing overwritten
    _save_as(tab_a, "Changed in tab A")
    wait_text(tab_a, "#story-status", "this story was changed elsewhere since you opened it")
    conflict = tab_a.locator("#story-conflict")
    assert conflict.is_visible()
    reload = tab_a.get_by_role("link", name="Reload the saved story")
    assert f"/stories/{first_id}/edit#key=" in reload.get_attribute("href")
    tab_a.locator("#story-panel").screenshot(path=artifacts / "story_conflict_builder.png")
    found = axe_violations(tab_a, "#story-panel")
    assert found == [], describe(found)
    # save it as a new story instead: its own links
    tab_a.get_by_role("button", name="Save as a new story").click()
    wait_text(tab_a, "#story-status", "Story saved: Changed in tab A")
    assert conflict.is_hidden()
    new_link = tab_a.locator("#story-links a.story-view-link").get_attribute("href")
    assert first_id not in new_link

    # a third tab opens revision 2; tab B saves again (3); the third tab reloads
    tab_c, log_c = _open_edit(browser, edit_link)
    _save_as(tab_b, "Changed in tab B again")
    wait_text(tab_b, "#story-status", "Story updated: Changed in tab B again")
    _save_as(tab_c, "Changed in tab C")
    wait_text(tab_c, "#story-status", "changed elsewhere")
    with tab_c.expect_navigation():
        tab_c.get_by_role("link", name="Reload the saved story").click()
    wait_for_map(tab_c)
    tab_c.locator("#story-slides > li").first.wait_for()
    tab_c.wait_for_function(
        "() => document.querySelector('#story-title').value === 'Changed in tab B again'"
    )
    _save_as(tab_c, "Changed in tab C")
    wait_text(tab_c, "#story-status", "Story updated: Changed in tab C")
    for log in (log_a, log_b, log_c):
        log.assert_clean()
    for page in (tab_a, tab_b, tab_c):
        page.context.close()
