"""The story panel's pure parts (problems said readably in both languages, the exported file's
name, the cities a callout may name, the credit line, what the player shows) and its server side
through the app: save a story, get its links, play it at /stories/<id>/, edit it with its key,
export and import it; an unknown story is the bilingual 404."""

from __future__ import annotations

import json
import re

import pytest

from app import create_app
from citylinks.i18n.catalogue import texts
from citylinks.importing.workspace import store_in
from citylinks.model.story import Callout, Slide, Story, StoryError, story_from_json, story_to_data
from components import ids
from tests.unit.dashrequests import callback_request, post_callback
from web.story_pages import (
    city_choices,
    credit_text,
    file_name,
    player_data,
    problems_text,
    readable_at,
)

STORY = Story(
    "Paris and the world",
    (
        Slide("?year=1960", "Our first pacts", "Rome, 1956"),
        Slide(
            "?year=2010&city=Tokyo&country=JP",
            "The delegation's city",
            "Tokyo",
            (Callout("Tokyo", "JP", "Visiting in March"),),
        ),
    ),
)


def test_stp001_parts_are_named_as_a_person_says_them():
    en, fr = texts("en"), texts("fr")
    assert readable_at("/title", en) == "the story's title"
    assert readable_at("/slides/2/caption", en) == "slide 3, caption"
    assert readable_at("/slides/0/callouts/1/note", en) == "slide 1, callout 2, note"
    assert readable_at("/slides/0/callouts/1/note", fr) == "diapositive 1, bulle 2, note"
    assert readable_at("", en) == ""


def test_stp002_problems_in_both_languages():
    with pytest.raises(StoryError) as err:
        story_from_json('{"format": "citylinks-story", "version": 1, "title": "", "slides": []}')
    assert problems_text(err.value.problems, texts("en")) == (
        "The story cannot be used: the story's title: is empty"
    )
    assert problems_text(err.value.problems, texts("fr")).startswith(
        "Le récit ne peut pas être utilisé\u00a0: le titre du récit"
    )


def test_stp003_file_names_are_plain():
    assert file_name("Paris et le monde : été 2026 !") == "paris-et-le-monde-ete-2026.json"
    assert file_name("北京") == "story.json"
    assert len(file_name("x" * 500)) <= 65


def test_stp004_cities_credit_and_player(dataset):
    en, fr = texts("en"), texts("fr")
    choices = city_choices(dataset, fr)
    assert choices[0] == ("Paris|FR", "Paris")
    assert ("London|GB", "Londres (GB)") in choices
    credit = credit_text(dataset, en)
    assert "CityLinks" in credit and "1 December 2026" in credit
    assert "1er décembre 2026" in credit_text(dataset, fr)
    shown = player_data(STORY, dataset, fr)
    assert shown["slides"][1]["callouts"][0] == {
        "city": "Tokyo",
        "country_code": "JP",
        "note": "Visiting in March",
        "label": "Tokyo",
    }


@pytest.fixture
def story_app(dataset, tmp_path):
    return create_app(data=dataset, imports=store_in(tmp_path / "state"))


def _key(app, output: str) -> str:
    return next(k for k in app.callback_map if output in k)


def test_stp005_save_play_edit_and_delete(story_app):
    client = story_app.server.test_client()
    saved = post_callback(
        client,
        story_app,
        _key(story_app, f"{ids.STORY_SAVED}.data"),
        [1],
        [story_to_data(STORY), "", {}, "en"],
    )
    text = json.dumps(saved.get_json())
    assert "Story saved: Paris and the world" in text
    view = re.search(r"http://localhost(/stories/[A-Za-z0-9_-]{12}/)\"", text).group(1)
    edit = re.search(r"/stories/[A-Za-z0-9_-]{12}/edit#key=([A-Za-z0-9_-]+)", text)
    assert client.get(view).status_code == 200
    assert client.get(view.rstrip("/")).status_code == 308
    layout = json.dumps(client.get(view + "_dash-layout").get_json())
    assert ids.STORY_PLAYER in layout and "Visiting in March" in layout
    assert ids.IMPORT_PANEL not in layout
    edit_layout = json.dumps(client.get(view + "edit/_dash-layout").get_json())
    assert ids.STORY_DELETE in edit_layout and ids.STORY_PLAYER not in edit_layout
    # the edit page's save updates it with the key; a wrong key is refused
    changed = story_to_data(Story("Revised", STORY.slides))
    key = _key(story_app, f"{ids.STORY_SAVED}.data")
    client_post = story_app.server.test_client()
    wrong = post_callback_at(client_post, story_app, view + "edit/", key, changed, "nope")
    assert "does not open this story" in json.dumps(wrong.get_json())
    right = post_callback_at(client_post, story_app, view + "edit/", key, changed, edit.group(1))
    assert "Story updated: Revised" in json.dumps(right.get_json())
    assert client.get("/stories/AAAAAAAAAAAA/").status_code == 404


def post_callback_at(client, app, prefix: str, key: str, data: dict, secret: str):
    """The save callback as the story's edit page sends it (under its address)."""
    spec = app.callback_map[key]
    body = callback_request(key, spec, [1], [data, secret, {}, "en"])
    return client.post(
        prefix + "_dash-update-component", data=body, content_type="application/json"
    )


def test_stp006_export_and_import(story_app):
    client = story_app.server.test_client()
    exported = post_callback(
        client,
        story_app,
        _key(story_app, f"{ids.STORY_DOWNLOAD}.data"),
        [1],
        [story_to_data(STORY), "en"],
    ).get_json()
    content = exported["response"][ids.STORY_DOWNLOAD]["data"]["content"]
    assert story_from_json(content) == STORY
    imported = post_callback(
        client,
        story_app,
        _key(story_app, f"{ids.STORY_LOADED}.data"),
        [{"size": len(content), "text": content, "at": 1}],
        ["fr"],
    ).get_json()["response"]
    assert imported[ids.STORY_LOADED]["data"]["story"] == story_to_data(STORY)
    assert "Récit importé\u00a0: Paris and the world (2 diapositives)" in json.dumps(
        imported, ensure_ascii=False
    )
    too_big = post_callback(
        client,
        story_app,
        _key(story_app, f"{ids.STORY_LOADED}.data"),
        [{"size": 10**7, "at": 2}],
        ["en"],
    ).get_json()["response"]
    assert "the story's file is 10,000,000 bytes" in json.dumps(too_big)
