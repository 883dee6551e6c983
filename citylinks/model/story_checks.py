"""A story's checks (citylinks/model/story.py): every text bounded (LIMITS.story_*), each
slide's view read by viewstate's strict parser against a `Scope` when one is given, callouts'
cities and country codes. Each thing wrong is a `StoryProblem`: a code with parameters, said
from the `problem.story.*` texts of the catalogues; `at` names the part as a JSON pointer
("/slides/2/title").
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from citylinks.i18n.catalogue import Param, Params, texts
from citylinks.model.inputs import as_year
from citylinks.model.viewstate import Scope, parse_args
from citylinks.settings import LIMITS, Limits

if TYPE_CHECKING:
    from citylinks.model.story import Callout, Slide, Story

MAX_PROBLEMS = 20  # problems reported at most for one story (the first ones)
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
THEMES = ("light", "dark")  # the routes' and the page's colour themes
PRESENT = ("0", "1")
REPEATED = ("network", "kind", "region", "in_country", "topic")  # may be given several times
# The view's settings in the order they are checked, one group at a time (a group's names are
# checked together; "year" comes with each). citylinks/model/viewstate.py reads them.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("year",),
    ("time", "from"),
    ("network",),
    ("mode",),
    ("kind",),
    ("region",),
    ("in_country",),
    ("topic",),
    ("city", "country", "country_code"),
    ("view",),
    ("lang",),
)
VIEW_NAMES = frozenset(name for group in GROUPS for name in group) | {"present", "theme"}
ANY_YEARS = (1, 9999)  # a view read with no scope: any year of four digits


@dataclass(frozen=True)
class StoryProblem:
    """One thing wrong with a story: a code (`problem.<code>` in the catalogues) and its
    parameters; `at` (among them) is the part, as a JSON pointer."""

    code: str
    params: Params = ()

    @classmethod
    def of(cls, code: str, /, **params: Param) -> StoryProblem:
        return cls(code, tuple(sorted(params.items())))

    @property
    def at(self) -> str:
        return str(dict(self.params).get("at", ""))

    @property
    def message(self) -> str:
        """What is wrong, in English."""
        return texts("en").problem_text(self.code, dict(self.params))

    def __str__(self) -> str:
        return self.message


class StoryError(ValueError):
    """A story that cannot be used, and every problem found (the first MAX_PROBLEMS)."""

    def __init__(self, problems: Sequence[StoryProblem]) -> None:
        self.problems = tuple(problems[:MAX_PROBLEMS])
        super().__init__("\n".join(p.message for p in self.problems))

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


# --- checks ----------------------------------------------------------------------------------


def text_problems(
    value: str, at: str, limit: int, required: bool = False, lines: int = 0
) -> list[StoryProblem]:
    """A text's problems: empty (when required), too long, a control character (a new line is
    allowed only when `lines` allows several), too many lines."""
    problems = []
    if required and not value.strip():
        problems.append(StoryProblem.of("story.empty", at=at))
    if len(value) > limit:
        problems.append(StoryProblem.of("story.too_long", at=at, length=len(value), limit=limit))
    allowed = "\n" if lines > 1 else ""
    if any(unicodedata.category(c).startswith("C") and c not in allowed for c in value):
        problems.append(StoryProblem.of("story.control_character", at=at))
    count = value.count("\n") + 1
    if lines > 1 and count > lines:
        problems.append(StoryProblem.of("story.too_many_lines", at=at, count=count, limit=lines))
    return problems


def _shown(values: Sequence[str]) -> str:
    text = ", ".join(values)
    return text if len(text) <= 60 else text[:60] + "…"


def _read_view(view: str, at: str, limits: Limits) -> dict[str, list[str]] | StoryProblem:
    """A view's parameters, or what keeps it from being read as a query string."""
    if len(view) > limits.query_chars:
        return StoryProblem.of(
            "story.view_too_long", at=at, length=len(view), limit=limits.query_chars
        )
    try:
        return urllib.parse.parse_qs(
            view.removeprefix("?"), keep_blank_values=True, strict_parsing=True, errors="strict"
        )
    except ValueError:
        return StoryProblem.of("story.bad_view", at=at)


def _settings_problems(params: dict[str, list[str]], at: str) -> list[StoryProblem]:
    """Unknown settings, settings given more than once, and the two viewstate leaves to the
    routes (present, theme)."""
    problems = []
    for name, values in params.items():
        if name not in VIEW_NAMES:
            problems.append(StoryProblem.of("story.unknown_setting", at=at, setting=name[:60]))
        elif name not in REPEATED and len(values) > 1:
            problems.append(StoryProblem.of("story.repeated_setting", at=at, setting=name))
    for name, allowed in (("present", PRESENT), ("theme", THEMES)):
        values = params.get(name, [])
        if values and values[0] not in allowed:
            problems.append(
                StoryProblem.of("story.bad_setting", at=at, setting=name, value=_shown(values))
            )
    return problems


def view_problems(
    view: str, at: str, scope: Scope | None, limits: Limits = LIMITS
) -> list[StoryProblem]:
    """What is wrong with a slide's view: read by viewstate's strict parser (`parse_args`)
    against the scope (with no scope: any network id, any year of four digits). Each setting
    that cannot be used is one problem naming it."""
    params = _read_view(view, at, limits)
    if isinstance(params, StoryProblem):
        return [params]
    problems: list[StoryProblem] = _settings_problems(params, at)
    networks = scope.network_ids if scope else params.get("network", [])
    first, last = (scope.first, scope.last) if scope else ANY_YEARS
    choices = scope.choices if scope else None
    given_year = params.get("year", [])
    year = given_year[0] if given_year and as_year(given_year[0], first, last) else str(last)
    for group in GROUPS:
        asked = {name: params[name] for name in group if name in params}
        if not asked:
            continue
        try:
            parse_args({"year": [year], **asked}, networks, first, last, choices)
        except ValueError:
            values = [v for name in group for v in asked.get(name, [])]
            setting = next(iter(asked))
            problems.append(
                StoryProblem.of("story.bad_setting", at=at, setting=setting, value=_shown(values))
            )
    return problems


def callout_problems(callout: Callout, at: str, limits: Limits = LIMITS) -> list[StoryProblem]:
    problems = text_problems(callout.city, f"{at}/city", limits.name_chars, required=True)
    if not COUNTRY_CODE.match(callout.country_code):
        value = callout.country_code[:10]
        problems.append(StoryProblem.of("story.bad_country", at=f"{at}/country_code", value=value))
    problems += text_problems(callout.note, f"{at}/note", limits.story_note_chars)
    return problems


def slide_problems(
    slide: Slide, at: str, scope: Scope | None = None, limits: Limits = LIMITS
) -> list[StoryProblem]:
    """What is wrong with one slide (`at`: where it is, "/slides/2")."""
    problems = view_problems(slide.view, f"{at}/view", scope, limits)
    problems += text_problems(slide.title, f"{at}/title", limits.story_title_chars)
    problems += text_problems(
        slide.caption, f"{at}/caption", limits.story_caption_chars, lines=limits.story_caption_lines
    )
    count, limit = len(slide.callouts), limits.story_callouts
    if count > limit:
        problems.append(
            StoryProblem.of(
                "story.too_many_callouts", at=f"{at}/callouts", count=count, limit=limit
            )
        )
    for i, callout in enumerate(slide.callouts[:limit]):
        problems += callout_problems(callout, f"{at}/callouts/{i}", limits)
    return problems


def story_problems(
    story: Story, scope: Scope | None = None, limits: Limits = LIMITS
) -> list[StoryProblem]:
    """Everything wrong with a story (its slides past the limit are not read)."""
    problems = text_problems(story.title, "/title", limits.story_title_chars, required=True)
    count, limit = len(story.slides), limits.story_slides
    if count > limit:
        problem = StoryProblem.of("story.too_many_slides", at="/slides", count=count, limit=limit)
        problems.append(problem)
    for i, slide in enumerate(story.slides[:limit]):
        problems += slide_problems(slide, f"/slides/{i}", scope, limits)
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


def check_story(story: Story, scope: Scope | None = None, limits: Limits = LIMITS) -> Story:
    """The story, when nothing is wrong with it; else StoryError."""
    problems = story_problems(story, scope, limits)
    if problems:
        raise StoryError(problems)
    return story
