"""The PNG, the GIF and the offline page get the projector's city labels (assets/scripts/labels.js):
placed for the export's size, none over another, none under 16 px scaled to the export, a label
that fits no place near its city hung on a leader line (London beside Paris in 2001). And
labels.js alone in a page with plotly.js and no Dash (the offline story deck's case): its
`placeLabels`, `watchLabels` and `labelledImage`."""

from __future__ import annotations

import base64
import re
import struct

import pytest
from harness import open_page
from mapdom import LABELS_OF, wait_for_map, wait_for_status

from web.offline import PAGE_SCRIPTS, plotly_bundle

pytestmark = pytest.mark.browser


# Every image plotly makes in the page: the labels of the div it is made from, kept in
# window.exported before the image is made.
_RECORD_EXPORTS = (
    """
() => {
  window.exported = [];
  const labelsOf = """
    + LABELS_OF
    + """;
  const toImage = window.Plotly.toImage;
  window.Plotly.toImage = function (gd, options) {
    if (gd && gd.querySelector) {
      const size = {width: options.width, height: options.height};
      window.exported.push(Object.assign(labelsOf(gd), size));
    }
    return toImage.apply(this, arguments);
  };
}
"""
)


def _problems(state: dict, least: float) -> list[tuple]:
    labels = state["labels"]
    problems: list[tuple] = [
        ("small", label["text"], label["size"]) for label in labels if label["size"] < least
    ]
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            width = min(a["r"], b["r"]) - max(a["l"], b["l"])
            height = min(a["b"], b["b"]) - max(a["t"], b["t"])
            if width > 1 and height > 1:
                problems.append(("overlap", a["text"], b["text"]))
    for leader in state["leaders"]:
        for j, label in enumerate(labels):
            inside = [
                (x, y)
                for x, y in leader["points"]
                if label["l"] + 1 < x < label["r"] - 1 and label["t"] + 1 < y < label["b"] - 1
            ]
            if j != leader["own"] and inside:
                problems.append(("leader line over a label", leader["text"], label["text"]))
    return problems


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_xlab001_the_png_has_the_projector_labels_at_its_size(browser, live_server, artifacts):
    """Out of presentation mode, the slide's labels are placed for the slide: 16 px on a
    1024 px projector is 30 px on 1920 px; London hangs on a leader line beside Paris."""
    page, log = open_page(browser)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "?year=2001")
    wait_for_map(page)
    wait_for_status(page, "as of 2001")
    page.evaluate(_RECORD_EXPORTS)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the map (PNG, 1920x1080)").click()
    download = download_info.value
    assert download.suggested_filename == "citylinks-Paris-map-2001.png"
    download.save_as(artifacts / "map_slide_labels_2001.png")
    assert _png_size(download.path().read_bytes()) == (1920, 1080)
    [slide] = page.evaluate("window.exported")
    assert (slide["width"], slide["height"]) == (1920, 1080)
    texts = [label["text"] for label in slide["labels"]]
    assert {"Paris", "London", "Porto Alegre"} <= set(texts)
    assert [leader["text"] for leader in slide["leaders"]] == ["London"]
    assert all(label["size"] == 30 for label in slide["labels"])
    assert _problems(slide, 30) == []
    # the page's own map is as it was: the server's labels, out of presentation mode
    assert page.evaluate(
        "() => [...document.querySelectorAll('#map .geo .scatterlayer text')]"
        ".every((t) => !t.textContent || parseFloat(getComputedStyle(t).fontSize) < 16)"
    )
    log.assert_clean()
    page.context.close()


def test_xlab002_every_gif_frame_has_the_projector_labels(browser, live_server, artifacts):
    from PIL import Image

    page, log = open_page(browser)
    page.goto(live_server.url + "?year=1987")
    wait_for_map(page)
    wait_for_status(page, "as of 1987")
    page.evaluate(_RECORD_EXPORTS)
    with page.expect_download(timeout=120_000) as download_info:
        page.get_by_role("button", name="Download the play-through (GIF)").click()
    path = artifacts / "play_labels_1956_1987.gif"
    download_info.value.save_as(path)
    frames = page.evaluate("window.exported")
    assert all((f["width"], f["height"]) == (960, 540) for f in frames)
    problems = [(n, p) for n, f in enumerate(frames) for p in _problems(f, 16)]
    assert problems == []
    last = frames[-1]
    assert {"Paris", "Berlin"} <= {label["text"] for label in last["labels"]}
    with Image.open(path) as gif:
        assert gif.size == (960, 540)
        gif.seek(gif.n_frames - 1)
        gif.convert("RGB").save(artifacts / "play_labels_1987_frame.png")
    log.assert_clean()
    page.context.close()


def test_xlab003_the_offline_page_places_the_labels(browser, live_server, artifacts, tmp_path):
    page, _ = open_page(browser)
    answer = page.request.get(live_server.url + "_citylinks/snapshot?year=2001&mode=show&lang=en")
    assert answer.ok
    saved = tmp_path / "citylinks-Paris-2001.html"
    saved.write_bytes(answer.body())
    text = saved.read_text(encoding="utf-8")
    # labels.js inlined as it is in the page's scripts
    assert (PAGE_SCRIPTS / "labels.js").read_text(encoding="utf-8") in text
    page.context.close()

    offline, offline_log = open_page(browser, width=1366, height=768)
    offline.goto(saved.as_uri())
    wait_for_map(offline)
    offline.wait_for_function(
        "() => document.querySelector('#map-plot .annotation .annotation-text') !== null"
    )
    offline.wait_for_timeout(500)
    state = offline.evaluate(f"({LABELS_OF})(document.getElementById('map-plot'))")
    assert {"Paris", "London", "Porto Alegre"} <= {label["text"] for label in state["labels"]}
    assert all(label["size"] >= 16 for label in state["labels"])
    assert _problems(state, 16) == []
    offline.screenshot(path=artifacts / "offline_labels_2001_1366x768.png")
    assert offline_log.requests == [saved.as_uri()]
    offline_log.assert_clean()
    offline.context.close()


def test_xlab004_labels_js_alone_in_a_page_without_dash(browser, live_server, artifacts, tmp_path):
    """The offline story deck's case: plotly.js and labels.js only, the map in #map-plot,
    presentation said by the body's class; then a labelled image with a title and a callout."""
    page, _ = open_page(browser)
    answer = page.request.get(live_server.url + "_citylinks/snapshot?year=2001&mode=show&lang=en")
    html = answer.text()
    figure = re.search(r"^var figure = (.*);$", html, flags=re.M)
    topojson = re.search(r"^<script>window.PlotlyGeoAssets = (.*);$", html, flags=re.M)
    assert figure and topojson
    page.context.close()
    standalone = tmp_path / "deck.html"
    standalone.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
        "<div id='map-plot' style='width:1024px;height:600px'></div>"
        "<script>" + plotly_bundle().decode("utf-8") + "</script>"
        "<script>" + (PAGE_SCRIPTS / "labels.js").read_text(encoding="utf-8") + "</script>"
        "<script>window.PlotlyGeoAssets = " + topojson.group(1) + ";\n"
        "window.figure = " + figure.group(1) + ";\n"
        "window.drawn = Plotly.newPlot('map-plot', figure.data, figure.layout);</script>"
        "</body></html>",
        encoding="utf-8",
    )
    deck, deck_log = open_page(browser, width=1100, height=700)
    deck.goto(standalone.as_uri())
    deck.evaluate("() => window.drawn")
    labels_of = f"() => ({LABELS_OF})(document.getElementById('map-plot'))"
    assert deck.evaluate("() => Object.keys(window.dash_clientside)") == ["citylinks"]
    # not presenting: the server's labels stay
    deck.evaluate(
        "() => window.dash_clientside.citylinks.placeLabels("
        "document.getElementById('map-plot'), ' (+{n} not labelled)')"
    )
    assert all(label["size"] < 16 for label in deck.evaluate(labels_of)["labels"])
    # watched, then presenting by the body's class
    deck.evaluate(
        "() => window.dash_clientside.citylinks.watchLabels("
        "document.getElementById('map-plot'), ' (+{n} not labelled)')"
    )
    deck.evaluate("() => document.body.classList.add('presenting')")
    deck.wait_for_function(
        f"() => {{ const s = ({labels_of})(); return s.labels.length > 2"
        " && s.labels.every((l) => l.size >= 16); }"
    )
    state = deck.evaluate(labels_of)
    assert {"Paris", "London", "Porto Alegre"} <= {label["text"] for label in state["labels"]}
    assert _problems(state, 16) == []
    deck.screenshot(path=artifacts / "standalone_labels_2001.png")
    # and back when presentation ends
    deck.evaluate("() => document.body.classList.remove('presenting')")
    deck.wait_for_function(f"() => ({labels_of})().labels.every((l) => l.size < 16)")
    deck.evaluate("() => { window.before = JSON.stringify(window.figure); }")
    url = deck.evaluate(
        """() => window.dash_clientside.citylinks.labelledImage(window.figure.data,
            window.figure.layout, {width: 1280, height: 720, scale: 1.25,
            annotations: [
              {text: 'Our partners in 2001', xref: 'paper', yref: 'paper', x: 0.5, y: 1,
               yanchor: 'top', showarrow: false, font: {size: 28}},
              {text: 'Source: City of Paris · CityLinks', xref: 'paper', yref: 'paper',
               x: 1, y: 0, xanchor: 'right', yanchor: 'bottom', showarrow: false}]})"""
    )
    assert url.startswith("data:image/png;base64,")
    png = base64.b64decode(url.split(",", 1)[1])
    assert _png_size(png) == (1280, 720)
    (artifacts / "standalone_labelled_image_2001.png").write_bytes(png)
    # the figure given is not changed, and no off-screen div is left
    assert deck.evaluate("() => document.querySelectorAll('.js-plotly-plot').length") == 1
    assert deck.evaluate("() => JSON.stringify(window.figure) === window.before")
    deck_log.assert_clean()
    deck.context.close()
