"""Stories, in Chromium, as a person preparing a meeting would: build a story of four slides in
the *Story* panel (different years, filters, a selected city, a callout), reorder them, save it,
open its link in a fresh browser, play it with the keyboard (PageDown, as a presenter's clicker
sends) and read each slide's view and caption; export it as JSON and import it back; axe-core
on the builder and the player; screenshots of each slide at 1024x768 and 1366x768."""

from __future__ import annotations

import json

import pytest
from axe import axe_violations, describe
from harness import open_page
from mapdom import status, wait_for_map, wait_for_status, year_label

pytestmark = pytest.mark.browser

# (address, the status sentence shows, slide title, caption)
SLIDES = [
    (
        "?year=1960",
        "as of 1960",
        "Our first pacts",
        "Rome in 1956, then the first\nfriendship agreements.",
    ),
    ("?year=1999&region=EU", "as of 1999", "The 1990s in Europe", "Europe's capitals join in."),
    ("?year=2020&region=AF", "as of 2020", "Africa since 2015", "Cooperation with Africa."),
    (
        "?year=2010&city=Tokyo&country=JP",
        "as of 2010",
        "The delegation's city",
        "Tokyo, since 1982.",
    ),
]


def _slide_item(page, n: int):
    return page.locator("#story-slides > li").nth(n - 1)


def _add_slide(page, base: str, address: str, title: str, caption: str) -> None:
    page.goto(base + address)
    wait_for_map(page)
    page.wait_for_timeout(400)
    if page.locator("#story-panel").is_hidden():
        page.locator("#story-button").click()
    count = page.locator("#story-slides > li").count()
    page.locator("#story-add").click()
    item = _slide_item(page, count + 1)
    item.get_by_label("Title", exact=True).fill(title)
    item.get_by_label("Caption (a few lines)").fill(caption)


def _build(page, base: str) -> None:
    """Four slides, added in the order 1, 2, 4, 3, then the last two swapped back."""
    page.goto(base)
    wait_for_map(page)
    page.locator("#story-button").click()
    page.locator("#story-title").fill("Paris and the world")
    for address, _, title, caption in (SLIDES[0], SLIDES[1], SLIDES[3], SLIDES[2]):
        _add_slide(page, base, address, title, caption)
    # a callout on Tokyo's slide (the slide's own city is offered first)
    tokyo = _slide_item(page, 3)
    tokyo.get_by_role("button", name="Add a callout").click()
    tokyo.get_by_label("Note of callout 1").fill("Delegation visiting in March")
    # reorder with the keyboard: focus "Move slide 4 up" and press Enter
    _slide_item(page, 4).get_by_role("button", name="Move up slide 4").focus()
    page.keyboard.press("Enter")
    titles = page.locator("#story-slides > li input[data-field='title']")
    assert [titles.nth(i).input_value() for i in range(4)] == [s[2] for s in SLIDES]
    # focus stayed on the moved slide's button
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused == "Move up slide 3"


def test_story001_build_save_and_play_with_the_keyboard(browser, live_server, artifacts):
    page, log = open_page(browser, 1366, 768)
    base = live_server.url
    _build(page, base)
    assert axe_violations(page, "#story-panel") == [], describe(
        axe_violations(page, "#story-panel")
    )
    page.screenshot(path=artifacts / "story_builder_1366x768.png")
    page.locator("#story-save").click()
    link = page.locator("#story-links a.story-view-link")
    link.wait_for()
    view_link = link.get_attribute("href")
    edit_link = page.locator("#story-links a.story-edit-link").get_attribute("href")
    assert "/stories/" in view_link and "#key=" in edit_link
    log.assert_clean()
    page.context.close()

    for width, height in ((1024, 768), (1366, 768)):
        player, player_log = open_page(browser, width, height)
        player.goto(view_link)
        wait_for_map(player)
        player.wait_for_function(
            "() => document.querySelector('#page').classList.contains('presenting')"
        )
        for n, (_, shown, title, caption) in enumerate(SLIDES, start=1):
            if n > 1:
                player.keyboard.press("PageDown")
            player.wait_for_function(
                f"() => document.querySelector('#story-counter').textContent === '{n} / 4'"
            )
            wait_for_status(player, shown)
            assert year_label(player) == int(shown[-4:])
            assert player.locator("#story-slide-title").inner_text() == title
            assert player.locator("#story-caption").inner_text() == caption
            assert "CityLinks" in player.locator("#story-credit").inner_text()
            size = player.evaluate(
                "() => parseFloat(getComputedStyle("
                "document.querySelector('#story-caption')).fontSize)"
            )
            assert size >= 20
            if n == 4:
                assert "Tokyo" in status(player) or "Tokyo" in player.url
                player.locator(".story-callout.placed").wait_for()
                assert "Delegation visiting" in player.locator(".story-callout").inner_text()
            player.wait_for_timeout(600)
            player.screenshot(path=artifacts / f"story_slide{n}_{width}x{height}.png")
        # back with PageUp and the arrow, and the on-screen buttons
        player.keyboard.press("PageUp")
        player.wait_for_function(
            "() => document.querySelector('#story-counter').textContent === '3 / 4'"
        )
        player.keyboard.press("ArrowLeft")
        player.wait_for_function(
            "() => document.querySelector('#story-counter').textContent === '2 / 4'"
        )
        wait_for_status(player, "as of 1999")
        player.locator("#story-next").click()
        player.wait_for_function(
            "() => document.querySelector('#story-counter').textContent === '3 / 4'"
        )
        wait_for_status(player, "as of 2020")
        if width == 1366:
            found = axe_violations(player)
            assert found == [], describe(found)
        player_log.assert_clean()
        player.context.close()

    # the edit link opens the builder on the story; the key updates it
    editor, editor_log = open_page(browser, 1366, 768)
    editor.goto(edit_link)
    wait_for_map(editor)
    editor.locator("#story-panel").wait_for()
    assert editor.locator("#story-slides > li").count() == 4
    editor.locator("#story-title").fill("Paris and the world, revised")
    editor.locator("#story-save").click()
    wait_text(editor, "#story-status", "Story updated")
    editor_log.assert_clean()
    editor.context.close()


def wait_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => (document.querySelector(s) || {}).textContent.includes(t)",
        arg=[selector, text],
    )


def test_story002_export_and_import_json(browser, live_server, artifacts, tmp_path):
    page, log = open_page(browser, 1366, 768)
    base = live_server.url
    page.goto(base)
    wait_for_map(page)
    page.locator("#story-button").click()
    page.locator("#story-title").fill("Exported")
    for address, _, title, caption in SLIDES[:2]:
        _add_slide(page, base, address, title, caption)
    with page.expect_download() as download:
        page.locator("#story-export").click()
    path = tmp_path / "story.json"
    download.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "citylinks-story" and data["title"] == "Exported"
    assert [s["view"] for s in data["slides"]] == [SLIDES[0][0], SLIDES[1][0]]
    # a new story, then the file imported back
    page.locator("#story-new").click()
    assert page.locator("#story-slides > li").count() == 0
    page.locator("#story-file").set_input_files(str(path))
    wait_text(page, "#story-status", "Story imported: Exported (2 slides)")
    assert page.locator("#story-slides > li").count() == 2
    assert page.locator("#story-title").input_value() == "Exported"
    # a file that is not a story: the problem is said in the page's language
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "citylinks-story", "version": 1, "title": "",'
        ' "slides": [{"view": "?year=abc"}]}'
    )
    page.locator("#story-file").set_input_files(str(bad))
    wait_text(page, "#story-status", "The story cannot be used")
    text = page.locator("#story-status").inner_text()
    assert "the story's title: is empty" in text and "slide 1, view" in text
    page.screenshot(path=artifacts / "story_import_problems.png")
    log.assert_clean()
    page.context.close()


def test_story003_unknown_story_is_a_bilingual_404(browser, live_server):
    page, log = open_page(browser)
    response = page.goto(live_server.url + "stories/AAAAAAAAAAAA/")
    assert response.status == 404
    assert page.locator("section[lang='fr'] h1").count() == 1
    # the 404 itself is the console's only error
    assert log.page_errors == [] and log.outside == []
    assert all("404" in error for error in log.console_errors)
    page.context.close()
