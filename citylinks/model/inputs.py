"""Checks for values that arrive from the browser, which anyone can forge.

Each function returns the value in the type the app uses, or None when it is not acceptable
(wrong type, NaN, out of range, too long): callers answer a harmless default then, never an
error page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from citylinks.settings import LIMITS

MAX_NAME = LIMITS.name_chars
MAX_LIST = LIMITS.list_items


def as_year(value: Any, first: int, last: int) -> int | None:
    """A whole year from first to last (an int, an integral float or a string of digits)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return None
        value = int(value)
    if isinstance(value, str):
        value = value.strip()
        if not (value.isascii() and value.isdigit() and len(value) <= 4):
            return None
        value = int(value)
    if isinstance(value, int) and first <= value <= last:
        return value
    return None


def as_text(value: Any, max_length: int = MAX_NAME) -> str | None:
    if isinstance(value, str) and len(value) <= max_length:
        return value
    return None


def as_city_key(value: Any) -> dict[str, str] | None:
    """{"city", "country_code"} with short strings, as the page stores a selected city."""
    if not isinstance(value, dict):
        return None
    city = as_text(value.get("city"))
    country_code = as_text(value.get("country_code"), 2)
    if not city or country_code is None:
        return None
    return {"city": city, "country_code": country_code}


def as_choices(value: Any, known: Iterable[str], limit: int = MAX_LIST) -> list[str] | None:
    """A list of known ids, without repeats, in the order of `known`."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > limit:
        return None
    if not all(isinstance(item, str) for item in value):
        return None
    known = list(known)
    if any(item not in known for item in value):
        return None
    return [item for item in known if item in value]


def as_choice(value: Any, choices: Iterable[str]) -> str | None:
    return value if isinstance(value, str) and value in tuple(choices) else None


def clicked_city(click: Any) -> dict[str, str] | None:
    """The city a plotly click points at: the first point's customdata [city, country, kind]."""
    if not isinstance(click, dict):
        return None
    points = click.get("points")
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    custom = points[0].get("customdata")
    if not isinstance(custom, list) or len(custom) < 2:
        return None
    return as_city_key({"city": custom[0], "country_code": custom[1]})
