"""Stories: an ordered list of slides to present in a meeting. A slide is a view of the map (the
page's address query string: the one contract is citylinks/model/viewstate.py) with a title, a
caption of a few lines and optional callouts (a city and a short note drawn beside it).

Everything here is a value: `Story` and `Slide` are frozen, and the updaters (`add_slide`,
`edit_slide`, `move_slide`, `duplicate_slide`, `delete_slide`, `retitle_story`) return a new
story, checked, or raise `StoryError`, leaving the old one as it was.

A story goes out and comes back as JSON (`story_to_json`, `story_from_json`; `story_to_data`
and `story_from_data` for the plain dict the page keeps): `{"format": "citylinks-story",
"version": 1, "title": …, "slides": [{"view", "title", "caption", "callouts": [{"city",
"country_code", "note"}]}]}`. What is read is untrusted (a file, the browser): its size, depth,
types and every text are bounded (LIMITS.story_*), and each slide's view is read by
viewstate's strict parser against a `Scope` (the data's networks and years) when one is given.

The bound of a story: its file is at most LIMITS.story_bytes (1 MB; "story.too_large" beyond,
when read, saved or exported), and every story the other limits allow fits in it: 50 slides,
titles of 120 characters, captions of 600 characters on 8 lines, 6 callouts of 140 characters
a slide, views of a page address, all in 4-byte characters, make about 770 kB
(tests/unit/story_samples.py `largest_story`). The page sends a story of up to that size to the
server (web/security.py STORY_BODY_BYTES, for the story's callbacks only).
Nothing is corrected silently: each thing wrong is a `StoryProblem`, a code with parameters
said from the `problem.story.*` texts of the catalogues, `at` naming the part (a JSON pointer,
"/slides/2/title") and a syntax error its line and column. The checks of a story's parts are
citylinks/model/story_checks.py; the store keeps a story's JSON file (citylinks/storage/stories.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from citylinks.i18n.catalogue import texts
from citylinks.model.story_checks import (
    StoryError,
    StoryProblem,
    check_story,
    slide_problems,
    story_problems,
    text_problems,
)
from citylinks.model.viewstate import Scope, ViewState, parse_query, to_query
from citylinks.settings import LIMITS, Limits

__all__ = [
    "FORMAT",
    "VERSION",
    "Callout",
    "Slide",
    "Story",
    "StoryError",
    "StoryProblem",
    "add_slide",
    "check_story",
    "delete_slide",
    "duplicate_slide",
    "edit_slide",
    "move_slide",
    "new_story",
    "retitle_story",
    "slide_of_view",
    "slide_state",
    "story_from_data",
    "story_from_json",
    "story_problems",
    "story_to_data",
    "story_to_json",
]

FORMAT = "citylinks-story"
VERSION = 1
MAX_DIGITS = 18  # digits of a number in a story's JSON


@dataclass(frozen=True)
class Callout:
    """A city drawn with a short note beside it."""

    city: str
    country_code: str
    note: str = ""


@dataclass(frozen=True)
class Slide:
    """A view of the map (a query string as `to_query` writes it: "" or "?year=…"), with its
    title, caption (lines separated by "\\n") and callouts."""

    view: str = ""
    title: str = ""
    caption: str = ""
    callouts: tuple[Callout, ...] = ()


@dataclass(frozen=True)
class Story:
    title: str
    slides: tuple[Slide, ...] = ()


# --- updaters (pure: each returns a new story, checked) ---------------------------------------


def new_story(title: str, slides: Sequence[Slide] = ()) -> Story:
    return check_story(Story(title, tuple(slides)))


def retitle_story(story: Story, title: str) -> Story:
    problems = text_problems(title, "/title", LIMITS.story_title_chars, required=True)
    if problems:
        raise StoryError(problems)
    return replace(story, title=title)


def _index(story: Story, index: int, end: bool = False) -> int:
    """A slide's index, checked (`end`: the place after the last slide is one too)."""
    count = len(story.slides)
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count + end:
        raise StoryError([StoryProblem.of("story.no_such_slide", index=str(index), count=count)])
    return index


def _with_slides(story: Story, slides: list[Slide]) -> Story:
    if len(slides) > LIMITS.story_slides:
        problem = StoryProblem.of(
            "story.too_many_slides", at="/slides", count=len(slides), limit=LIMITS.story_slides
        )
        raise StoryError([problem])
    return replace(story, slides=tuple(slides))


def _checked_slide(slide: Slide, index: int, scope: Scope | None) -> Slide:
    problems = slide_problems(slide, f"/slides/{index}", scope)
    if problems:
        raise StoryError(problems)
    return slide


def add_slide(
    story: Story, slide: Slide, at: int | None = None, scope: Scope | None = None
) -> Story:
    """The story with `slide` inserted at `at` (default: after the last one)."""
    index = len(story.slides) if at is None else _index(story, at, end=True)
    slides = list(story.slides)
    slides.insert(index, _checked_slide(slide, index, scope))
    return _with_slides(story, slides)


def edit_slide(
    story: Story,
    index: int,
    *,
    view: str | None = None,
    title: str | None = None,
    caption: str | None = None,
    callouts: Sequence[Callout] | None = None,
    scope: Scope | None = None,
) -> Story:
    """The story with the slide's given parts changed (None: kept)."""
    index = _index(story, index)
    old = story.slides[index]
    slide = Slide(
        view=old.view if view is None else view,
        title=old.title if title is None else title,
        caption=old.caption if caption is None else caption,
        callouts=old.callouts if callouts is None else tuple(callouts),
    )
    slides = list(story.slides)
    slides[index] = _checked_slide(slide, index, scope)
    return _with_slides(story, slides)


def move_slide(story: Story, index: int, to: int) -> Story:
    """The story with the slide at `index` moved to be at `to` (the others keep their order)."""
    index, to = _index(story, index), _index(story, to)
    slides = list(story.slides)
    slides.insert(to, slides.pop(index))
    return _with_slides(story, slides)


def duplicate_slide(story: Story, index: int) -> Story:
    """The story with a copy of the slide right after it."""
    index = _index(story, index)
    slides = list(story.slides)
    slides.insert(index + 1, slides[index])
    return _with_slides(story, slides)


def delete_slide(story: Story, index: int) -> Story:
    index = _index(story, index)
    return _with_slides(story, [s for i, s in enumerate(story.slides) if i != index])


def slide_of_view(
    state: ViewState,
    last: int,
    title: str = "",
    caption: str = "",
    callouts: Sequence[Callout] = (),
) -> Slide:
    """A slide of the view the page shows (`last`: the data's last year, as for to_query)."""
    return Slide(to_query(state, last), title, caption, tuple(callouts))


def slide_state(slide: Slide, scope: Scope, lang: str = "en") -> ViewState:
    """The view a slide shows, read leniently (the data may have changed since the story was
    made: what no longer fits is left out and said in `problems`, in `lang`)."""
    return parse_query(
        slide.view, scope.network_ids, scope.first, scope.last, texts(lang), scope.choices
    )


# --- JSON --------------------------------------------------------------------------------------


def story_to_data(story: Story) -> dict[str, Any]:
    """The story as plain JSON values (what the page keeps, what the file holds)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": story.title,
        "slides": [
            {
                "view": slide.view,
                "title": slide.title,
                "caption": slide.caption,
                "callouts": [
                    {"city": c.city, "country_code": c.country_code, "note": c.note}
                    for c in slide.callouts
                ],
            }
            for slide in story.slides
        ],
    }


def story_to_json(story: Story) -> str:
    """The story's JSON file (UTF-8 text, indented so that a person can read it)."""
    return json.dumps(story_to_data(story), ensure_ascii=False, indent=2) + "\n"


class _Rejected(Exception):
    """A JSON text json.loads would take but a story may not hold."""

    def __init__(self, problem: StoryProblem) -> None:
        self.problem = problem


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Rejected(StoryProblem.of("story.duplicate_key", key=key[:60]))
        result[key] = value
    return result


def _number(text: str) -> int:
    if len(text) > MAX_DIGITS or not re.fullmatch(r"-?\d+", text):
        raise _Rejected(StoryProblem.of("story.bad_number", value=text[:30]))
    return int(text)


def _constant(text: str) -> Any:
    raise _Rejected(StoryProblem.of("story.bad_number", value=text))


def _depth(value: Any) -> int:
    """How deep JSON values nest (a text or number: 0), without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            deepest = max(deepest, depth + 1)
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _decode(data: str | bytes, limits: Limits) -> Any:
    """The JSON values of a story file, bounded; StoryError when it is not JSON."""
    size = len(data)
    if size <= limits.story_bytes and isinstance(data, str):
        size = len(data.encode("utf-8", "surrogatepass"))
    if size > limits.story_bytes:
        raise StoryError([StoryProblem.of("story.too_large", size=size, limit=limits.story_bytes)])
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise StoryError([StoryProblem.of("story.not_utf8", position=err.start)]) from None
    try:
        value = json.loads(
            data,
            object_pairs_hook=_object,
            parse_int=_number,
            parse_float=_constant,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as err:
        problem = StoryProblem.of("story.bad_json", line=err.lineno, column=err.colno)
        raise StoryError([problem]) from None
    except RecursionError:
        problem = StoryProblem.of("story.too_deep", limit=limits.story_depth)
        raise StoryError([problem]) from None
    except _Rejected as rejected:
        raise StoryError([rejected.problem]) from None
    if _depth(value) > limits.story_depth:
        raise StoryError([StoryProblem.of("story.too_deep", limit=limits.story_depth)])
    return value


class _Reader:
    """JSON values read into a story, each type checked; `problems` lists what is wrong."""

    def __init__(self) -> None:
        self.problems: list[StoryProblem] = []

    def fields(self, value: Any, at: str, known: tuple[str, ...]) -> dict[str, Any]:
        """An object's fields (an empty one when `value` is not an object)."""
        if not isinstance(value, dict):
            self.wrong(at, "object")
            return {}
        for key in value:
            if key not in known:
                self.problems.append(StoryProblem.of("story.unknown_field", at=f"{at}/{key}"[:80]))
        return value

    def wrong(self, at: str, expected: str) -> None:
        self.problems.append(StoryProblem.of("story.wrong_type", at=at, expected=(expected,)))

    def text(self, fields: dict[str, Any], key: str, at: str, required: bool = False) -> str:
        if key not in fields:
            if required:
                self.problems.append(StoryProblem.of("story.missing", at=f"{at}/{key}"))
            return ""
        if not isinstance(fields[key], str):
            self.wrong(f"{at}/{key}", "text")
            return ""
        return fields[key]

    def items(self, fields: dict[str, Any], key: str, at: str, limit: int) -> list[Any]:
        """A list field's first `limit` items (more: a problem)."""
        value = fields.get(key, [])
        if not isinstance(value, list):
            self.wrong(f"{at}/{key}", "list")
            return []
        if len(value) > limit:
            code = "story.too_many_callouts" if key == "callouts" else "story.too_many_slides"
            self.problems.append(
                StoryProblem.of(code, at=f"{at}/{key}", count=len(value), limit=limit)
            )
        return value[:limit]

    def callout(self, value: Any, at: str) -> Callout:
        fields = self.fields(value, at, ("city", "country_code", "note"))
        return Callout(
            city=self.text(fields, "city", at, required=True),
            country_code=self.text(fields, "country_code", at, required=True),
            note=self.text(fields, "note", at),
        )

    def slide(self, value: Any, at: str, limits: Limits) -> Slide:
        fields = self.fields(value, at, ("view", "title", "caption", "callouts"))
        callouts = self.items(fields, "callouts", at, limits.story_callouts)
        return Slide(
            view=self.text(fields, "view", at),
            title=self.text(fields, "title", at),
            caption=self.text(fields, "caption", at),
            callouts=tuple(self.callout(c, f"{at}/callouts/{i}") for i, c in enumerate(callouts)),
        )

    def story(self, value: Any, limits: Limits) -> Story:
        if not isinstance(value, dict) or value.get("format") != FORMAT:
            raise StoryError([StoryProblem.of("story.not_a_story", format=FORMAT)])
        fields = self.fields(value, "", ("format", "version", "title", "slides"))
        version = fields.get("version")
        if isinstance(version, bool) or version != VERSION:
            shown = json.dumps(version)[:20]
            raise StoryError([StoryProblem.of("story.bad_version", version=shown, known=VERSION)])
        slides = self.items(fields, "slides", "", limits.story_slides)
        return Story(
            title=self.text(fields, "title", "", required=True),
            slides=tuple(self.slide(s, f"/slides/{i}", limits) for i, s in enumerate(slides)),
        )


def story_from_data(value: Any, scope: Scope | None = None, limits: Limits = LIMITS) -> Story:
    """The story JSON values hold (the page's copy, a file's), every part checked; StoryError
    lists what is wrong."""
    reader = _Reader()
    story = reader.story(value, limits)
    # A part the reader found wrong (missing, of another type) is not checked again.
    read_wrong = {p.at for p in reader.problems}
    problems = reader.problems + [
        p for p in story_problems(story, scope, limits) if p.at not in read_wrong
    ]
    if problems:
        raise StoryError(problems)
    return story


def story_from_json(
    data: str | bytes, scope: Scope | None = None, limits: Limits = LIMITS
) -> Story:
    """The story of a JSON file (as story_to_json writes it), read as untrusted: bounded in
    size and depth, every type and text checked; StoryError lists what is wrong."""
    return story_from_data(_decode(data, limits), scope, limits)
