"""The filters' choices, as the page offers them: the agreement kinds, regions, countries and
themes the data has, each with its label in both languages and how many partners it keeps
(`filter_choices`), sorted in a language's way; and a value from outside read into one of
them (`read_filter_value`). The filters themselves are citylinks/model/filters.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from citylinks.dataset.schemas import AGREEMENT_TYPES
from citylinks.geo.countries import country_codes
from citylinks.geo.names import normalize_name
from citylinks.i18n.catalogue import LANGUAGES, texts
from citylinks.model.filters import (
    FACETS,
    REGIONS,
    FilterIndex,
    Filters,
    Source,
    filter_index,
    region_label,
    theme_key,
)
from citylinks.settings import LIMITS


@dataclass(frozen=True)
class Choice:
    """A value a filter offers: its value (as the address writes it), its labels, and how
    many partners it keeps over all years."""

    value: str
    en: str
    fr: str
    partners: int

    def label(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class FilterChoices:
    """The values each filter offers for a dataset (`filter_choices`): kinds in
    AGREEMENT_TYPES order, regions in REGIONS order, countries and themes by English name
    (`sort_choices` orders them for a language)."""

    kinds: tuple[Choice, ...]
    regions: tuple[Choice, ...]
    countries: tuple[Choice, ...]
    themes: tuple[Choice, ...]

    def read(self, facet: str, value: str) -> str | None:
        """The filter value `value` stands for (canonical: its value, or one of its labels
        compared as the facet compares), or None when the data has none."""
        lookups: dict[str, dict[str, str]] | None = self.__dict__.get("_lookups")
        if lookups is None:
            lookups = {name: _lookup(getattr(self, name), name) for name in FACETS}
            object.__setattr__(self, "_lookups", lookups)
        return lookups[facet].get(_value_key(facet, value))


def _lookup(choices: Sequence[Choice], facet: str) -> dict[str, str]:
    """Each choice's value and labels, as compared, to its value (the first choice wins)."""
    out: dict[str, str] = {}
    for choice in choices:
        out.setdefault(_value_key(facet, choice.value), choice.value)
    for choice in choices:
        for text in (choice.en, choice.fr):
            out.setdefault(_value_key(facet, text), choice.value)
    return out


def _value_key(facet: str, value: str) -> str:
    if facet == "themes":
        return theme_key(value)
    if facet == "countries":
        return value.strip().upper()
    return value.strip()


def read_filter_value(facet: str, value: str, choices: FilterChoices | None = None) -> str | None:
    """A filter value from outside (an address), canonical, or None when it is not one:
    among the data's choices when given, else any agreement type, region, ISO country code
    or theme of words."""
    if facet not in FACETS:
        raise ValueError(f"unknown filter {facet!r}")
    if not isinstance(value, str) or len(value) > LIMITS.name_chars:
        return None
    if choices is not None:
        return choices.read(facet, value)
    if facet == "kinds":
        return value if value in AGREEMENT_TYPES else None
    if facet == "regions":
        return value if value in REGIONS else None
    if facet == "countries":
        code = value.strip().upper()
        return code if len(code) == 2 and code in country_codes() else None
    return theme_key(value) or None


def filter_choices(source: Source) -> FilterChoices:
    """What each filter can offer for this dataset: the kinds its instruments have, the
    regions and countries of its partners, members and event places, its themes."""
    index = filter_index(source)
    if index.choices is None:
        index.choices = _filter_choices(index)
    return index.choices


def _filter_choices(index: FilterIndex) -> FilterChoices:
    ever = 10**6  # a year after every instrument: counts over all years
    en, fr = texts("en"), texts("fr")

    def count(filters: Filters) -> int:
        return int(filters.mask(index, ever).sum())

    present_kinds = set(index.instrument_kind.tolist())
    kinds = tuple(
        Choice(k, en(f"agreement.{k}"), fr(f"agreement.{k}"), count(Filters(kinds=(k,))))
        for k in AGREEMENT_TYPES
        if k in present_kinds
    )
    places = np.concatenate([index.partner_country, index.member_country, index.event_country])
    codes = sorted(set(places.tolist()))
    regions = tuple(
        Choice(r, region_label(r, "en"), region_label(r, "fr"), count(Filters(regions=(r,))))
        for r in REGIONS
        if index.partner_regions[r].any()
        or index.member_regions[r].any()
        or index.event_regions[r].any()
    )
    # A country's count is its partners' (as Filters(countries=(c,)) counts them), counted
    # at once rather than a mask for each of the data's 100-odd countries.
    partners_in = Counter(index.partner_country.tolist())
    countries = tuple(
        sorted(
            (Choice(c, en.country(c), fr.country(c), partners_in[c]) for c in codes),
            key=lambda choice: normalize_name(choice.en),
        )
    )
    partners_with = _theme_counter(index, ever)
    seen: dict[str, Choice] = {}
    for theme in index.themes:
        value = theme.key_en or theme.key_fr
        if value not in seen:
            seen[value] = Choice(value, theme.en, theme.fr, partners_with(value))
    themes = tuple(sorted(seen.values(), key=lambda choice: choice.value))
    return FilterChoices(kinds=kinds, regions=regions, countries=countries, themes=themes)


def _theme_counter(index: FilterIndex, year: int) -> Callable[[str], int]:
    """How many partners `Filters(themes=(value,))` keeps up to `year`, for any value, from
    one table of the data's themes by partners (a mask for each of its 100-odd themes took
    0.2 ms each, a start's largest part of the page)."""
    signed = index.signed_in(-np.inf, float(year))[index.pair_instrument]
    held = np.zeros((len(index.themes), index.size), dtype=bool)
    held[index.pair_theme[signed], index.instrument_partner[index.pair_instrument[signed]]] = True

    def partners_with(value: str) -> int:
        matched = index.matching_themes((value,))
        return int(held[matched].any(axis=0).sum()) if matched else 0

    return partners_with


def sort_choices(choices: Iterable[Choice], lang: str) -> list[Choice]:
    """Choices in the alphabetical order of their labels in `lang` (accents ignored)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    return sorted(choices, key=lambda choice: (normalize_name(choice.label(lang)), choice.value))
