"""Stories at the bounds, for the tests of the store, the model and the panel."""

from __future__ import annotations

import urllib.parse

from citylinks.model.story import Callout, Slide, Story
from citylinks.settings import LIMITS

WIDE = "😀"  # a 4-byte character in UTF-8


def largest_story(view: str | None = None) -> Story:
    """Every part at its limit in 4-byte characters: the story's title, LIMITS.story_slides
    slides each with the longest title, a caption of story_caption_lines lines of
    story_caption_chars characters together, story_callouts callouts of the longest city name
    and note; each view a long query (the longest city name, LIMITS.list_items networks) unless
    `view` is given (a view of the map the story is checked against)."""
    if view is None:
        city = urllib.parse.quote(WIDE * LIMITS.name_chars)
        networks = "".join(f"&network=network-{n:02}" for n in range(LIMITS.list_items))
        view = f"?year=1997&city={city}&country=FR{networks}"
    line = LIMITS.story_caption_chars // LIMITS.story_caption_lines
    caption = "\n".join([WIDE * (line - 1)] * LIMITS.story_caption_lines)
    callout = Callout(WIDE * LIMITS.name_chars, "FR", WIDE * LIMITS.story_note_chars)
    slide = Slide(
        view, WIDE * LIMITS.story_title_chars, caption, (callout,) * LIMITS.story_callouts
    )
    return Story(WIDE * LIMITS.story_title_chars, (slide,) * LIMITS.story_slides)
