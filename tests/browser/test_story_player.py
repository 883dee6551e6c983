"""The story player in Chromium, as a presenter uses it on a 1024x768 projector: the map flies
between slides whose view looks elsewhere (and jumps with prefers-reduced-motion), callouts keep
off the map's labels and inside the screen, and Esc leaves full screen first, then the story for
the ordinary map of the slide shown, with *Back to the story* to play on, in both languages."""

from __future__ import annotations

import pytest
from axe import axe_violations, describe
from harness import open_page
from mapdom import wait_for_map, wait_for_status

from citylinks.model.story import Callout, Slide, Story, story_to_data

pytestmark = pytest.mark.browser

STORY = Story(
    "Paris for the delegation",
    (
        Slide("?year=1960", "Our first pacts", "Rome in 1956."),
        Slide(
            "?year=2004&view=europe",
            "Europe in 2004",
            "The capitals of Europe.",
            (Callout("London", "GB", "Friendship since 2001"),),
        ),
        Slide(
            "?year=2010&city=Tokyo&country=JP&view=asia",
            "The delegation's city",
            "Tokyo, since 1982.",
            (Callout("Tokyo", "JP", "Delegation visiting in March"),),
        ),
    ),
)
SAVE_OUTPUT = (
    "..story-status.children...story-links.children...story-saved.data"
    "...story-conflict.hidden...story-reload.href.."
)


def _save(page, base: str) -> str:
    """The story saved through the page's own save callback; its view link."""
    page.goto(base)
    wait_for_map(page)
    body = {
        "output": SAVE_OUTPUT,
        "outputs": [
            {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
            for part in SAVE_OUTPUT[2:-2].split("...")
        ],
        "inputs": [
            {"id": "story-save", "property": "n_clicks", "value": 1},
            {"id": "story-save-new", "property": "n_clicks", "value": 0},
        ],
        "state": [
            {"id": "story-data", "property": "data", "value": story_to_data(STORY)},
            {"id": "story-key", "property": "data", "value": ""},
            {"id": "story-saved", "property": "data", "value": {}},
            {"id": "language", "property": "data", "value": "en"},
        ],
        "changedPropIds": ["story-save.n_clicks"],
    }
    answer = page.evaluate(
        """async (body) => {
            const response = await fetch("/_dash-update-component", {method: "POST",
                headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
            return response.json();
        }""",
        body,
    )
    saved = answer["response"]["story-saved"]["data"]
    return f"{base}stories/{saved['id']}/"


def _slide(page, n: int, count: int = 3) -> None:
    page.wait_for_function(
        f"() => document.querySelector('#story-counter').textContent === '{n} / {count}'"
    )


SAMPLE = """(ms) => {
    const gd = document.querySelector('#map .js-plotly-plot');
    window.citylinksScales = (async () => {
        const seen = [];
        const start = performance.now();
        let changed = null; // when the scale last changed
        while (performance.now() - start < ms) {
            const now = performance.now() - start;
            const scale = gd._fullLayout.geo.projection.scale;
            if (seen.length && scale !== seen[seen.length - 1][1]) {
                changed = now;
            }
            seen.push([now, scale]);
            if (changed !== null && now - changed > 800) {
                break; // moved, then still
            }
            await new Promise((r) => requestAnimationFrame(r));
        }
        return seen;
    })();
}"""


def _scales_after(page, key: str, ms: int) -> list[list[float]]:
    """The map's scale at each frame for `ms` after pressing `key`: [time, scale]."""
    page.evaluate(SAMPLE, ms)
    page.keyboard.press(key)
    return page.evaluate("() => window.citylinksScales")


def _boxes(page) -> dict:
    return page.evaluate(
        """() => {
            const box = (e) => { const r = e.getBoundingClientRect();
                return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
            return {
                callouts: Array.from(document.querySelectorAll('.story-callout.placed')).map(box),
                labels: Array.from(document.querySelectorAll(
                    '#map .geo .scatterlayer .trace text'))
                    .filter((t) => t.textContent.trim()).map(box)
                    .filter((b) => b.right > b.left),
                width: window.innerWidth, height: window.innerHeight,
            };
        }"""
    )


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def test_storyplay001_the_map_flies_and_callouts_keep_off_the_labels(
    browser, live_server, artifacts
):
    page, log = open_page(browser, 1024, 768)
    view_link = _save(page, live_server.url)
    page.goto(view_link)
    wait_for_map(page)
    _slide(page, 1)
    wait_for_status(page, "as of 1960")
    page.wait_for_timeout(1500)
    # slide 2 looks at Europe: the scale goes there in steps over about 0.7 s (a busy machine,
    # each drawing of the map taking a few hundred ms, draws few steps, not a longer flight:
    # fly.js), not at once
    samples = _scales_after(page, "PageDown", 8000)
    _slide(page, 2)
    start, end = samples[0][1], samples[-1][1]
    assert end > 2 * start, samples
    between = [(t, s) for t, s in samples if start * 1.05 < s < end * 0.95]
    assert between, samples
    moved = next(t for t, s in samples if s != start)
    arrived = next(t for t, s in samples if abs(s - end) < 1e-6)
    assert arrived - moved > 300, samples  # a flight, not a jump
    wait_for_status(page, "as of 2004")
    page.wait_for_timeout(1500)
    for n in (2, 3):
        if n == 3:
            page.keyboard.press("PageDown")
            _slide(page, 3)
            wait_for_status(page, "as of 2010")
            page.wait_for_timeout(2500)
        page.locator(".story-callout.placed").first.wait_for()
        page.wait_for_timeout(500)
        found = _boxes(page)
        assert found["callouts"] and found["labels"]
        for callout in found["callouts"]:
            assert callout["left"] >= 0 and callout["right"] <= found["width"]
            assert callout["top"] >= 0 and callout["bottom"] <= found["height"]
            covered = [label for label in found["labels"] if _overlap(callout, label)]
            assert covered == [], (n, callout, covered)
        page.screenshot(path=artifacts / f"story_player_slide{n}_1024x768.png")
    # with prefers-reduced-motion the map jumps: back to slide 2, no steps between
    page.emulate_media(reduced_motion="reduce")
    samples = _scales_after(page, "PageUp", 8000)
    _slide(page, 2)
    low, high = sorted((samples[0][1], samples[-1][1]))
    assert high > 1.5 * low, samples
    assert [s for _, s in samples if low * 1.02 < s < high * 0.98] == [], samples
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize(
    ("lang", "back", "left"),
    [
        ("en", "▶ Back to the story (slide 2 of 3)", "Story left: the map of slide 2 stays"),
        ("fr", "▶ Revenir au récit (diapositive 2 sur 3)", "Récit quitté\u00a0: la carte"),
    ],
)
def test_storyplay002_esc_leaves_full_screen_then_the_story(
    browser, live_server, artifacts, lang, back, left
):
    page, log = open_page(browser, 1024, 768, locale="en-GB" if lang == "en" else "fr-FR")
    view_link = _save(page, live_server.url)
    page.goto(view_link + f"?lang={lang}")
    wait_for_map(page)
    _slide(page, 1)
    page.wait_for_timeout(1200)
    page.keyboard.press("PageDown")
    _slide(page, 2)
    page.wait_for_timeout(1500)
    presenting = "() => document.querySelector('#page').classList.contains('presenting')"
    # full screen (F), then Esc leaves full screen only
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement !== null")
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.fullscreenElement === null")
    page.wait_for_timeout(500)
    assert page.evaluate(presenting)
    assert page.locator("#story-resume").is_hidden()
    assert page.locator("#story-counter").inner_text() == "2 / 3"
    # a second Esc leaves the story for the ordinary map of slide 2
    page.keyboard.press("Escape")
    resume = page.locator("#story-resume")
    resume.wait_for()
    page.wait_for_function(f"() => !({presenting})()")
    assert resume.inner_text() == back
    assert page.evaluate("() => document.activeElement.id") == "story-resume"
    assert left in page.locator("#story-announce").inner_text()
    assert page.locator(".story-card").is_hidden() and page.locator(".story-controls").is_hidden()
    assert "present=1" not in page.url and "year=2004" in page.url
    page.wait_for_timeout(800)
    page.screenshot(path=artifacts / f"story_left_{lang}_1024x768.png")
    found = axe_violations(page)
    assert found == [], describe(found)
    # the page's own keys are back (Esc does not come back into the story)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert resume.is_visible()
    # Enter on *Back to the story*: slide 2 again, presenting
    resume.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(presenting)
    _slide(page, 2)
    assert resume.is_hidden()
    assert "present=1" in page.url
    page.keyboard.press("PageDown")
    _slide(page, 3)
    log.assert_clean()
    page.context.close()
