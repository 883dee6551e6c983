"""The page's languages: one catalogue of texts per language, and the language's formats.

The catalogues are `citylinks/i18n/locales/<lang>.json` (a flat mapping of key to text, with
`{name}` placeholders); both must have the same keys (tests/unit/test_i18n.py). Counted texts
have a `_one` and an `_other` key, picked by the language's plural rule (French says
"0 partenaire", English "0 partners"). Numbers, dates, lists and country names follow the
language (Babel's CLDR data): "9 736 km" and "14 juillet 1982" in French, "9,736 km" and
"14 July 1982" in English. City names that differ in French come from the data (`city_fr`).

Problems with data (citylinks/errors.py) are codes with parameters; `Texts.problem` says them
from the `problem.<code>` keys. In those texts a `{name:,}` placeholder is a number written as
the language writes it ("10,000", "10 000"); a parameter that is a list of keys
("city", "year") is said as the texts `problem.<code>.<key>` joined by
`problem.<code>.separator`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol, cast

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}  # each in its own language
LOCALES = {"en": "en_GB", "fr": "fr_FR"}
CATALOGUES = Path(__file__).resolve().parent / "locales"
# A problem's parameter: a text, a number, or a list of keys (see Texts.problem).
Param = str | int | float | tuple[str, ...]
Params = tuple[tuple[str, Param], ...]
ListStyle = Literal["standard", "standard-short", "or", "or-short", "unit", "unit-short"]


class Coded(Protocol):
    """Something said as a code with parameters: a Problem, an InvalidInput."""

    @property
    def code(self) -> str: ...

    @property
    def params(self) -> Params: ...


@cache
def catalogue(lang: str) -> dict[str, str]:
    with (CATALOGUES / f"{lang}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


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
        return _whole_number(value, str(self.locale))

    def date(self, iso: str) -> str:
        """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) written out: "14 July 1982"."""
        parts = str(iso).split("-")
        try:
            if len(parts) == 3:
                day = dt.date(*map(int, parts))
                text = format_date(day, "long", locale=self.locale)
                # French writes the first of the month as an ordinal: "1er octobre 2014".
                if self.lang == "fr" and day.day == 1 and text.startswith("1 "):
                    text = "1er " + text[2:]
                return text
            if len(parts) == 2:
                day = dt.date(int(parts[0]), int(parts[1]), 1)
                return format_date(day, "MMMM y", locale=self.locale)
        except ValueError:
            pass
        return str(iso)

    def of_date(self, iso: str) -> str:
        """A date as the complement of a noun, with what the language puts before it: in
        French "du 14 juillet 1982", "d'avril 2006", "de 1996" (the article and elision follow
        the date's form); in English the date alone (the sentence says "of" or "signed")."""
        text = self.date(iso)
        form = {3: "day", 2: "month"}.get(len(str(iso).split("-")), "year")
        if self.lang == "fr" and form == "month" and text[:1].lower() in "aeiouyâéèêîôû":
            return self("date.of_elided", date=text)
        return self(f"date.of_{form}", date=text)

    def join(self, items: Iterable[str], style: str = "standard") -> str:
        """ "A, B and C" ("standard") or "A or B" ("or"), in the language."""
        items = list(items)
        return format_list(items, style=cast(ListStyle, style), locale=self.locale) if items else ""

    def country(self, code: str, fallback: str = "") -> str:
        return self.locale.territories.get(str(code).upper()) or fallback or str(code)

    def pick(self, english: object, french: object) -> str:
        """A data text with an optional French version (a `…_fr` column)."""
        if self.lang == "fr" and isinstance(french, str) and french:
            return french
        return "" if not isinstance(english, str) else english

    def problem(self, problem: Coded) -> str:
        """What is wrong, in the language: a problem's (or an invalid input's) code said with
        its parameters."""
        return self.problem_text(problem.code, dict(problem.params))

    def problem_text(self, code: str, params: Mapping[str, Param]) -> str:
        key = f"problem.{code}"
        values = {
            name: self._key_list(key, value) if isinstance(value, tuple) else value
            for name, value in params.items()
        }
        return _ProblemFormatter(self).format(self._texts[key], **values)

    def _key_list(self, key: str, items: tuple[str, ...]) -> str:
        return self._texts[f"{key}.separator"].join(self._texts[f"{key}.{item}"] for item in items)


class _ProblemFormatter(string.Formatter):
    """str.format, with `{name:,}` a whole number and `{name:.1f}` a decimal one (any number of
    places) in the language's way ("5,0" in French)."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "," and isinstance(value, int):
            return self.texts.number(value)
        places = _DECIMALS.fullmatch(format_spec)
        if places and isinstance(value, int | float) and not isinstance(value, bool):
            pattern = "#,##0." + "0" * int(places.group(1)) if int(places.group(1)) else "#,##0"
            return format_decimal(value, format=pattern, locale=self.texts.locale)
        return super().format_field(value, format_spec)


_DECIMALS = re.compile(r"\.(\d)f")


@cache
def texts(lang: str) -> Texts:
    return Texts(lang)


@lru_cache(maxsize=4096)
def _whole_number(value: float, locale: str) -> str:
    """`value` rounded and grouped the locale's way (babel's formatting is ~70 µs a number, and
    a view writes dozens of the same few counts and years)."""
    return format_decimal(value, format="#,##0", locale=locale)
