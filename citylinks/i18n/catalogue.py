"""The page's languages: one catalogue of texts per language, and the language's formats.

The catalogues are `citylinks/i18n/locales/<lang>.json` (a flat mapping of key to text, with
`{name}` placeholders); both must have the same keys (tests/unit/test_i18n.py). Counted texts
have a `_one` and an `_other` key, picked by the language's plural rule (French says
"0 partenaire", English "0 partners"). Numbers, dates, lists and country names follow the
language (Babel's CLDR data): "9 736 km" and "14 juillet 1982" in French, "9,736 km" and
"14 July 1982" in English. City names that differ in French come from the data (`city_fr`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}  # each in its own language
LOCALES = {"en": "en_GB", "fr": "fr_FR"}
CATALOGUES = Path(__file__).resolve().parent / "locales"


@cache
def catalogue(lang: str) -> dict[str, str]:
    with (CATALOGUES / f"{lang}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def negotiate(accept_language: str | None) -> str:
    """The first of our languages that an Accept-Language header asks for (else English)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


class Texts:
    """A language's texts and formats: `t("key", name=value)`, `t.count("key", n)`, …"""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self.locale = Locale.parse(LOCALES[lang])
        self._texts = catalogue(lang)

    def __call__(self, key: str, **values: object) -> str:
        text = self._texts[key]
        return text.format(**values) if values else text

    def count(self, key: str, n: int, **values: object) -> str:
        """A counted text: `key_one` or `key_other` by the plural rule, with {n} formatted."""
        form = "one" if self.locale.plural_form(n) == "one" else "other"
        return self(f"{key}_{form}", n=self.number(n), **values)

    def number(self, value: float) -> str:
        return format_decimal(value, format="#,##0", locale=self.locale)

    def date(self, iso: str) -> str:
        """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) written out: "14 July 1982"."""
        parts = str(iso).split("-")
        try:
            if len(parts) == 3:
                return format_date(dt.date(*map(int, parts)), "long", locale=self.locale)
            if len(parts) == 2:
                day = dt.date(int(parts[0]), int(parts[1]), 1)
                return format_date(day, "MMMM y", locale=self.locale)
        except ValueError:
            pass
        return str(iso)

    def join(self, items: Iterable[str], style: str = "standard") -> str:
        """ "A, B and C" ("standard") or "A or B" ("or"), in the language."""
        items = list(items)
        return format_list(items, style=style, locale=self.locale) if items else ""

    def country(self, code: str, fallback: str = "") -> str:
        return self.locale.territories.get(str(code).upper()) or fallback or str(code)

    def pick(self, english: object, french: object) -> str:
        """A data text with an optional French version (a `…_fr` column)."""
        if self.lang == "fr" and isinstance(french, str) and french:
            return french
        return "" if not isinstance(english, str) else english


@cache
def texts(lang: str) -> Texts:
    return Texts(lang)
