"""The story panel's pure parts (problems said readably in both languages, the exported file's
name, the cities a callout may name, the credit line, what the player shows) and its server side
through the app: save a story, get its links, play it at /stories/<id>/, edit it with its key,
export and import it; an unknown story is the bilingual 404; a save from an older revision is
refused (reload, or save as new); stories up to LIMITS.story_bytes go through the callbacks and
larger ones are refused with `story.too_large`."""

from __future__ import annotations

import base64
import json
import re

import pytest

from app import create_app
from citylinks.i18n.catalogue import texts
from citylinks.importing.workspace import store_in
from citylinks.model.story import (
    Callout,
    Slide,
    Story,
    StoryError,
    story_from_json,
    story_to_data,
    story_to_json,
)
from citylinks.settings import LIMITS
from components import ids
from tests.unit.dashrequests import (
    callback_key,
    callback_request,
    post_as_page,
    post_callback,
    save_story,
)
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


def test_stp005_save_play_edit_and_delete(story_app):
    client = story_app.server.test_client()
    text = json.dumps(save_story(client, story_app, story_to_data(STORY), saved={}))
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
    key = callback_key(story_app, f"{ids.STORY_SAVED}.data")
    client_post = story_app.server.test_client()
    wrong = post_callback_at(client_post, story_app, view + "edit/", key, changed, "nope")
    assert "does not open this story" in json.dumps(wrong.get_json())
    right = post_callback_at(client_post, story_app, view + "edit/", key, changed, edit.group(1))
    assert "Story updated: Revised" in json.dumps(right.get_json())
    assert client.get("/stories/AAAAAAAAAAAA/").status_code == 404


def post_callback_at(client, app, prefix: str, key: str, data: dict, secret: str):
    """The save callback as the story's edit page sends it (under its address)."""
    spec = app.callback_map[key]
    body = callback_request(key, spec, [1, 0], [data, secret, {}, "en"])
    return client.post(
        prefix + "_dash-update-component", data=body, content_type="application/json"
    )


def test_stp006_export_and_import(story_app):
    client = story_app.server.test_client()
    exported = post_callback(
        client,
        story_app,
        callback_key(story_app, f"{ids.STORY_DOWNLOAD}.data"),
        [1],
        [story_to_data(STORY), "en"],
    ).get_json()
    content = exported["response"][ids.STORY_DOWNLOAD]["data"]["content"]
    assert story_from_json(content) == STORY
    imported = post_callback(
        client,
        story_app,
        callback_key(story_app, f"{ids.STORY_LOADED}.data"),
        [{"size": len(content), "base64": _b64(content), "at": 1}],
        ["fr"],
    ).get_json()["response"]
    assert imported[ids.STORY_LOADED]["data"]["story"] == story_to_data(STORY)
    assert "Récit importé\u00a0: Paris and the world (2 diapositives)" in json.dumps(
        imported, ensure_ascii=False
    )
    too_big = post_callback(
        client,
        story_app,
        callback_key(story_app, f"{ids.STORY_LOADED}.data"),
        [{"size": 10**7, "at": 2}],
        ["en"],
    ).get_json()["response"]
    assert "the story's file is 10,000,000 bytes" in json.dumps(too_big)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def test_stp007_a_save_from_an_older_revision_is_refused_with_reload_or_save_as_new(story_app):
    """Tab A saves a story; tab B opens its edit link and saves a change (revision 2); tab A,
    still at revision 1, saves again: refused, in both languages, with *Reload the saved
    story* (its edit link) and *Save as a new story*, which keeps A's story as another."""
    client = story_app.server.test_client()
    first = save_story(client, story_app, story_to_data(STORY), saved={})
    tab_a = first[ids.STORY_SAVED]["data"]
    assert tab_a["revision"] == 1 and tab_a["key"]
    edit = f"/stories/{tab_a['id']}/edit/"
    # tab B: the edit page says which revision it opened
    page = json.dumps(client.get(edit + "_dash-layout").get_json())
    assert f'"id": "{tab_a["id"]}", "revision": 1' in page
    tab_b = {"id": tab_a["id"], "revision": 1}
    changed = story_to_data(Story("Changed in tab B", STORY.slides))
    done = save_story(client, story_app, changed, saved=tab_b, key=tab_a["key"], prefix=edit)
    assert done[ids.STORY_SAVED]["data"]["revision"] == 2
    assert done[ids.STORY_CONFLICT]["hidden"] is True
    # tab A saves from revision 1
    mine = story_to_data(Story("Changed in tab A", STORY.slides))
    for lang, said in (
        ("en", "The story could not be saved: this story was changed elsewhere since you opened"),
        ("fr", "Le récit n’a pas pu être enregistré\u00a0: ce récit a été modifié ailleurs"),
    ):
        refused = save_story(client, story_app, mine, saved=tab_a, lang=lang)
        assert said in json.dumps(refused, ensure_ascii=False)
        assert refused[ids.STORY_CONFLICT]["hidden"] is False
        assert refused[ids.STORY_RELOAD]["href"] == f"{edit.rstrip('/')}#key={tab_a['key']}"
        assert ids.STORY_SAVED not in refused  # still revision 1: a retry is refused too
    saved = saved_story(client, tab_a["id"])
    assert saved["revision"] == 2 and saved["story"]["title"] == "Changed in tab B"
    # *Save as a new story*: another story, with its own links; B's stays
    fresh = save_story(client, story_app, mine, saved=tab_a, as_new=True)
    new = fresh[ids.STORY_SAVED]["data"]
    assert new["id"] != tab_a["id"] and new["revision"] == 1
    assert "Story saved: Changed in tab A" in json.dumps(fresh)
    assert fresh[ids.STORY_CONFLICT]["hidden"] is True
    assert saved_story(client, tab_a["id"])["story"]["title"] == "Changed in tab B"


def saved_story(client, ident: str) -> dict:
    """A saved story as its edit page opens it (the STORY_LOADED store), and its revision."""
    layout = client.get(f"/stories/{ident}/edit/_dash-layout").get_json()
    found: dict = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            if props.get("id") == ids.STORY_LOADED:
                found["story"] = props["data"]["story"]
            if props.get("id") == ids.STORY_SAVED:
                found["revision"] = props["data"]["revision"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    return found


def test_stp008_stories_up_to_the_bound_are_saved_exported_and_imported(story_app):
    """A story over 500 kB (past a callback's usual 256 kB body) is saved, exported and
    imported through the callbacks; the page's size marker of a larger one, and a file over
    the bound, are refused with `story.too_large` in both languages."""
    from tests.unit.story_samples import largest_story

    client = story_app.server.test_client()
    big = largest_story(view="?year=1960")
    document = story_to_json(big)
    assert LIMITS.request_bytes < 500_000 < len(document.encode()) <= LIMITS.story_bytes
    saved = save_story(client, story_app, story_to_data(big), saved={})
    assert "Story saved" in json.dumps(saved)
    ident = saved[ids.STORY_SAVED]["data"]["id"]
    assert saved_story(client, ident) == {"story": story_to_data(big), "revision": 1}
    export = callback_key(story_app, f"{ids.STORY_DOWNLOAD}.data")
    exported = post_as_page(client, story_app, export, [1], [story_to_data(big), "en"])
    assert exported[ids.STORY_DOWNLOAD]["data"]["content"] == document
    sent = {"size": len(document.encode()), "base64": _b64(document), "at": 3}
    imported = post_as_page(
        client, story_app, callback_key(story_app, f"{ids.STORY_LOADED}.data"), [sent], ["en"]
    )
    assert imported[ids.STORY_LOADED]["data"]["story"] == story_to_data(big)
    # larger: the page sends its size only
    for lang, said in (
        ("en", "the story's file is 2,000,000 bytes; the limit is 1,048,576"),
        ("fr", "le fichier de l’histoire fait 2\u202f000\u202f000 octets"),
    ):
        refused = save_story(client, story_app, {"too_large": 2_000_000}, saved={}, lang=lang)
        text = json.dumps(refused, ensure_ascii=False)
        assert said in text.replace("\u00a0", "\u202f"), text
        assert ids.STORY_SAVED not in refused
        refused = post_as_page(client, story_app, export, [1], [{"too_large": 2_000_000}, lang])
        assert ids.STORY_DOWNLOAD not in refused
        assert said in json.dumps(refused, ensure_ascii=False).replace("\u00a0", "\u202f")


def test_stp009_only_the_story_callbacks_take_a_story_s_body(story_app):
    """web/security.py: a callback that carries a story takes up to STORY_BODY_BYTES; any other
    callback over LIMITS.request_bytes, and a story's callback over STORY_BODY_BYTES, get 413."""
    from components.story_panel import story_callbacks
    from web.security import STORY_BODY_BYTES

    client = story_app.server.test_client()
    carrying = story_callbacks(story_app)
    assert any(f"{ids.STORY_SAVED}.data" in key for key in carrying)
    assert any(f"{ids.STORY_DOWNLOAD}.data" in key for key in carrying)
    assert any(f"{ids.STORY_LOADED}.data" in key for key in carrying)
    other = next(
        key
        for key, spec in story_app.callback_map.items()
        if "callback" in spec and key not in carrying and spec["inputs"]
    )

    def padded(key: str, size: int):
        spec = story_app.callback_map[key]
        body = json.loads(
            callback_request(key, spec, [None] * len(spec["inputs"]), [None] * len(spec["state"]))
        )
        body["pad"] = "x" * (size - len(json.dumps(body)) - 10)
        return client.post(
            "/_dash-update-component", data=json.dumps(body), content_type="application/json"
        )

    assert padded(other, LIMITS.request_bytes + 1000).status_code == 413
    save = callback_key(story_app, f"{ids.STORY_SAVED}.data")
    assert padded(save, STORY_BODY_BYTES + 1000).status_code == 413
    assert padded(save, LIMITS.request_bytes + 1000).status_code != 413
    assert 4 * (LIMITS.story_bytes // 3 + 1) <= STORY_BODY_BYTES  # a file in base64


def test_stp010_one_helper_draws_links_and_problems_for_every_panel():
    """components/markup.py: the saved map's and the saved story's links, and the import's and
    the story's problems, are drawn by one helper each, as text."""
    from components import import_panel, saved_maps, story_panel
    from components.markup import link_list, problem_list

    for module in (saved_maps, story_panel):
        assert "link_list" in vars(module)
    for module in (import_panel, story_panel):
        assert "problem_list" in vars(module)
    links = link_list([("View:", "http://x/stories/a/", "story-view-link")], head="Saved <b>")
    assert links.children[0].children == "Saved <b>"
    assert links.children[1].children[2].href == "http://x/stories/a/"
    heading, items = problem_list("Problems:", ["<script>", "two"], "story-problem")
    assert heading.children == "Problems:" and [i.children for i in items.children] == [
        "<script>",
        "two",
    ]
    assert problem_list("Problems:", [], "x") == []


def test_stp011_a_story_file_over_the_bound_is_the_coded_too_large_problem():
    from web.story_pages import oversized

    assert oversized("é" * 5, 10) is None  # 10 bytes: fits
    problem = oversized("é" * 6, 10)
    assert problem is not None and problem.code == "story.too_large"
    assert dict(problem.params) == {"size": 12, "limit": 10}
    assert problems_text([problem], texts("en")).endswith("is 12 bytes; the limit is 10")
