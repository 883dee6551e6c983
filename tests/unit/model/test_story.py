"""Stories (citylinks/model/story.py, story_checks.py): slides of views with captions and
callouts, pure updaters, bounds, and the JSON file read as untrusted input, every problem a
code with parameters in both languages."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from citylinks.i18n.catalogue import catalogue, texts
from citylinks.model.story import (
    FORMAT,
    VERSION,
    Callout,
    Slide,
    Story,
    StoryError,
    add_slide,
    check_story,
    delete_slide,
    duplicate_slide,
    edit_slide,
    move_slide,
    new_story,
    retitle_story,
    slide_of_view,
    slide_state,
    story_from_data,
    story_from_json,
    story_to_data,
    story_to_json,
)
from citylinks.model.viewstate import Scope, ViewState, parse_args
from citylinks.settings import LIMITS

SCOPE = Scope(["uclg", "aimf", "c40"], 1956, 2026)
FIRST_PACTS = Slide("?year=1958", "Our first pacts", "Rome, 1956.\nThen Kyoto, 1958.")
EUROPE = Slide(
    "?year=1999&network=c40&view=europe",
    "The 1990s in Europe",
    "",
    (Callout("Prague", "CZ", "Friendship and cooperation, 1997"),),
)
AFRICA = Slide("?year=2026&time=new&from=2015&region=AF", "Africa since 2015")
DELEGATION = Slide("?city=Tokyo&country=JP&present=1&theme=dark", "The delegation's city")


def four() -> Story:
    story = new_story("Paris and the world")
    for slide in (FIRST_PACTS, EUROPE, AFRICA, DELEGATION):
        story = add_slide(story, slide, scope=SCOPE)
    return story


def codes(error: pytest.ExceptionInfo[StoryError]) -> list[str]:
    return error.value.codes


def test_sty001_slides_added_moved_duplicated_edited_deleted_each_a_new_story():
    empty = new_story("Paris and the world")
    story = four()
    assert empty.slides == ()  # the updaters never change a story
    assert [s.title for s in story.slides] == [
        "Our first pacts",
        "The 1990s in Europe",
        "Africa since 2015",
        "The delegation's city",
    ]
    moved = move_slide(story, 3, 0)
    assert [s.title for s in moved.slides][:2] == ["The delegation's city", "Our first pacts"]
    assert move_slide(moved, 0, 3) == story
    assert move_slide(story, 1, 1) == story
    copied = duplicate_slide(story, 1)
    assert len(copied.slides) == 5 and copied.slides[1] == copied.slides[2] == EUROPE
    edited = edit_slide(story, 2, caption="Cotonou, Rabat…", callouts=[Callout("Rabat", "MA")])
    assert edited.slides[2] == replace(
        AFRICA, caption="Cotonou, Rabat…", callouts=(Callout("Rabat", "MA"),)
    )
    assert story.slides[2] == AFRICA
    assert delete_slide(story, 0).slides == story.slides[1:]
    assert add_slide(story, FIRST_PACTS, at=0).slides[:2] == (FIRST_PACTS, FIRST_PACTS)
    assert retitle_story(story, "Paris, 1956–2026").title == "Paris, 1956–2026"
    for wrong in (-1, 4, True, "1"):
        with pytest.raises(StoryError) as refused:
            delete_slide(story, wrong)  # type: ignore[arg-type]
        assert codes(refused) == ["story.no_such_slide"]


def test_sty002_a_slide_is_a_view_as_the_address_writes_it():
    state = ViewState(year=1997, networks=("c40",), city="Prague", country_code="CZ")
    slide = slide_of_view(state, 2026, "Prague", "Since 1997")
    assert slide.view == "?year=1997&network=c40&city=Prague&country=CZ"
    assert slide_state(slide, SCOPE) == state
    # Read back leniently: a network gone from the data is left out and said.
    gone = slide_state(slide, Scope(["uclg"], 1956, 2026), "fr")
    assert gone.networks == () and gone.year == 1997
    assert len(gone.problems) == 1 and "c40" in gone.problems[0]
    assert slide_state(Slide(), SCOPE) == ViewState(year=2026)


def test_sty003_the_bounds():
    story = new_story("Paris")
    slide = Slide("?year=2000")
    for _ in range(LIMITS.story_slides):
        story = add_slide(story, slide)
    with pytest.raises(StoryError) as refused:
        add_slide(story, slide)
    assert codes(refused) == ["story.too_many_slides"]
    with pytest.raises(StoryError) as refused:
        duplicate_slide(story, 0)
    assert codes(refused) == ["story.too_many_slides"]
    limits = LIMITS
    too_long = {
        "title": "x" * (limits.story_title_chars + 1),
        "caption": "x" * (limits.story_caption_chars + 1),
    }
    for part, text in too_long.items():
        with pytest.raises(StoryError) as refused:
            edit_slide(story, 3, **{part: text})
        assert codes(refused) == ["story.too_long"]
        assert refused.value.problems[0].at == f"/slides/3/{part}"
    lines = "\n".join(["a line"] * (limits.story_caption_lines + 1))
    with pytest.raises(StoryError) as refused:
        edit_slide(story, 0, caption=lines)
    assert codes(refused) == ["story.too_many_lines"]
    callouts = [Callout("Rome", "IT")] * (limits.story_callouts + 1)
    with pytest.raises(StoryError) as refused:
        edit_slide(story, 0, callouts=callouts)
    assert codes(refused) == ["story.too_many_callouts"]
    bad_callouts = [
        Callout("Rome", "IT", "n" * (limits.story_note_chars + 1)),
        Callout("", "it"),
        Callout("Ro\x00me", "ITA"),
    ]
    with pytest.raises(StoryError) as refused:
        edit_slide(story, 0, callouts=bad_callouts)
    assert codes(refused) == [
        "story.too_long",
        "story.empty",
        "story.bad_country",
        "story.control_character",
        "story.bad_country",
    ]
    with pytest.raises(StoryError) as refused:
        edit_slide(story, 0, title="A\ttab")  # a title is one line
    assert codes(refused) == ["story.control_character"]
    assert edit_slide(story, 0, caption="Two\nlines").slides[0].caption == "Two\nlines"
    for title in ("", "   ", "t" * (limits.story_title_chars + 1)):
        with pytest.raises(StoryError):
            retitle_story(story, title)
    # Nothing at the limits is refused, and its file fits its size limit.
    full = Story(
        "T" * limits.story_title_chars,
        tuple(
            Slide(
                "?"
                + "&".join(["network=c40"] * 64)
                + "&year=2000&city="
                + "c" * 200
                + "&country=FR",
                "é" * limits.story_title_chars,
                "\n".join(["ü" * 70] * 8)[: limits.story_caption_chars],
                (Callout("C" * 200, "FR", "漢" * limits.story_note_chars),) * limits.story_callouts,
            )
            for _ in range(limits.story_slides)
        ),
    )
    assert check_story(full) == full
    data = story_to_json(full).encode()
    assert len(data) <= limits.story_bytes
    assert story_from_json(data) == full


def test_sty004_views_checked_by_the_strict_parser_against_the_scope():
    good = Slide("?year=1999&time=signed&from=1990&network=c40&mode=any&kind=twinning")
    assert add_slide(new_story("S"), good, scope=SCOPE).slides == (good,)
    cases = {
        "?year=1800": ["story.bad_setting"],
        "?network=nope": ["story.bad_setting"],
        "?mode=everything": ["story.bad_setting"],
        "?time=new": ["story.bad_setting"],
        "?year=1990&time=signed&from=2000": ["story.bad_setting"],
        "?view=mars": ["story.bad_setting"],
        "?lang=de": ["story.bad_setting"],
        "?country=FR": ["story.bad_setting"],
        "?kind=alliance": ["story.bad_setting"],
        "?present=yes": ["story.bad_setting"],
        "?theme=pink": ["story.bad_setting"],
        "?colour=red": ["story.unknown_setting"],
        "?mode=any&mode=all": ["story.repeated_setting"],
        "?year=2000&&mode=any": ["story.bad_view"],
        "?city=%ff&country=FR": ["story.bad_view"],
        "?year=3000&network=nope": ["story.bad_setting", "story.bad_setting"],
        "?" + "x" * LIMITS.query_chars: ["story.view_too_long"],
    }
    for view, expected in cases.items():
        with pytest.raises(StoryError) as refused:
            add_slide(new_story("S"), Slide(view), scope=SCOPE)
        assert codes(refused) == expected, view
        assert refused.value.problems[0].at == "/slides/0/view"
    with pytest.raises(StoryError) as bad:
        add_slide(new_story("S"), Slide("?year=1800"), scope=SCOPE)
    assert dict(bad.value.problems[0].params)["setting"] == "year"
    # With no scope: any network id and any year, but still the view's syntax and values.
    assert add_slide(new_story("S"), Slide("?year=1800&network=nope")).slides
    with pytest.raises(StoryError):
        add_slide(new_story("S"), Slide("?mode=everything"))
    # Every view the checks accept is one the routes accept.
    for slide in four().slides:
        params = {k: v for k, v in _params(slide.view).items() if k not in ("present", "theme")}
        parse_args({"year": ["2026"], **params}, SCOPE.network_ids, SCOPE.first, SCOPE.last)


def _params(view: str) -> dict[str, list[str]]:
    import urllib.parse

    return urllib.parse.parse_qs(view.lstrip("?"))


def test_sty005_json_round_trip():
    story = four()
    text = story_to_json(story)
    data = json.loads(text)
    assert data["format"] == FORMAT and data["version"] == VERSION == 1
    assert data["slides"][1]["callouts"] == [
        {"city": "Prague", "country_code": "CZ", "note": "Friendship and cooperation, 1997"}
    ]
    assert story_from_json(text, SCOPE) == story
    assert story_from_json(text.encode("utf-8-sig")) == story  # a byte-order mark is fine
    assert story_from_data(story_to_data(story), SCOPE) == story
    # Optional parts may be left out of a file.
    minimal = {"format": FORMAT, "version": 1, "title": "T", "slides": [{"view": "?year=2000"}]}
    assert story_from_data(minimal) == Story("T", (Slide("?year=2000"),))


def _refused(data: str | bytes, scope: Scope | None = None) -> StoryError:
    with pytest.raises(StoryError) as refused:
        story_from_json(data, scope)
    return refused.value


def test_sty006_a_file_that_is_not_a_story_is_refused_with_coded_problems():
    head = f'{{"format": "{FORMAT}", "version": 1, '
    assert _refused('{"format": "citylinks-story",\n "version": 1,,}').codes == ["story.bad_json"]
    syntax = _refused('{"format": "citylinks-story",\n "version": 1,,}').problems[0]
    assert dict(syntax.params) == {"line": 2, "column": 15}
    assert texts("fr").problem(syntax) == "le fichier n’est pas du JSON\u00a0: ligne 2, colonne 15"
    assert _refused(b"\xff\xfe{").codes == ["story.not_utf8"]
    assert _refused("[" * 100_000 + "]" * 100_000).codes == ["story.too_deep"]
    assert _refused(head + '"title": "T", "slides": [[[[[[[[1]]]]]]]]}').codes == ["story.too_deep"]
    assert _refused(" " * (LIMITS.story_bytes + 1)).codes == ["story.too_large"]
    assert _refused(b" " * (LIMITS.story_bytes + 1)).codes == ["story.too_large"]
    assert _refused(head + '"title": "T", "title": "U", "slides": []}').codes == [
        "story.duplicate_key"
    ]
    assert _refused(head.replace("1", "NaN") + '"title": "T", "slides": []}').codes == [
        "story.bad_number"
    ]
    assert _refused(head.replace("1", "9" * 5000) + '"title": "T"}').codes == ["story.bad_number"]
    assert _refused(head.replace("1", "1.0") + '"title": "T"}').codes == ["story.bad_number"]
    assert _refused('{"format": "kepler"}').codes == ["story.not_a_story"]
    assert _refused("[]").codes == ["story.not_a_story"]
    assert _refused(head.replace("1", "2") + '"title": "T"}').codes == ["story.bad_version"]
    assert _refused(head.replace("1", "true") + '"title": "T"}').codes == ["story.bad_version"]


def test_sty007_every_part_checked_with_where_it_is():
    data = story_to_data(four())
    data["colour"] = "red"
    data["title"] = 5
    data["slides"][0]["title"] = None
    data["slides"][0]["view"] = "?year=1800"
    data["slides"][1]["callouts"] = [
        {"city": "Rome"},
        "Milan",
        {"city": "Lyon", "country_code": "fr"},
    ]
    data["slides"][2] = ["not", "a", "slide"]
    data["slides"][3]["callouts"] = {"city": "Rome"}
    data["slides"] += [{"view": ""}] * (LIMITS.story_slides - 4 + 3)
    problems = _refused(json.dumps(data), SCOPE).problems
    found = [(p.code, p.at) for p in problems]
    assert found == [
        ("story.unknown_field", "/colour"),
        ("story.too_many_slides", "/slides"),
        ("story.wrong_type", "/title"),
        ("story.wrong_type", "/slides/0/title"),
        ("story.missing", "/slides/1/callouts/0/country_code"),
        ("story.wrong_type", "/slides/1/callouts/1"),
        ("story.missing", "/slides/1/callouts/1/city"),
        ("story.missing", "/slides/1/callouts/1/country_code"),
        ("story.wrong_type", "/slides/2"),
        ("story.wrong_type", "/slides/3/callouts"),
        ("story.bad_setting", "/slides/0/view"),
        ("story.bad_country", "/slides/1/callouts/2/country_code"),
    ]
    en, fr = texts("en"), texts("fr")
    wrong = problems[3]
    assert en.problem(wrong) == "/slides/0/title: should be a text"
    assert fr.problem(wrong) == "/slides/0/title\u00a0: devrait être un texte"
    assert str(problems[1]) == "/slides: 53 slides; the limit for a story is 50"
    # The view is checked against the data only when the scope is given.
    data = story_to_data(four())
    data["slides"][0]["view"] = "?network=gone"
    assert story_from_data(data).slides[0].view == "?network=gone"
    assert _refused(json.dumps(data), SCOPE).codes == ["story.bad_setting"]


def test_sty008_a_story_of_many_problems_reports_the_first_twenty():
    data = story_to_data(new_story("T"))
    data["slides"] = [{"view": "?mode=x", "title": "t" * 500}] * LIMITS.story_slides
    error = _refused(json.dumps(data))
    assert len(error.problems) == 20
    assert str(error).count("\n") == 19


def test_sty009_the_story_texts_in_both_languages():
    en, fr = catalogue("en"), catalogue("fr")
    keys = [k for k in en if k.startswith(("problem.story.", "problem.storage.stor"))]
    assert len(keys) > 25
    for key in keys:
        text = fr[key]
        for mark in ":;?!":
            assert f" {mark}" not in text, key  # a no-break space before, never a plain one
        assert "« " not in text and " »" not in text, key
        assert "'" not in text, key  # the French apostrophe
