"""Exports that leave the app in Chromium: the offline HTML page opens on its own (from a
file, with every host unreachable) and shows the view it was made of."""

from __future__ import annotations

import pytest
from harness import open_page
from mapdom import partner_points, visible_points, wait_for_map, wait_for_status

pytestmark = pytest.mark.browser


def test_exp001_the_offline_page_opens_from_a_file_with_no_network(
    browser, live_server, artifacts, tmp_path
):
    page, log = open_page(browser, locale="fr-FR")
    page.goto(live_server.url + "?year=2016&network=c40&mode=any")
    wait_for_map(page)
    wait_for_status(page, "en 2016")
    shown = partner_points(page)
    members = visible_points(page, "members")
    page.get_by_role("button", name="Thème sombre").click()
    page.wait_for_function("() => document.getElementById('page').dataset.theme === 'dark'")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger une page hors ligne (HTML)").click()
    download = download_info.value
    assert download.suggested_filename == "citylinks-Paris-2016.html"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert "<script src" not in text and "<link" not in text
    log.assert_clean()
    page.context.close()

    # Another browser context (as on another computer): only the file, no server, no host.
    offline, offline_log = open_page(browser, width=1600, height=1000)
    offline.goto(saved.as_uri())
    wait_for_map(offline)
    assert offline.title() == "Paris\u00a0: villes partenaires, 1956–2016"
    assert partner_points(offline, shown) == shown
    assert visible_points(offline, "members", expect=members) == members
    assert offline.evaluate("document.body.className") == "dark"
    assert offline.locator("caption").inner_text().endswith("ce que montre la carte en 2016")
    rows = offline.locator("tbody tr").count()
    assert rows >= shown
    offline.screenshot(path=artifacts / "offline_snapshot_2016_c40_dark.png", full_page=False)
    assert offline_log.requests == [saved.as_uri()]  # the file itself, and nothing else
    offline_log.assert_clean()
    offline.context.close()


def test_exp002_the_play_through_as_an_animated_gif(browser, live_server, artifacts):
    """One frame a year from the first year to the year shown, each as the page draws it."""
    from PIL import Image, ImageChops

    page, log = open_page(browser)
    page.goto(live_server.url + "?year=1962")
    wait_for_map(page)
    wait_for_status(page, "as of 1962")
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Download the play-through (GIF)").click()
    download = download_info.value
    assert download.suggested_filename == "citylinks-Paris-play-1956-1962.gif"
    path = artifacts / "play_1956_1962.gif"
    download.save_as(path)
    page.wait_for_selector("#download-status:has-text('saved as')")
    with Image.open(path) as gif:
        assert gif.format == "GIF" and gif.size == (960, 540)
        # A frame a year, and before the years with new agreements (1956 Rome, 1958 Kyoto) a
        # frame of their lines half grown, shown briefly.
        assert gif.n_frames == 1962 - 1956 + 1 + 2
        assert gif.info.get("loop") == 0  # plays on a loop
        frames = []
        durations = []
        for n in range(gif.n_frames):
            gif.seek(n)
            frames.append(gif.convert("RGB"))
            durations.append(gif.info["duration"])
        assert durations == [200, 700, 700, 200, 700, 700, 700, 700, 3000]
    half, first, last = frames[0], frames[1], frames[-1]
    assert ImageChops.difference(first, last).getbbox() is not None  # the years differ
    assert ImageChops.difference(half, first).getbbox() is not None  # Rome arrives
    # Rome's twinning (an orange diamond, #D55E00 drawn a little transparent) is on every
    # frame; the sea (#dcebf5) is drawn.
    for frame in (first, last):
        colours = {c for count, c in frame.getcolors(maxcolors=256 * 256) if count >= 20}
        assert any(r > 190 and r - b > 120 and 100 < g < 170 for r, g, b in colours)
        assert any(abs(r - 0xDC) + abs(g - 0xEB) + abs(b - 0xF5) < 12 for r, g, b in colours)
    log.assert_clean()
    page.context.close()
