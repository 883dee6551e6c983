"""What the story builder's editor (assets/scripts/story_editor.js) is given by the page, on
the *Story* panel's editor element (components/story_panel.py draws it): the texts it writes,
in the page's language, and the bounds it keeps a story within (citylinks/settings.py LIMITS,
which the server checks again when a story is saved, exported or imported)."""

from __future__ import annotations

import json

from citylinks.i18n.catalogue import Texts
from citylinks.settings import LIMITS

IMPORT_BYTES = LIMITS.story_bytes  # the largest story file the page reads and sends

# The texts story_editor.js writes in the editor (catalogue keys after "story.").
# fmt: off
EDITOR_TEXTS = (
    "title_label", "add", "none", "slide", "slide_title", "caption", "view", "default_view",
    "show", "show_title", "up", "up_title", "down", "down_title", "duplicate", "duplicate_title",
    "delete_slide", "delete_slide_title", "callouts", "add_callout", "callout_city",
    "callout_note", "remove_callout", "moved", "added", "removed", "new", "new_title", "import",
)
# fmt: on


def _texts(t: Texts) -> dict[str, str]:
    """The texts story_editor.js writes in the editor, by their name after "story."."""
    return {name: t(f"story.{name}") for name in EDITOR_TEXTS}


def _limits() -> dict[str, int]:
    """The bounds story_editor.js keeps to: a file it reads, a story it sends, and the number
    and length of a story's parts."""
    return {
        "file": IMPORT_BYTES,
        "story": LIMITS.story_bytes,
        "slides": LIMITS.story_slides,
        "callouts": LIMITS.story_callouts,
        "title": LIMITS.story_title_chars,
        "caption": LIMITS.story_caption_chars,
        "note": LIMITS.story_note_chars,
    }


def editor_data(t: Texts) -> dict[str, str]:
    """The editor element's data-texts and data-limits (JSON), as story_editor.js reads them."""
    return {
        "data-texts": json.dumps(_texts(t), ensure_ascii=False),
        "data-limits": json.dumps(_limits()),
    }
