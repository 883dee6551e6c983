"""HTML attributes whose names Python cannot spell as keywords (aria-*, data-*), for Dash's
components, which take them only as `**kwargs`: `html.Div(**attrs({"aria-label": …}))`."""

from __future__ import annotations

from typing import Any


def attrs(values: dict[str, Any]) -> dict[str, Any]:
    """The attributes as they are, typed so that they unpack into any component."""
    return values
