"""The links to a saved map, defined once: the view link is its id's page; the edit link
carries the edit secret in the fragment (`#key=…`), which browsers never send to the server,
so the secret stays out of the server's and the proxy's logs."""

from __future__ import annotations

from urllib.parse import quote


def view_path(map_id: str) -> str:
    return f"/maps/{quote(map_id, safe='')}/"


def edit_path(map_id: str, secret: str) -> str:
    return f"/maps/{quote(map_id, safe='')}/edit#key={quote(secret, safe='')}"
