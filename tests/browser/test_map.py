"""The map dashboard in headless Chromium, checked as a person would use it."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from harness import open_page
from mapdom import (
    partner_points,
    point_position,
    slider_thumb,
    status,
    visible_points,
    wait_for_map,
    wait_for_status,
    year_label,
)

pytestmark = pytest.mark.browser
THIS_YEAR = dt.date.today().year


def _go_to_year(page, year: int) -> None:
    thumb = slider_thumb(page)
    thumb.focus()
    page.keyboard.press("Home")
    for _ in range(year - 1956):
        page.keyboard.press("ArrowRight")
    wait_for_status(page, f"as of {year}")


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_map001_default_view_offline(browser, live_server, artifacts, width, height):
    page, log = open_page(browser, width, height)
    page.goto(live_server.url)
    wait_for_map(page)
    # 60 partners signed 1956-2025, less the three whose agreements lapsed (Rio de Janeiro,
    # Phnom Penh, Barcelona).
    assert partner_points(page, 57) == 57
    assert visible_points(page, "home") == 1
    assert f"Paris: 57 partners in 46 countries as of {THIS_YEAR}" in status(page)
    # The land comes from assets/, not from a CDN: its request went to this server.
    assert any(url.endswith("/assets/topojson/world_110m.json") for url in log.requests)
    # plotly.js is the geo-only bundle, served by this app too.
    assert page.evaluate("() => window.Plotly.version") == "3.7.0"
    # The map fills the space between the controls and the window's right edge.
    box = page.locator("#map .main-svg").first.bounding_box()
    centre = page.locator(".centre").bounding_box()
    assert box["width"] >= centre["width"] - 2
    assert box["height"] >= 0.55 * height - 120
    page_box = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert page_box[0] <= page_box[1], "the page scrolls sideways"
    page.screenshot(path=str(artifacts / f"map_default_{width}x{height}.png"))
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize(
    ("year", "partners"),
    [(1956, 1), (1957, 1), (1958, 2), (1987, 7), (1997, 19), (2004, 38), (2006, 40)],
)
def test_map003_partner_markers_per_year(browser, live_server, year, partners):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    _go_to_year(page, year)
    assert year_label(page) == year
    assert partner_points(page, partners) == partners
    assert f"{partners} partner" in status(page)
    if year == 1956:  # Rome, highlighted as signed that very year
        assert visible_points(page, "partners", "new", expect=1) == 1
        assert visible_points(page, "partners", "twinning", expect=0) == 0
    if year == 1958:  # Kyoto is the new one; Rome is drawn as the twinning
        assert visible_points(page, "partners", "new", expect=1) == 1
        assert visible_points(page, "partners", "twinning", expect=1) == 1
    log.assert_clean()
    page.context.close()


def test_map004_play_advances_pauses_and_resumes(browser, live_server):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    _go_to_year(page, 1956)
    page.click("#play-button")
    page.wait_for_function("() => +document.querySelector('#year-label').innerText >= 1959")
    assert "Pause" in page.inner_text("#play-button")
    page.click("#play-button")
    paused_at = year_label(page)
    page.wait_for_timeout(2500)
    assert year_label(page) == paused_at, "pause must stop the years"
    assert "Play" in page.inner_text("#play-button")
    wait_for_status(page, f"as of {paused_at}")
    page.click("#play-button")
    page.wait_for_function(
        "(y) => +document.querySelector('#year-label').innerText === y + 1", arg=paused_at
    )
    page.click("#play-button")
    log.assert_clean()
    page.context.close()


def test_map005_play_stops_at_the_end(browser, live_server):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    _go_to_year(page, THIS_YEAR - 2)
    page.click("#play-button")
    page.wait_for_function(
        "(y) => +document.querySelector('#year-label').innerText === y", arg=THIS_YEAR
    )
    page.wait_for_function(
        "() => document.querySelector('#play-button').innerText.includes('Play')"
    )
    page.wait_for_timeout(2000)
    assert year_label(page) == THIS_YEAR
    # Play at the end starts again from the first year.
    page.click("#play-button")
    page.wait_for_function("() => +document.querySelector('#year-label').innerText < 1960")
    page.click("#play-button")
    log.assert_clean()
    page.context.close()


def test_map006_network_filter(browser, live_server, artifacts, dataset):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    assert visible_points(page, "members") == 0
    page.get_by_role("checkbox", name="C40").check()
    page.wait_for_function(
        "() => document.querySelectorAll('#map .geo .scatterlayer .trace').length > 6"
    )
    m = dataset.memberships
    c40_now = m[(m["network_id"] == "c40") & m["to_year"].isna() & ~m["is_home"]]
    assert visible_points(page, "members", "c40", expect=96) == len(c40_now) == 96
    legend = page.locator("#map .legend").text_content()
    assert "C40 members: 27 partners, 69 others" in legend
    assert partner_points(page, 57) == 57  # "show" mode keeps every partner

    page.get_by_label("Partners in any selected network").check()
    wait_for_status(page, "(filtered by network)")
    assert partner_points(page, 27) == 27
    assert "27 partners" in status(page)
    page.screenshot(path=str(artifacts / "map_filtered_c40.png"))

    page.get_by_role("checkbox", name="AIMF").check()
    page.wait_for_function(
        "() => document.querySelector('#map .legend').textContent.includes('AIMF members')"
    )
    # C40 or AIMF: the 27 C40 partners, plus Québec, Geneva, Tunis, Rabat, Yerevan and Beirut.
    wait_for_status(page, ": 33 partners")
    assert partner_points(page, 33) == 33
    page.get_by_label("Partners in every selected network").check()
    wait_for_status(page, ": 2 partners in 2 countries")
    # In both C40 and AIMF: Montreal and Casablanca, and only those.
    assert partner_points(page, 2) == 2
    log.assert_clean()
    page.context.close()


def test_map007_empty_filter_says_so(browser, live_server):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    page.get_by_role("checkbox", name="Cities for Life").check()
    page.get_by_label("Partners in any selected network").check()
    wait_for_status(page, "0 partners")
    assert partner_points(page, 0) == 0
    annotation = page.locator("#map .annotation").text_content()
    assert "No partner shares Cities for Life with Paris" in annotation
    assert page.locator("#map .geo .layer.land path").count() > 0  # still a map, not a blank
    log.assert_clean()
    page.context.close()


def test_map008_click_opens_city_details(browser, live_server, artifacts):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    assert not page.locator("#details-panel").is_visible()
    where = point_position(page, "partners", "Tokyo")
    assert where is not None
    page.mouse.click(where["x"], where["y"])
    page.wait_for_selector("#details-panel:not(.hidden)")
    assert visible_points(page, "selected", expect=1) == 1  # a ring marks the city
    panel = page.locator("#details-panel")
    assert panel.locator("h2").inner_text() == "Tokyo"
    text = panel.inner_text()
    assert "Friendship and cooperation agreement, signed 14 July 1982" in text
    assert "km from Paris" in text and "9,7" in text
    assert "C40" in text and "Shares C40 with Paris" in text
    links = panel.locator("ol.sources > li > a[href^='https://www.metro.tokyo.lg.jp']")
    assert links.count() == 1
    # Tokyo's later agreements (2015, 2017, 2018, 2021), each with its own sources.
    assert panel.locator(".chronology-item").count() == 5
    # The map shrinks to make room for the panel instead of running under it.
    panel_box = panel.bounding_box()
    page.wait_for_function(
        "(right) => document.querySelector('#map .main-svg').getBoundingClientRect().right"
        " <= right",
        arg=panel_box["x"] + 1,
    )
    page.screenshot(path=str(artifacts / "details_tokyo.png"))
    page.click("#details-close")
    page.wait_for_selector("#details-panel.hidden", state="attached")
    assert visible_points(page, "selected", expect=0) == 0
    log.assert_clean()
    page.context.close()


def _band_centre_year(page) -> float:
    """The year under the centre of the timeline's band, read off the chart's own x axis."""
    return page.evaluate(
        """() => {
          const gd = document.querySelector('#timeline .js-plotly-plot');
          const xa = gd._fullLayout.xaxis;
          const plot = gd.querySelector('.nsewdrag').getBoundingClientRect();
          const band = document.querySelector('#timeline-band').getBoundingClientRect();
          return xa.p2l(band.left + band.width / 2 - plot.left);
        }"""
    )


def test_map009_timeline_bar_sets_the_year(browser, live_server):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    timeline = "() => document.querySelector('#timeline .js-plotly-plot')"
    page.wait_for_selector("#timeline-band[style]", state="attached")
    assert _band_centre_year(page) == pytest.approx(THIS_YEAR, abs=0.05)
    # Click in the column of 1997, low down, where a person aims at the bar.
    x, y = page.evaluate(
        f"""() => {{
          const gd = ({timeline})(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
          const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
          return [box.left + xa.l2p(1997), box.top + ya.l2p(1)];
        }}"""
    )
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    wait_for_status(page, "as of 1997")
    assert year_label(page) == 1997
    assert partner_points(page, 19) == 19
    assert _band_centre_year(page) == pytest.approx(1997, abs=0.05)
    log.assert_clean()
    page.context.close()


def test_map010_zoom_is_kept_when_the_year_changes(browser, live_server):
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    scale = "() => document.querySelector('#map .js-plotly-plot')._fullLayout.geo.projection.scale"
    before = page.evaluate(scale)
    box = page.locator("#map .geo .bglayer, #map .geo").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(3):  # three notches of the mouse wheel
        page.mouse.wheel(0, -200)
        page.wait_for_timeout(150)
    page.wait_for_function(f"() => ({scale})() > {before} * 1.5")
    page.wait_for_timeout(500)  # plotly records the new view when the zoom gesture ends
    zoomed = page.evaluate(scale)
    # and a drag to pan
    page.mouse.move(box["x"] + 300, box["y"] + 200)
    page.mouse.down()
    page.mouse.move(box["x"] + 420, box["y"] + 260, steps=6)
    page.mouse.up()
    rotation = "() => document.querySelector('#map .js-plotly-plot')._fullLayout.geo.center.lon"
    page.wait_for_timeout(500)
    panned = page.evaluate(rotation)
    assert panned != pytest.approx(0, abs=1)
    _go_to_year(page, 1999)
    assert partner_points(page, 26) == 26
    assert page.evaluate(scale) == pytest.approx(zoomed)
    assert page.evaluate(rotation) == pytest.approx(panned)
    page.get_by_role("checkbox", name="UCLG").check()
    wait_for_status(page, "UCLG was founded in 2004")
    page.get_by_role("checkbox", name="Eurocities").check()
    page.wait_for_function(
        "() => document.querySelector('#map .legend').textContent.includes('EUROCITIES members')"
    )
    assert page.evaluate(scale) == pytest.approx(zoomed)
    log.assert_clean()
    page.context.close()


def test_map011_loading_shows_a_spinner_not_a_blank(browser, live_server, artifacts):
    page, log = open_page(browser, 1280, 720)
    held = []
    # Hold Dash's renderer back, as a slow laptop would, until the spinner is checked.
    page.route("**/dash_renderer*.js", lambda route: held.append(route))
    page.goto(live_server.url, wait_until="commit")
    spinner = page.locator("._dash-loading")
    spinner.wait_for(state="visible")
    animation = spinner.evaluate("(e) => getComputedStyle(e).animationName")
    assert animation == "spin"
    box = spinner.bounding_box()
    assert box["width"] >= 40 and box["height"] >= 40
    assert len(held) == 1
    held[0].continue_()
    wait_for_map(page)
    assert not spinner.is_visible()
    log.assert_clean()
    page.context.close()


def _write(path, rows):
    import csv

    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def test_map012_lines_across_the_pacific(browser, tmp_path, artifacts):
    """Another city's data (home Tokyo): lines to the Americas cross the Pacific."""
    import shutil

    from harness import serve

    from app import create_app
    from citylinks.dataset.loading import DEFAULT_DATA_DIR

    folder = tmp_path / "tokyo"
    folder.mkdir()
    shutil.copy(DEFAULT_DATA_DIR / "networks.csv", folder / "networks.csv")
    _write(
        folder / "home.csv",
        [
            ["city", "country", "country_code", "lat", "lon", "source"],
            ["Tokyo", "Japan", "JP", "35.6895", "139.6917", "test"],
        ],
    )
    _write(
        folder / "partners.csv",
        [
            ["city", "country", "country_code", "lat", "lon", "year", "agreement", "source"],
            [
                "San Francisco",
                "United States",
                "US",
                "37.7749",
                "-122.4194",
                "1960",
                "friendship_cooperation",
                "test",
            ],
            [
                "Santiago",
                "Chile",
                "CL",
                "-33.4569",
                "-70.6483",
                "1970",
                "friendship_cooperation",
                "test",
            ],
        ],
    )
    _write(
        folder / "memberships.csv",
        [
            [
                "network_id",
                "city",
                "country_code",
                "lat",
                "lon",
                "since",
                "until",
                "confidence",
                "source",
            ]
        ],
    )
    _write(
        folder / "events.csv",
        [
            [
                "date",
                "title",
                "city",
                "country_code",
                "lat",
                "lon",
                "network_id",
                "confidence",
                "source",
            ]
        ],
    )
    live, thread = serve(create_app(folder))
    try:
        page, log = open_page(browser, 1280, 720)
        page.goto(live.url)
        wait_for_map(page)
        assert partner_points(page, 2) == 2
        assert "Tokyo: 2 partners in 2 countries" in status(page)
        # Points along each drawn line, as fractions of the map's width.
        xs = page.evaluate(
            """() => {
              const gd = document.querySelector('#map .js-plotly-plot');
              const bg = gd.querySelector('.geo .layer.bg, .geo .bglayer').getBoundingClientRect();
              const out = [];
              for (const g of gd.querySelectorAll('.geo .scatterlayer .trace')) {
                if (g.__data__[0].trace.meta.role !== 'arcs') continue;
                for (const p of g.querySelectorAll('path.js-line')) {
                  const m = p.getScreenCTM(), total = p.getTotalLength();
                  for (let i = 0; i <= 60; i++) {
                    const pt = p.getPointAtLength(total * i / 60);
                    out.push((m.a * pt.x + m.c * pt.y + m.e - bg.left) / bg.width);
                  }
                }
              }
              return out;
            }"""
        )
        assert xs, "no line drawn"
        # Over the Pacific, a line from Tokyo (right edge) to the Americas (left side) leaves the
        # map at one edge and comes back at the other; it never crosses Europe in the middle.
        assert not [x for x in xs if 0.35 < x < 0.65], "a line goes round the world the long way"
        assert min(xs) < 0.35 and max(xs) > 0.65
        page.screenshot(path=str(artifacts / "pacific_lines_tokyo.png"))
        log.assert_clean()
        page.context.close()
    finally:
        live._server.shutdown()
        thread.join(5)


def test_map013_next_years_are_fetched_ahead(browser, live_server):
    """While a year is shown, the page fetches its neighbours: the next step needs no server."""
    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    _go_to_year(page, 1990)
    for year in (1991, 1989):  # fetched while 1990 is shown
        page.wait_for_function(
            """(year) => performance.getEntriesByType('resource').some(
                 (e) => e.name.includes('/_citylinks/view?year=' + year + '&'))""",
            arg=year,
        )
    before = len(log.requests)
    thumb = slider_thumb(page)
    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_for_status(page, "as of 1991")
    assert partner_points(page, 8) == 8
    stepped = [url for url in log.requests[before:] if "year=1991" in url]
    assert stepped == [], "the step to 1991 went back to the server"
    log.assert_clean()
    page.context.close()


def test_map014_download_the_partners_shown(browser, live_server, dataset):
    """The CSV has exactly the partners the map shows, opens with its accents, and is safe."""
    import io

    import pandas as pd

    page, log = open_page(browser)
    page.goto(live_server.url + "?year=2010&network=c40&mode=any")
    wait_for_map(page)
    wait_for_status(page, "as of 2010")
    shown = partner_points(page)
    assert shown > 0
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download these partners (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "citylinks-Paris-partners-2010-c40-any.csv"
    data = download.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(rows) == shown
    assert rows.columns[0] == "City" and rows["City"].notna().all()
    # the same partners as an Excel workbook
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download these partners (Excel)").click()
    workbook = download_info.value
    assert workbook.suggested_filename == "citylinks-Paris-partners-2010-c40-any.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.path().read_bytes())).active
    assert sheet.max_row == shown + 1 and isinstance(sheet.cell(2, 4).value, int)
    # on the French page, a French Excel's CSV: ";" and French headers and names
    page.goto(live_server.url + "?year=2010&network=c40&mode=any&lang=fr")
    wait_for_map(page)
    wait_for_status(page, "en 2010")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger ces partenaires (CSV)").click()
    french = pd.read_csv(download_info.value.path(), encoding="utf-8-sig", sep=";")
    assert len(french) == shown and french.columns[0] == "Ville"
    log.assert_clean()
    page.context.close()


def test_map015_download_the_map_as_a_slide(browser, live_server, artifacts):
    """A PNG at slide resolution, made by plotly in the page, of the view as shown."""
    import struct

    page, log = open_page(browser)
    page.goto(live_server.url + "?year=1997")
    wait_for_map(page)
    wait_for_status(page, "as of 1997")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the map (PNG, 1920x1080)").click()
    download = download_info.value
    assert download.suggested_filename == "citylinks-Paris-map-1997.png"
    download.save_as(artifacts / "map_slide_1997.png")
    png = download.path().read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1920, 1080)
    assert len(png) > 50_000  # land, lines and legend drawn, not an empty frame
    page.wait_for_selector("#download-status:has-text('Map saved as')")
    log.assert_clean()
    page.context.close()


def test_map016_slider_keys_draw_once_each_and_land_on_the_year(browser, live_server, dataset):
    """A key on the slider draws the year's map straight away (its view fetched ahead), once
    (one Plotly.react): Dash's own request for the same view finds it drawn. Quick presses
    end on the right year, with the right partners."""
    from citylinks.model.explorer import Explorer

    page, log = open_page(browser)
    page.goto(live_server.url)
    wait_for_map(page)
    page.evaluate(
        """() => {
          window.__draws = 0;
          const react = window.Plotly.react;
          window.Plotly.react = function (...args) {
            window.__draws += 1;
            return react.apply(this, args);
          };
        }"""
    )
    thumb = slider_thumb(page)
    thumb.focus()
    page.wait_for_timeout(500)  # the neighbouring years arrive
    page.keyboard.press("ArrowLeft")
    wait_for_status(page, f"as of {THIS_YEAR - 1}")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__draws") == 1
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    wait_for_status(page, f"as of {THIS_YEAR - 5}")
    assert year_label(page) == THIS_YEAR - 5
    expected = int(Explorer(dataset).in_force(THIS_YEAR - 5).sum())
    assert partner_points(page, expected) == expected
    log.assert_clean()
    page.context.close()


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_map017_new_agreements_grow_from_home_unless_motion_is_reduced(
    browser, live_server, motion
):
    """Stepping into 1997 (six new agreements): their lines grow from Paris and the new
    markers pulse; with prefers-reduced-motion the map changes at once."""
    page, log = open_page(browser)
    page.emulate_media(reduced_motion=motion)
    page.goto(live_server.url + "?year=1996")
    wait_for_map(page)
    thumb = slider_thumb(page)
    thumb.focus()
    page.wait_for_timeout(500)
    page.keyboard.press("ArrowRight")
    seen = page.evaluate(
        """() => new Promise((resolve) => {
          const gd = document.querySelector('#map .js-plotly-plot');
          const found = {growing: false, pulsing: false};
          const look = () => {
            for (const g of gd.querySelectorAll('.scatterlayer .trace')) {
              const uid = g.__data__ && g.__data__[0] && g.__data__[0].trace.uid;
              const line = g.querySelector('path.js-line[style*="stroke-dashoffset"]');
              if (uid === 'arcs-new' && line) {
                found.growing = true;
              }
              const points = Array.from(g.querySelectorAll('path.point'));
              if (uid === 'partners-new' && points.some((p) => p.getAnimations().length)) {
                found.pulsing = true;
              }
            }
          };
          const started = performance.now();
          const tick = () => {
            look();
            if (performance.now() - started < 800) requestAnimationFrame(tick);
            else resolve(found);
          };
          requestAnimationFrame(tick);
        })"""
    )
    wait_for_status(page, "as of 1997")
    moving = motion == "no-preference"
    assert seen == {"growing": moving, "pulsing": moving}
    assert partner_points(page, 19) == 19
    log.assert_clean()
    page.context.close()
