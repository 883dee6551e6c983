"""A view of the map as a query string, both ways: one contract for the page's address and the
routes the page asks (view, table, snapshot, state).

The parameters, in the order they are written: `year`, `network` (repeated), `mode`, `city`
and `country` (the selected city; the routes also take `country_code`, their former name),
`present`, `lang`. assets/scripts/map_view.js `viewQuery` writes the same string in the browser.

Two ways of reading one:
- `parse_query` (lenient, for the page's address: a bookmark, an e-mail, the history): a
  parameter that is invalid or stale (a year out of range, a network that no longer exists)
  falls back to the default and is reported in `problems`, in words a person understands, in
  the page's language;
- `parse_args` (strict, for the routes): the first thing wrong raises ValueError, saying what.

`to_query` writes a state back, leaving out what is the default, so that the plain address
stays the default view.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from citylinks.i18n.catalogue import LANGUAGES, Texts, texts
from citylinks.model.explorer import MODES
from citylinks.model.inputs import as_choice, as_choices, as_city_key, as_year

PRESENT_VALUES = {"1": True, "0": False}
COUNTRY = "country"
COUNTRY_ALIAS = "country_code"  # the routes' former name for `country`, still accepted there

Params = Mapping[str, Sequence[str]]  # each parameter's values, in the order given


@dataclass(frozen=True)
class ViewState:
    year: int
    networks: tuple[str, ...] = ()
    mode: str = "show"
    city: str | None = None
    country_code: str | None = None
    present: bool = False
    lang: str | None = None  # only when the link asks for one; else the browser's choice
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def selected(self) -> dict[str, str] | None:
        """The selected city as the page stores it, or None."""
        if not self.city:
            return None
        return {"city": self.city, "country_code": self.country_code or ""}


@dataclass(frozen=True)
class Scope:
    """What a view may hold: the data's network ids and its years."""

    network_ids: Sequence[str]
    first: int
    last: int


# --- lenient: the page's address -------------------------------------------------------------


class _Reading:
    """A query string being read: its parameters not yet used, and the problems found."""

    def __init__(self, query: str, t: Texts) -> None:
        self.params = urllib.parse.parse_qs(query.lstrip("?"), keep_blank_values=True)
        self.t = t
        self.problems: list[str] = []

    def single(self, name: str) -> str | None:
        values = self.params.pop(name, [])
        if len(values) > 1:
            self.problems.append(self.t("link.repeated", name=name, count=len(values)))
        return values[0] if values else None

    def say(self, key: str, **values: Any) -> dict[str, Any]:
        self.problems.append(self.t(key, **values))
        return {}


def _lenient_year(r: _Reading, scope: Scope) -> dict[str, Any]:
    raw = r.single("year")
    if raw is None:
        return {}
    year = as_year(raw, scope.first, scope.last)
    if year is None:
        return r.say("link.bad_year", value=repr(raw), first=scope.first, last=scope.last)
    return {"year": year}


def _lenient_networks(r: _Reading, scope: Scope) -> dict[str, Any]:
    raw = r.params.pop("network", [])
    for unknown in dict.fromkeys(n for n in raw if n not in scope.network_ids):
        r.say("link.unknown_network", value=repr(unknown))
    return {"networks": tuple(n for n in scope.network_ids if n in raw)}


def _lenient_mode(r: _Reading, _scope: Scope) -> dict[str, Any]:
    raw = r.single("mode")
    if raw is None:
        return {}
    mode = as_choice(raw, MODES)
    if mode is None:
        return r.say("link.bad_mode", value=repr(raw), modes=", ".join(MODES))
    return {"mode": mode}


def _lenient_city(r: _Reading, _scope: Scope) -> dict[str, Any]:
    raw_city, raw_country = r.single("city"), r.single(COUNTRY)
    if raw_city is None and raw_country is None:
        return {}
    key = as_city_key({"city": raw_city, "country_code": raw_country})
    if key is None:
        return r.say("link.bad_city")
    return {"city": key["city"], "country_code": key["country_code"]}


def _lenient_present(r: _Reading, _scope: Scope) -> dict[str, Any]:
    raw = r.single("present")
    if raw is None:
        return {}
    if raw not in PRESENT_VALUES:
        return r.say("link.bad_present", value=repr(raw))
    return {"present": PRESENT_VALUES[raw]}


def _lenient_lang(r: _Reading, _scope: Scope) -> dict[str, Any]:
    raw = r.single("lang")
    if raw is None:
        return {}
    if raw not in LANGUAGES:
        return r.say("link.bad_lang", value=repr(raw), languages=", ".join(LANGUAGES))
    return {"lang": raw}


_LENIENT: tuple[Callable[[_Reading, Scope], dict[str, Any]], ...] = (
    _lenient_year,
    _lenient_networks,
    _lenient_mode,
    _lenient_city,
    _lenient_present,
    _lenient_lang,
)


def parse_query(
    query: str, network_ids: Sequence[str], first: int, last: int, t: Texts | None = None
) -> ViewState:
    """The view a query string asks for; what cannot be used is ignored and reported."""
    scope = Scope(network_ids, first, last)
    reading = _Reading(query, t or texts("en"))
    values: dict[str, Any] = {}
    for read in _LENIENT:
        values.update(read(reading, scope))
    for name in reading.params:
        reading.say("link.unknown_setting", name=repr(name))
    values.setdefault("year", last)
    return ViewState(**values, problems=tuple(reading.problems))


# --- strict: the routes ----------------------------------------------------------------------


def _first(params: Params, name: str, default: str) -> str:
    values = params.get(name)
    return values[0] if values else default


def _strict_networks(params: Params, scope: Scope) -> tuple[str, ...]:
    asked = list(params.get("network", []))
    networks = as_choices(asked, scope.network_ids)
    if networks is None:
        unknown = [n for n in asked if n not in scope.network_ids]
        raise ValueError(f"unknown network id: {unknown[0]!r}" if unknown else "too many networks")
    return tuple(networks)


def _strict_city(params: Params) -> dict[str, str] | None:
    city = _first(params, "city", "")
    country = _first(params, COUNTRY, _first(params, COUNTRY_ALIAS, ""))
    if not (city or country):
        return None
    key = as_city_key({"city": city, "country_code": country})
    if key is None:
        raise ValueError("city must be a name of up to 200 characters, country_code 2 letters")
    return key


def parse_args(params: Params, network_ids: Sequence[str], first: int, last: int) -> ViewState:
    """The view a route is asked for (year required; lang English unless given); ValueError
    says the first thing wrong. Parameters it does not know are left to the route."""
    scope = Scope(network_ids, first, last)
    year = as_year(_first(params, "year", ""), first, last)
    if year is None:
        raise ValueError(f"year must be a whole number from {first} to {last}")
    networks = _strict_networks(params, scope)
    mode = as_choice(_first(params, "mode", "show"), MODES)
    if mode is None:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    selected = _strict_city(params) or {}
    lang = as_choice(_first(params, "lang", LANGUAGES[0]), LANGUAGES)
    if lang is None:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}")
    return ViewState(
        year=year,
        networks=networks,
        mode=mode,
        city=selected.get("city"),
        country_code=selected.get("country_code"),
        lang=lang,
    )


# --- writing ---------------------------------------------------------------------------------


def to_query(state: ViewState, last: int) -> str:
    """The query string for a view ("" for the default view), with a leading "?"."""
    params: list[tuple[str, str]] = []
    if state.year != last:
        params.append(("year", str(state.year)))
    params += [("network", n) for n in state.networks]
    if state.mode != "show":
        params.append(("mode", state.mode))
    if state.city:
        params += [("city", state.city), (COUNTRY, state.country_code or "")]
    if state.present:
        params.append(("present", "1"))
    if state.lang:
        params.append(("lang", state.lang))
    return "?" + urllib.parse.urlencode(params) if params else ""
