"""A view of the map as a query string, both ways: one contract for the page's address and the
routes the page asks (view, table, snapshot, state).

The parameters, in the order they are written: `year`, `time` and `from` (the period:
`time=signed&from=1990` shows what was signed from 1990 to `year`, `time=new&from=2015` what is
new since 2015; citylinks/model/filters.py), `network` (repeated), `mode`, the filters `kind`,
`region`, `in_country` and `topic` (each repeated), `city` and `country` (the selected city;
the routes also take `country_code`, their former name), `view` (a zoom preset, or the map's
centre and zoom "lon,lat,scale"; citylinks/model/zoom.py), `present`, `lang`.
assets/scripts/map_view.js `viewQuery` writes the same string in the browser.
(`theme` is not a filter's name: the routes and the script use it for the colour theme.)

Two ways of reading one:
- `parse_query` (lenient, for the page's address: a bookmark, an e-mail, the history): a
  parameter that is invalid or stale (a year out of range, a network that no longer exists)
  falls back to the default and is reported in `problems`, in words a person understands, in
  the page's language;
- `parse_args` (strict, for the routes): the first thing wrong raises ValueError, saying what.

`to_query` writes a state back, leaving out what is the default, so that the plain address
stays the default view.

Both readers check the filters' values against the data's (`choices`, from
`filter_choices(data)`) when given one, else against what any data may hold (agreement types,
regions, ISO country codes, any theme); a list holds at most LIMITS.list_items values, and
`parse_query` reads at most LIMITS.query_chars characters.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from citylinks.i18n.catalogue import LANGUAGES, Texts, texts
from citylinks.model.explorer import MODES
from citylinks.model.filter_choices import FilterChoices, read_filter_value
from citylinks.model.filters import DEFAULT_TIME, REGIONS, TIME_MODES, Filters, Period
from citylinks.model.inputs import as_choice, as_choices, as_city_key, as_year
from citylinks.model.zoom import PRESET_NAMES, Camera, parse_camera
from citylinks.settings import LIMITS

PRESENT_VALUES = {"1": True, "0": False}
COUNTRY = "country"
COUNTRY_ALIAS = "country_code"  # the routes' former name for `country`, still accepted there

Params = Mapping[str, Sequence[str]]  # each parameter's values, in the order given
# The filters' parameters: (Filters field, parameter name, problem text when unknown).
FILTER_PARAMS = (
    ("kinds", "kind", "link.bad_kind"),
    ("regions", "region", "link.bad_region"),
    ("countries", "in_country", "link.bad_country"),
    ("themes", "topic", "link.bad_topic"),
)
MAX_LIST = LIMITS.list_items
MAX_QUERY = LIMITS.query_chars
SHOWN_CHARS = 60  # of a bad value, in a problem's text


@dataclass(frozen=True)
class ViewState:
    year: int
    networks: tuple[str, ...] = ()
    mode: str = "show"
    city: str | None = None
    country_code: str | None = None
    present: bool = False
    lang: str | None = None  # only when the link asks for one; else the browser's choice
    filters: Filters = field(default_factory=Filters)
    # in force as of `year` (the default), signed from…to `year`, or new since…
    period: Period = field(default_factory=Period)
    preset: str | None = None  # a zoom preset (zoom.PRESET_NAMES); None: the default view
    camera: Camera | None = None  # the map's centre and zoom; written instead of the preset
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
    choices: FilterChoices | None = None  # the data's filter values (None: any valid one)


# --- lenient: the page's address -------------------------------------------------------------


class _Reading:
    """A query string being read: its parameters not yet used, and the problems found."""

    def __init__(self, query: str, t: Texts) -> None:
        self.params = urllib.parse.parse_qs(query.lstrip("?"), keep_blank_values=True)
        self.t = t
        self.problems: list[str] = []
        self.year: int | None = None  # the year read, once read

    def many(self, name: str) -> list[str]:
        """A repeated parameter's values, at most MAX_LIST of them (the rest: a problem)."""
        values = self.params.pop(name, [])
        if len(values) > MAX_LIST:
            self.say("link.too_many", name=name, count=len(values), limit=MAX_LIST)
        return values[:MAX_LIST]

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
    r.year = year
    return {"year": year}


def _shown(raw: str) -> str:
    """A value as a problem quotes it (a long one cut)."""
    return repr(raw if len(raw) <= SHOWN_CHARS else raw[:SHOWN_CHARS] + "…")


def _lenient_period(r: _Reading, scope: Scope) -> dict[str, Any]:
    raw_time, raw_from = r.single("time"), r.single("from")
    if raw_time is None or raw_time == DEFAULT_TIME:
        if raw_from is not None:
            r.say("link.from_without_time", value=_shown(raw_from))
        return {}
    mode = as_choice(raw_time, TIME_MODES)
    if mode is None:
        return r.say("link.bad_time", value=_shown(raw_time), modes=", ".join(TIME_MODES))
    if raw_from is None:
        return r.say("link.needs_from", mode=mode)
    last = scope.last if r.year is None else r.year
    start = as_year(raw_from, scope.first, last)
    if start is None:
        return r.say("link.bad_from", value=_shown(raw_from), first=scope.first, last=last)
    return {"period": Period(mode, start)}


def _lenient_filters(r: _Reading, scope: Scope) -> dict[str, Any]:
    kept: dict[str, list[str]] = {}
    for facet, name, problem in FILTER_PARAMS:
        kept[facet] = []
        for raw in dict.fromkeys(r.many(name)):
            value = read_filter_value(facet, raw, scope.choices)
            if value is None:
                r.say(problem, value=_shown(raw), regions=", ".join(_regions(scope)))
            else:
                kept[facet].append(value)
    filters = Filters.of(**kept)
    return {} if filters.empty else {"filters": filters}


def _regions(scope: Scope) -> list[str]:
    if scope.choices is None:
        return list(REGIONS)
    return [choice.value for choice in scope.choices.regions]


def _view_fields(raw: str | None) -> dict[str, Any] | None:
    """The map's view an address gives: a preset's name or a camera ({} for none), or None
    when it is neither."""
    if raw is None:
        return {}
    if raw in PRESET_NAMES:
        return {"preset": raw}
    camera = parse_camera(raw)
    return None if camera is None else {"camera": camera}


def _lenient_view(r: _Reading, _scope: Scope) -> dict[str, Any]:
    raw = r.single("view")
    fields = _view_fields(raw)
    if fields is None:
        return r.say("link.bad_view", value=_shown(str(raw)), presets=", ".join(PRESET_NAMES))
    return fields


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
    _lenient_period,
    _lenient_networks,
    _lenient_mode,
    _lenient_filters,
    _lenient_city,
    _lenient_view,
    _lenient_present,
    _lenient_lang,
)


def parse_query(
    query: str,
    network_ids: Sequence[str],
    first: int,
    last: int,
    t: Texts | None = None,
    choices: FilterChoices | None = None,
) -> ViewState:
    """The view a query string asks for; what cannot be used is ignored and reported."""
    scope = Scope(network_ids, first, last, choices)
    t = t or texts("en")
    too_long = len(query) > MAX_QUERY
    if too_long:  # read the parameters that fit whole
        cut = query[:MAX_QUERY]
        query = cut if query[MAX_QUERY] == "&" else cut.rpartition("&")[0]
    reading = _Reading(query, t)
    if too_long:
        reading.say("link.too_long", limit=MAX_QUERY)
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


def _single(params: Params, name: str) -> str | None:
    values = params.get(name)
    if values and len(values) > 1:
        raise ValueError(f"{name} must be given once")
    return values[0] if values else None


def _strict_period(params: Params, scope: Scope, year: int) -> Period:
    raw_time, raw_from = _single(params, "time"), _single(params, "from")
    mode = as_choice(raw_time or DEFAULT_TIME, TIME_MODES)
    if mode is None:
        raise ValueError(f"time must be one of {', '.join(TIME_MODES)}")
    if mode == DEFAULT_TIME:
        if raw_from is not None:
            raise ValueError(f"from needs time={' or time='.join(TIME_MODES[1:])}")
        return Period()
    start = as_year(raw_from or "", scope.first, year)
    if start is None:
        raise ValueError(f"from must be a whole number from {scope.first} to the year, {year}")
    return Period(mode, start)


def _strict_filters(params: Params, scope: Scope) -> Filters:
    kept: dict[str, list[str]] = {}
    for facet, name, _problem in FILTER_PARAMS:
        raw = list(params.get(name, []))
        if len(raw) > MAX_LIST:
            raise ValueError(f"{name} may be given at most {MAX_LIST} times")
        kept[facet] = []
        for value in raw:
            canonical = read_filter_value(facet, value, scope.choices)
            if canonical is None:
                raise ValueError(f"unknown {name}: {_shown(value)}")
            kept[facet].append(canonical)
    return Filters.of(**kept)


def _strict_view(params: Params) -> dict[str, Any]:
    fields = _view_fields(_single(params, "view"))
    if fields is None:
        raise ValueError(
            f"view must be one of {', '.join(PRESET_NAMES)} or longitude,latitude,scale"
        )
    return fields


def parse_args(
    params: Params,
    network_ids: Sequence[str],
    first: int,
    last: int,
    choices: FilterChoices | None = None,
) -> ViewState:
    """The view a route is asked for (year required; lang English unless given); ValueError
    says the first thing wrong. Parameters it does not know are left to the route."""
    scope = Scope(network_ids, first, last, choices)
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
        filters=_strict_filters(params, scope),
        period=_strict_period(params, scope, year),
        **_strict_view(params),
    )


# --- writing ---------------------------------------------------------------------------------


def to_query(state: ViewState, last: int) -> str:
    """The query string for a view ("" for the default view), with a leading "?"."""
    params: list[tuple[str, str]] = []
    if state.year != last:
        params.append(("year", str(state.year)))
    if state.period.mode != DEFAULT_TIME:
        params.append(("time", state.period.mode))
        if state.period.start is not None:
            params.append(("from", str(state.period.start)))
    params += [("network", n) for n in state.networks]
    if state.mode != "show":
        params.append(("mode", state.mode))
    for facet, name, _problem in FILTER_PARAMS:
        params += [(name, value) for value in getattr(state.filters, facet)]
    if state.city:
        params += [("city", state.city), (COUNTRY, state.country_code or "")]
    if state.camera is not None:
        params.append(("view", state.camera.to_text()))
    elif state.preset:
        params.append(("view", state.preset))
    if state.present:
        params.append(("present", "1"))
    if state.lang:
        params.append(("lang", state.lang))
    return "?" + urllib.parse.urlencode(params) if params else ""
