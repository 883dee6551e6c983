"""A saved story's page and what the story panel says (components/story_panel.py and
components/story_player.py): which story the request is for (/stories/<id>/ plays it,
/stories/<id>/edit builds it: web/served_maps.py routes them), what the player shows (each
slide's view, title, caption and callouts with their cities named in the page's language; the
credit line of every slide), the cities a callout may name, the exported file's name, and a
story's problems said in the page's language with each part named as a person would ("slide 3,
caption") rather than by its JSON pointer. All of it is plain values: the page puts them in as
text only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from citylinks import clock
from citylinks.dataset.loading import Dataset, split_sources
from citylinks.i18n.catalogue import Texts
from citylinks.model.filter_choices import filter_choices
from citylinks.model.story import Story, StoryError, StoryProblem, story_from_json
from citylinks.model.viewstate import Scope
from citylinks.storage import MAIN_MAP
from web.served_maps import ServedMap, ServedMaps

if TYPE_CHECKING:
    from citylinks.storage import Store

CITY_CHOICES = 3000  # cities offered to a callout at most (the partners, by name)
MAX_PROBLEMS_SHOWN = 6

Mode = Literal["play", "edit"]


@dataclass(frozen=True)
class Shown:
    """A saved story shown by the page: played (/stories/<id>/) or in the builder (…/edit)."""

    mode: Mode
    ident: str
    story: Story
    revision: int = 0  # the saved story's revision shown (a save names it: a conflict check)


def shown_story(maps: ServedMaps, store: Store | None) -> Shown | None:
    """The saved story the request's page is for, read from the store (None: no story page, or
    a story whose file no longer reads)."""
    page = maps.story()
    if page is None or store is None:
        return None
    saved = store.story(page.ident)
    if saved is None:
        return None
    try:
        story = story_from_json(saved.document)
    except StoryError:
        return None
    return Shown("edit" if page.editing else "play", page.ident, story, saved.info.revision)


# --- pure helpers --------------------------------------------------------------------------


def _part(t: Texts, name: str) -> str:
    try:
        return t(f"story.part.{name}")
    except KeyError:
        return name


def readable_at(at: str, t: Texts) -> str:
    """A JSON pointer of a story's part as a person says it: "/slides/2/callouts/0/note" ->
    "slide 3, callout 1, note"; "/title" -> "the story's title"."""
    parts = [p for p in at.split("/") if p]
    if parts == ["title"]:
        return _part(t, "story_title")
    said: list[str] = []
    i = 0
    while i < len(parts):
        name = parts[i]
        following = parts[i + 1] if i + 1 < len(parts) else ""
        if name in ("slides", "callouts") and following.isdigit():
            key = "story.at_slide" if name == "slides" else "story.at_callout"
            said.append(t(key, n=int(following) + 1))
            i += 2
            continue
        said.append(_part(t, name))
        i += 1
    return ", ".join(said)


def problem_items(problems: Sequence[StoryProblem], t: Texts) -> list[str]:
    """Each problem in the page's language, its part named readably, the first few ("…" for
    the others)."""
    said = []
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        params = dict(problem.params)
        if "at" in params:
            params["at"] = readable_at(str(params["at"]), t)
        said.append(t.problem_text(problem.code, params))
    if len(problems) > MAX_PROBLEMS_SHOWN:
        said.append("…")
    return said


def problems_text(problems: Sequence[StoryProblem], t: Texts) -> str:
    """The problems in the page's language in one sentence, their parts named readably."""
    return t("story.problems", problems="; ".join(problem_items(problems, t)))


def file_name(title: str) -> str:
    """The exported file's name from the story's title: ASCII letters and digits, "-"."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()[:60].strip("-")
    return f"{slug or 'story'}.json"


def map_ref(served: ServedMap) -> str | None:
    """What a story of this map is saved for: "main", a saved map's id; None for an import."""
    if served.key.kind == "main":
        return MAIN_MAP
    if served.key.kind == "saved":
        return served.key.ident
    return None


def scope_of(data: Dataset) -> Scope:
    first, last = data.first_year, clock.today().year
    return Scope(data.network_ids, first, last, filter_choices(data))


def city_choices(data: Dataset, t: Texts, limit: int = CITY_CHOICES) -> list[tuple[str, str]]:
    """The cities a callout may name: (value "City|CC", label in the page's language), the
    home city first, then the partners by name."""
    home = data.home
    rows = data.partners
    french = rows["city_fr"] if "city_fr" in rows.columns else [None] * len(rows)
    partners = sorted(
        {
            (f"{city}|{code}", f"{t.pick(city, fr)} ({code})")
            for city, fr, code in zip(rows["city"], french, rows["country_code"], strict=True)
            if isinstance(city, str) and isinstance(code, str)
        },
        key=lambda pair: pair[1].casefold(),
    )
    own = (f"{home.city}|{home.country_code}", f"{t.pick(home.city, home.city_fr)}")
    return [own, *[p for p in partners if p[0] != own[0]]][:limit]


def credit_text(data: Dataset, t: Texts) -> str:
    """The credit line of every slide: the data's source, the day it was checked, CityLinks."""
    sources = split_sources(data.home.source)
    first = sources[0] if sources else ""
    titles = data.source_titles.get(first)
    source = t.pick(*titles) if titles else first
    source = source.split(" (")[0] or t.pick(data.home.city, data.home.city_fr)
    if data.home.checked:
        return t("story.credit", source=source, date=t.date(data.home.checked))
    return t("story.credit_undated", source=source)


def player_data(story: Story, data: Dataset, t: Texts) -> dict[str, Any]:
    """What the player shows: each slide's view, title, caption, and callouts with their
    city's name in the page's language."""
    labels = {value: label for value, label in city_choices(data, t, limit=10**6)}
    return {
        "title": story.title,
        "slides": [
            {
                "view": slide.view,
                "title": slide.title,
                "caption": slide.caption,
                "callouts": [
                    {
                        "city": c.city,
                        "country_code": c.country_code,
                        "note": c.note,
                        "label": labels.get(f"{c.city}|{c.country_code}", c.city).split(" (")[0],
                    }
                    for c in slide.callouts
                ],
            }
            for slide in story.slides
        ],
    }


def too_large(size: int, limit: int) -> StoryProblem:
    """A story larger than a story may be (its file, or what the page would send)."""
    return StoryProblem.of("story.too_large", size=size, limit=limit)


def oversized(document: str, limit: int) -> StoryProblem | None:
    """A story's file over the bound of a story: the `story.too_large` problem, else None."""
    size = len(document.encode("utf-8"))
    return too_large(size, limit) if size > limit else None
