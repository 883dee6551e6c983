"""A story's offline deck in Chromium: one HTML file opened from disk with every host
unreachable plays every slide with the presenter's keys (each slide's title, caption, year,
callouts, camera and 16 px labels), in both languages, with zero accessibility violations; its
*Slides (PNG, ZIP)* saves one 1920x1080 PNG a slide."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from axe import axe_violations, describe
from harness import open_page
from mapdom import wait_for_map

from app import create_app
from citylinks.i18n.catalogue import texts
from citylinks.model.story import Callout, Slide, Story, story_to_json
from components import ids
from components.story_exports import deck_file

pytestmark = pytest.mark.browser

STORY = Story(
    "Paris and the world",
    (
        Slide(
            "?year=1960",
            "Our first pacts",
            "Rome, 1956: the exclusive twinning.\nA second line <b>not bold</b>",
            (Callout("Rome", "IT", "Exclusive twinning since 1956"),),
        ),
        Slide(
            "?year=1999&view=europe",
            "The 1990s in Europe",
            "Capitals after 1989",
            (Callout("Prague", "CZ", "1997"), Callout("Berlin", "DE", "1987")),
        ),
        Slide("?year=2020&view=africa", "Africa", "Since 2015"),
        Slide(
            "?year=2010&city=Tokyo&country=JP",
            "The delegation's city",
            "Tokyo",
            (Callout("Tokyo", "JP", "Visiting in March"),),
        ),
    ),
)
YEARS = (1960, 1999, 2020, 2010)
CALLOUTS = (1, 2, 0, 1)


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The deck in each language, as *Offline deck (HTML)* gives it, saved to a folder."""
    served = create_app(imports=False).served_maps().main
    folder = tmp_path_factory.mktemp("decks")
    files = {}
    for lang in ("en", "fr"):
        name, page = deck_file(served, STORY, texts(lang), "light")
        files[lang] = folder / f"{lang}-{name}"
        files[lang].write_text(page, encoding="utf-8")
    return files


# The markers of the cities the map names (home, selected, new partners) under a callout.
HIDDEN_MARKERS = """() => {
    const box = (n) => n.getBoundingClientRect();
    const callouts = Array.from(document.querySelectorAll('.deck-callout.placed')).map(box);
    const named = Array.from(document.querySelectorAll('#map-plot .scatterlayer .trace'))
        .filter((g) => { const t = g.__data__ && g.__data__[0] && g.__data__[0].trace;
            return t && t.meta && ['home', 'selected'].includes(t.meta.role)
                || (t && t.mode === 'markers+text'); });
    const points = [].concat(...named.map((g) => Array.from(g.querySelectorAll('path.point'))))
        .map(box).filter((r) => r.width > 0);
    const hidden = (a, b) => a.left < b.right - 2 && b.left < a.right - 2
        && a.top < b.bottom - 2 && b.top < a.bottom - 2;
    return points.filter((p) => callouts.some((c) => hidden(c, p))).map((p) => [p.x, p.y]);
}"""


def wait_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => (document.querySelector(s) || {textContent: ''}).textContent.includes(t)",
        arg=[selector, text],
        timeout=120_000,
    )


def _wait_for_slide(page, n: int) -> None:
    page.wait_for_selector(f"body[data-shown='{n}']", timeout=20_000)


def _label_sizes(page) -> list[float]:
    return page.eval_on_selector_all(
        "#map-plot .geo .scatterlayer text",
        "nodes => nodes.filter(n => n.textContent.trim())"
        ".map(n => parseFloat(getComputedStyle(n).fontSize))",
    )


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=["1024x768", "1366x768"])
def test_dek101_the_deck_plays_every_slide_from_a_file_with_no_network(
    browser, decks, artifacts, size
):
    width, height = size
    page, log = open_page(browser, width=width, height=height)
    uri = decks["en"].as_uri()
    page.goto(uri)
    for n, slide in enumerate(STORY.slides, start=1):
        _wait_for_slide(page, n)
        assert page.inner_text("#deck-counter") == f"{n} / 4"
        assert page.get_attribute("#deck-counter", "aria-label") == f"Slide {n} of 4"
        assert page.inner_text("#deck-title") == slide.title
        assert page.inner_text("#deck-caption") == slide.caption  # text, never markup
        assert str(YEARS[n - 1]) in page.inner_text("#deck-status")
        assert page.locator(".deck-callout.placed").count() == CALLOUTS[n - 1]
        assert page.evaluate(HIDDEN_MARKERS) == [], "a callout hides a named city's marker"
        sizes = _label_sizes(page)
        assert sizes and min(sizes) >= 16, sizes
        scale = page.evaluate(
            "document.getElementById('map-plot')._fullLayout.geo.projection.scale"
        )
        assert (scale > 1.5) == (n in (2, 3)), scale  # Europe, Africa zoomed; the world else
        page.screenshot(path=artifacts / f"deck_slide{n}_{width}x{height}.png")
        if n < 4:
            page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")  # past the last: stays
    assert page.inner_text("#deck-counter") == "4 / 4"
    page.keyboard.press("PageUp")
    _wait_for_slide(page, 3)
    page.keyboard.press("Home")
    _wait_for_slide(page, 1)
    page.get_by_role("button", name="Next slide").click()
    _wait_for_slide(page, 2)
    assert page.evaluate("location.hash") == "#2"
    page.reload()  # the fragment keeps the slide
    _wait_for_slide(page, 2)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert log.requests == [uri, uri]  # the file itself (and its reload), nothing else
    log.assert_clean()
    page.context.close()


def test_dek102_the_french_deck(browser, decks, artifacts):
    page, log = open_page(browser, width=1366, height=768, locale="fr-FR")
    page.goto(decks["fr"].as_uri())
    _wait_for_slide(page, 1)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.get_attribute("#deck-counter", "aria-label") == "Diapositive 1 sur 4"
    assert "Source" in page.inner_text("#deck-credit")
    assert "en 1960" in page.inner_text("#deck-status")
    page.keyboard.press("End")
    _wait_for_slide(page, 4)
    assert page.locator(".deck-callout.placed").inner_text().startswith("Tokyo")
    page.screenshot(path=artifacts / "deck_slide4_fr_1366x768.png")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    log.assert_clean()
    page.context.close()


def test_dek103_the_slides_as_pngs_in_a_zip(browser, decks, artifacts):
    from PIL import Image

    page, log = open_page(browser, width=1366, height=768)
    page.goto(decks["en"].as_uri())
    _wait_for_slide(page, 1)
    with page.expect_download(timeout=90_000) as download_info:
        page.get_by_role("button", name="Slides (PNG, ZIP)").click()
    download = download_info.value
    assert download.suggested_filename == "paris-and-the-world-slides.zip"
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    assert archive.testzip() is None  # every CRC right
    names = archive.namelist()
    assert names == [f"slide-0{n}.png" for n in range(1, 5)]
    for name in names:
        image = Image.open(io.BytesIO(archive.read(name)))
        assert image.size == (1920, 1080)
        image.save(artifacts / f"deck_png_{name}")
    wait_text(page, "#deck-export-status", "(4 slides)")
    log.assert_clean()
    page.context.close()


def test_dek104_the_story_panel_makes_the_deck_and_the_slides(
    browser, live_server, artifacts, tmp_path
):
    """In the page: a story imported into the builder, then *Offline deck (HTML)* (opened from
    disk in another browser context, as on another computer) and *Slides (PNG, ZIP)*."""
    from PIL import Image

    story_file = tmp_path / "story.json"
    story_file.write_text(story_to_json(STORY), encoding="utf-8")
    page, log = open_page(browser, 1366, 768, locale="fr-FR")
    page.goto(live_server.url)
    wait_for_map(page)
    page.locator("#story-button").click()
    page.locator("#story-file").set_input_files(str(story_file))
    wait_text(page, "#story-status", "4 diapositives")
    builder = page.locator(f"#{ids.STORY_EXPORTS}-builder")
    with page.expect_download(timeout=60_000) as download_info:
        builder.get_by_role("button", name="Présentation hors ligne (HTML)").click()
    download = download_info.value
    assert download.suggested_filename == "paris-and-the-world.html"
    deck = tmp_path / download.suggested_filename
    download.save_as(deck)
    status = builder.locator(".story-status")
    assert "est téléchargé" in status.inner_text()
    with page.expect_download(timeout=120_000) as zip_info:
        builder.get_by_role("button", name="Diapositives (PNG, ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(zip_info.value.path()).read_bytes()))
    assert len(archive.namelist()) == 4
    first = Image.open(io.BytesIO(archive.read("slide-01.png")))
    assert first.size == (1920, 1080)
    first.save(artifacts / "story_panel_slide-01.png")
    wait_text(page, f"#{ids.STORY_EXPORTS}-builder .story-status", "(4 diapositives)")
    log.assert_clean()
    page.context.close()

    offline, offline_log = open_page(browser, 1024, 768)
    offline.goto(deck.as_uri())
    _wait_for_slide(offline, 1)
    assert offline.inner_text("#deck-title") == "Our first pacts"
    assert offline.evaluate("document.documentElement.lang") == "fr"
    offline_log.assert_clean()
    assert offline_log.requests == [deck.as_uri()]
    offline.context.close()
