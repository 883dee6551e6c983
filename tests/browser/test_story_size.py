"""A story at the bound, in Chromium: a file of over 500 kB (past a callback's usual 256 kB
body) is imported, saved and exported through the page; a file over LIMITS.story_bytes is
refused with the coded `story.too_large` problem, in the page's language."""

from __future__ import annotations

import json

import pytest
from harness import open_page
from mapdom import wait_for_map
from test_stories import wait_text

from citylinks.model.story import story_to_json
from citylinks.settings import LIMITS
from tests.unit.story_samples import largest_story

pytestmark = pytest.mark.browser


def test_storysize001_a_story_at_the_bound_goes_through_and_a_larger_one_is_refused(
    browser, live_server, tmp_path, artifacts
):
    big = largest_story(view="?year=1960")
    document = story_to_json(big)
    assert LIMITS.request_bytes < 500_000 < len(document.encode()) <= LIMITS.story_bytes
    path = tmp_path / "big.json"
    path.write_text(document, encoding="utf-8")
    page, log = open_page(browser, 1366, 768)
    page.goto(live_server.url)
    wait_for_map(page)
    page.locator("#story-button").click()
    page.locator("#story-file").set_input_files(str(path))
    wait_text(page, "#story-status", "(50 slides)")
    assert page.locator("#story-slides > li").count() == LIMITS.story_slides
    page.locator("#story-save").click()
    wait_text(page, "#story-status", "Story saved")
    page.locator("#story-links a.story-view-link").wait_for()
    with page.expect_download() as download:
        page.locator("#story-export").click()
    exported = tmp_path / "exported.json"
    download.value.save_as(exported)
    assert exported.read_text(encoding="utf-8") == document
    # a file over the bound: not sent, said too large
    larger = tmp_path / "larger.json"
    larger.write_text(document + " " * (LIMITS.story_bytes + 1000 - len(document.encode())))
    size = larger.stat().st_size
    page.locator("#story-file").set_input_files(str(larger))
    wait_text(page, "#story-status", f"the story's file is {size:,} bytes; the limit is 1,048,576")
    page.locator("#story-panel").screenshot(path=artifacts / "story_too_large.png")
    log.assert_clean()
    page.context.close()

    # in French
    page, log = open_page(browser, 1366, 768, locale="fr-FR")
    page.goto(live_server.url + "?lang=fr")
    wait_for_map(page)
    page.locator("#story-button").click()
    page.locator("#story-file").set_input_files(str(larger))
    wait_text(page, "#story-status", "le fichier de l’histoire fait")
    text = page.locator("#story-status").inner_text()
    assert "1\u202f048\u202f576" in text or "1\u00a0048\u00a0576" in text, json.dumps(text)
    log.assert_clean()
    page.context.close()
