"""The links to a saved map, and to a saved story the same way, defined once: the view link is
its id's page; the edit link carries the edit secret in the fragment (`#key=…`), which browsers
never send to the server, so the secret stays out of the server's and the proxy's logs."""

from __future__ import annotations

from urllib.parse import quote


def view_path(map_id: str) -> str:
    return f"/maps/{quote(map_id, safe='')}/"


def edit_path(map_id: str, secret: str) -> str:
    return f"/maps/{quote(map_id, safe='')}/edit#key={quote(secret, safe='')}"


def story_view_path(story_id: str) -> str:
    """A saved story's view link (it plays the story)."""
    return f"/stories/{quote(story_id, safe='')}/"


def story_edit_path(story_id: str, secret: str) -> str:
    """A saved story's edit link, the secret in the fragment as for a map."""
    return f"/stories/{quote(story_id, safe='')}/edit#key={quote(secret, safe='')}"
