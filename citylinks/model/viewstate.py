"""A view of the map as a link: the query string of the page's URL, both ways.

`parse_query` reads a query string (from a bookmark, an e-mail, the browser's history) into a
`ViewState`; a parameter that is invalid or stale (a year out of range, a network that no
longer exists) falls back to the default and is reported in `problems`, in words a person
understands, in the page's language. `to_query` writes a state back, leaving out what is
the default, so that the plain address stays the default view.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field, replace

from citylinks.i18n.catalogue import LANGUAGES, Texts, texts
from citylinks.model.explorer import MODES
from citylinks.model.inputs import as_choice, as_city_key, as_year

PRESENT_VALUES = {"1": True, "0": False}


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


def parse_query(
    query: str, network_ids: list[str], first: int, last: int, t: Texts | None = None
) -> ViewState:
    """The view a query string asks for; what cannot be used is ignored and reported."""
    t = t or texts("en")
    params = urllib.parse.parse_qs(query.lstrip("?"), keep_blank_values=True)
    problems: list[str] = []
    state = ViewState(year=last)

    def single(name: str) -> str | None:
        values = params.pop(name, [])
        if len(values) > 1:
            problems.append(t("link.repeated", name=name, count=len(values)))
        return values[0] if values else None

    raw_year = single("year")
    if raw_year is not None:
        year = as_year(raw_year, first, last)
        if year is None:
            problems.append(t("link.bad_year", value=repr(raw_year), first=first, last=last))
        else:
            state = replace(state, year=year)

    raw_networks = params.pop("network", [])
    known = [n for n in network_ids if n in raw_networks]
    for unknown in dict.fromkeys(n for n in raw_networks if n not in network_ids):
        problems.append(t("link.unknown_network", value=repr(unknown)))
    state = replace(state, networks=tuple(known))

    raw_mode = single("mode")
    if raw_mode is not None:
        mode = as_choice(raw_mode, MODES)
        if mode is None:
            problems.append(t("link.bad_mode", value=repr(raw_mode), modes=", ".join(MODES)))
        else:
            state = replace(state, mode=mode)

    raw_city, raw_country = single("city"), single("country")
    if raw_city is not None or raw_country is not None:
        key = as_city_key({"city": raw_city, "country_code": raw_country})
        if key is None:
            problems.append(t("link.bad_city"))
        else:
            state = replace(state, city=key["city"], country_code=key["country_code"])

    raw_present = single("present")
    if raw_present is not None:
        if raw_present in PRESENT_VALUES:
            state = replace(state, present=PRESENT_VALUES[raw_present])
        else:
            problems.append(t("link.bad_present", value=repr(raw_present)))

    raw_lang = single("lang")
    if raw_lang is not None:
        if raw_lang in LANGUAGES:
            state = replace(state, lang=raw_lang)
        else:
            languages = ", ".join(LANGUAGES)
            problems.append(t("link.bad_lang", value=repr(raw_lang), languages=languages))

    for name in params:
        problems.append(t("link.unknown_setting", name=repr(name)))
    return replace(state, problems=tuple(problems))


def to_query(state: ViewState, last: int) -> str:
    """The query string for a view ("" for the default view), with a leading "?"."""
    params: list[tuple[str, str]] = []
    if state.year != last:
        params.append(("year", str(state.year)))
    params += [("network", n) for n in state.networks]
    if state.mode != "show":
        params.append(("mode", state.mode))
    if state.city:
        params += [("city", state.city), ("country", state.country_code or "")]
    if state.present:
        params.append(("present", "1"))
    if state.lang:
        params.append(("lang", state.lang))
    return "?" + urllib.parse.urlencode(params) if params else ""
