"""The story's offline deck and slide images on the server: each slide's data (figure in the
projector's sizes, camera, callouts placed, texts in the language), the deck's HTML (no outside
address, nothing from a story read as markup), and the two callbacks in the builder (the story
being built, checked) and in the player (the saved story of the page's address)."""

from __future__ import annotations

import html
import json
import re

import pytest

from app import create_app
from citylinks.i18n.catalogue import texts
from citylinks.importing.workspace import store_in
from citylinks.model.story import Callout, Slide, Story, story_to_data
from components import ids
from components.story_exports import camera_of, deck_data, deck_file
from tests.unit.dashrequests import callback_key, save_story
from web.offline import plotly_bundle

STORY = Story(
    "Paris and the world",
    (
        Slide("?year=1960", "Our first pacts", "Rome, 1956", (Callout("Rome", "IT", "1956"),)),
        Slide("?year=1999&view=europe", "Europe", "The 1990s"),
        Slide("?year=2010&view=2.35,48.86,4", "", "Around Paris"),
    ),
)
HOSTILE = Story(
    "</title><script>alert(1)</script>",
    (Slide("?year=1960", "<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>"),),
)


@pytest.fixture(scope="module")
def served(dataset):
    return create_app(data=dataset, imports=False).served_maps().main


def test_sxp001_each_slide_as_the_deck_shows_it(served):
    deck = deck_data(served, STORY, texts("fr"), "dark")
    first, europe, around = deck["slides"]
    assert [s["year"] for s in deck["slides"]] == [1960, 1999, 2010]
    assert first["camera"] is None  # the whole world
    assert europe["camera"] == {"bounds": {"lon": [-25.0, 45.0], "lat": [34.0, 71.0]}}
    assert around["camera"] == {"lon": 2.35, "lat": 48.86, "scale": 4.0}
    assert around["title"] == "Paris and the world"  # a slide with no title: the story's
    rome = first["callouts"][0]
    assert rome["label"] == "Rome" and rome["note"] == "1956"
    assert rome["lon"] == pytest.approx(12.5, abs=0.5) and rome["lat"] == pytest.approx(
        41.9, abs=0.5
    )
    assert first["status"].startswith("Paris") and "1960" in first["status"]
    layout = first["figure"]["layout"]
    assert layout["legend"]["font"]["size"] == 18 and layout["hoverlabel"]["font"]["size"] == 18
    assert layout["paper_bgcolor"] != "#ffffff"  # the dark theme
    assert deck["texts"]["counter"] == "Diapositive {n} sur {count}"
    assert "{n}" in deck["texts"]["more"]
    assert deck["filename"] == "paris-and-the-world-slides.zip"
    assert deck["size"] == [1920, 1080]
    assert camera_of(type("S", (), {"camera": None, "preset": "world"})()) is None


def test_sxp002_the_deck_file_needs_no_host_and_reads_no_markup(served):
    name, page = deck_file(served, HOSTILE, texts("en"), "light")
    assert name == "title-script-alert-1-script.html"
    head = html.unescape(page[: page.index("</head>")])
    assert "connect-src 'none'" in head and "default-src 'none'" in head
    assert "<script src" not in page and "<link" not in page
    ours = page.replace(plotly_bundle().decode("utf-8"), "")  # plotly.js names sites in text
    assert not re.search(r"""(src|href)=["']?https?:""", ours)
    assert "<script>alert" not in page  # the title escaped, the caption's "<" as \u003c
    assert "\\u003c/script>\\u003cscript>alert(2)" in page
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    data = re.search(r'<script id="deck-data" type="application/json">(.*?)</script>', page, re.S)
    deck = json.loads(data.group(1))
    assert deck["slides"][0]["caption"] == "</script><script>alert(2)</script>"
    assert "Made with CityLinks" in page and "plays with no connection" in page


@pytest.fixture
def story_app(dataset, tmp_path):
    return create_app(data=dataset, imports=store_in(tmp_path / "state"))


def _pattern_body(key: str, kind: str, source: str, story, lang: str = "en") -> str:
    """A click on a pattern-id button of `source` ("builder", "player")."""
    outputs = []
    for part in key[2:-2].split("..."):
        pattern, prop = part.rsplit(".", 1)
        outputs.append({"id": {**json.loads(pattern), "source": source}, "property": prop})
    button = {"source": source, "type": kind}
    return json.dumps(
        {
            "output": key,
            "outputs": outputs,
            "inputs": [{"id": button, "property": "n_clicks", "value": 1}],
            "state": [
                {"id": ids.STORY_DATA, "property": "data", "value": story},
                {"id": ids.LANGUAGE, "property": "data", "value": lang},
                {"id": ids.THEME, "property": "data", "value": "light"},
            ],
            "changedPropIds": [json.dumps(button, separators=(",", ":")) + ".n_clicks"],
        }
    )


def _click(client, app, output: str, kind: str, source: str, story, prefix: str = "/", lang="en"):
    key = callback_key(app, output)
    body = _pattern_body(key, kind, source, story, lang)
    answer = client.post(
        prefix + "_dash-update-component", data=body, content_type="application/json"
    )
    assert answer.status_code in (200, 204), answer.data[:300]
    return json.dumps(answer.get_json() if answer.status_code == 200 else {}, ensure_ascii=False)


def test_sxp003_the_builder_makes_the_deck_and_the_slides_of_the_story_being_built(story_app):
    client = story_app.server.test_client()
    deck_file_output = f'"type":"{ids.STORY_DECK_FILE}"'
    images_output = f'"type":"{ids.STORY_SLIDE_IMAGES}"'
    made = json.loads(
        _click(client, story_app, deck_file_output, ids.STORY_DECK, "builder", story_to_data(STORY))
    )
    (download, status) = made["response"].values()
    assert download["data"]["filename"] == "paris-and-the-world.html"
    assert download["data"]["content"].startswith("<!DOCTYPE html>")
    assert status["children"] == (
        "paris-and-the-world.html is downloaded: open it in a browser, no connection needed."
    )
    images = json.loads(
        _click(client, story_app, images_output, ids.STORY_PNGS, "builder", story_to_data(STORY))
    )
    slides = next(iter(images["response"].values()))["data"]["slides"]
    assert len(slides) == 3 and slides[1]["camera"]["bounds"]
    # a story with no slide, a story that is not one: said in the page's language
    empty = story_to_data(Story("Empty", ()))
    said = _click(client, story_app, deck_file_output, ids.STORY_DECK, "builder", empty, lang="fr")
    assert "Ajoutez d’abord une diapositive\u00a0: le récit n’en a aucune." in said
    wrong = _click(client, story_app, deck_file_output, ids.STORY_DECK, "builder", {"slides": 3})
    assert "The story cannot be used" in wrong


def test_sxp004_the_player_makes_the_deck_of_the_saved_story(story_app):
    client = story_app.server.test_client()
    saved = save_story(client, story_app, story_to_data(STORY), saved={})
    view = re.search(r"(/stories/[A-Za-z0-9_-]{12}/)", json.dumps(saved)).group(1)
    made = json.loads(
        _click(
            client,
            story_app,
            f'"type":"{ids.STORY_DECK_FILE}"',
            ids.STORY_DECK,
            "player",
            None,  # the builder's story plays no part
            prefix=view,
        )
    )
    download = next(iter(made["response"].values()))["data"]
    assert download["filename"] == "paris-and-the-world.html"
    assert "Our first pacts" in download["content"]


def test_sxp005_a_request_naming_no_component_of_the_pattern_is_refused(story_app):
    """Dash fails (500) on a pattern callback's request whose ids fit no component of the
    pattern; the server refuses it first (web/security.py): 400, and the right one works."""
    client = story_app.server.test_client()
    key = callback_key(story_app, f'"type":"{ids.STORY_DECK_FILE}"')
    good = json.loads(_pattern_body(key, ids.STORY_DECK, "builder", story_to_data(STORY)))
    for wrong in ({"source": ["MATCH"]}, {"source": ["x"]}, {"other": "builder"}, "story-deck"):
        body = json.loads(json.dumps(good))
        body["outputs"][0]["id"] = (
            {**body["outputs"][0]["id"], **wrong} if isinstance(wrong, dict) else wrong
        )
        answer = client.post("/_dash-update-component", json=body)
        assert answer.status_code == 400, (wrong, answer.data[:200])
    body = json.loads(json.dumps(good))
    body["inputs"][0]["id"] = {"source": True, "type": ids.STORY_DECK}
    assert client.post("/_dash-update-component", json=body).status_code == 400
    assert client.post("/_dash-update-component", json=good).status_code == 200
