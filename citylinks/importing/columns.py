"""What a spreadsheet's columns and words mean: which column is the city, the country, the
year… (`guess_mapping`, by the names spreadsheets give them in English or French), and the
agreement types its cells name in either language (country names: citylinks/geo/countries.py),
and the language the file is written in (`file_language`: its headers, else its words).
Names are compared by `name_key` (citylinks/geo/names.py): without accents, case or
punctuation ("Type d'accord" is "type d accord").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from babel import Locale

from citylinks.errors import DataError, Problem
from citylinks.geo.names import name_key

# What a column is called in spreadsheets, in English and French (compared by `name_key`). The
# first target a header matches wins.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "city": ("city", "ville", "partner city", "ville partenaire", "commune", "town", "nom"),
    "city_fr": ("city fr", "nom francais", "ville en francais", "french name"),
    "country_code": ("country code", "country_code", "code pays", "iso", "code iso", "cc"),
    "country": ("country", "pays", "nation", "etat"),
    "year": ("year", "annee", "an", "year signed", "annee de signature", "signed"),
    "date_signed": ("date", "date signed", "date de signature", "signature", "signe le"),
    "agreement": ("agreement", "type", "accord", "type d accord", "type of agreement", "nature"),
    "ended": ("ended", "end", "fin", "annee de fin", "until", "jusqu en"),
    "themes": ("themes", "theme", "thematiques", "domaines", "sujets", "topics"),
    "notes": ("notes", "note", "remarques", "commentaire", "commentaires", "comments"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "long", "longitude"),
    "source": ("source", "sources", "reference", "references", "url", "lien"),
}
TARGETS = tuple(SYNONYMS)
AGREEMENT_WORDS = {
    "twinning": ("twinning", "twin", "twin city", "sister city", "jumelage", "ville jumelle"),
    "friendship_cooperation": (
        "friendship_cooperation",
        "friendship and cooperation",
        "friendship",
        "cooperation",
        "partnership",
        "amitie",
        "amitie et cooperation",
        "accord d amitie et de cooperation",
        "partenariat",
        "pacte d amitie",
    ),
}
# Header words of one language only (those of SYNONYMS, and others a header may have): how a
# file's language is known. "Source", "Notes", "Type", "Latitude" are both.
FRENCH_HEADERS = (
    "ville",
    "ville partenaire",
    "commune",
    "nom",
    "nom francais",
    "ville en francais",
    "pays",
    "code pays",
    "code iso",
    "etat",
    "annee",
    "an",
    "annee de signature",
    "date de signature",
    "signe le",
    "accord",
    "type d accord",
    "nature",
    "fin",
    "annee de fin",
    "jusqu en",
    "thematiques",
    "domaines",
    "sujets",
    "remarques",
    "commentaire",
    "commentaires",
    "lien",
)
ENGLISH_HEADERS = (
    "city",
    "partner city",
    "town",
    "city fr",
    "french name",
    "country",
    "country code",
    "year",
    "year signed",
    "signed",
    "date signed",
    "agreement",
    "type of agreement",
    "ended",
    "end",
    "until",
    "topics",
    "comments",
)
# AGREEMENT_WORDS of one language only ("cooperation" is both).
FRENCH_AGREEMENTS = (
    "jumelage",
    "ville jumelle",
    "amitie",
    "amitie et cooperation",
    "accord d amitie et de cooperation",
    "partenariat",
    "pacte d amitie",
)
ENGLISH_AGREEMENTS = (
    "twinning",
    "twin",
    "twin city",
    "sister city",
    "friendship and cooperation",
    "friendship",
    "partnership",
)
LANGUAGE_SAMPLE = 200  # rows whose words say the language when the headers do not
ColumnMapping = dict[str, str | None]  # CityLinks column -> the file's column (None: none)


def guess_mapping(header: list[str]) -> ColumnMapping:
    """For each CityLinks column, the file's column that holds it (None when none does)."""
    mapping: ColumnMapping = dict.fromkeys(TARGETS)
    taken: set[str] = set()
    for target, names in SYNONYMS.items():
        wanted = {name_key(n) for n in names}
        for column in header:
            if column and column not in taken and name_key(column) in wanted:
                mapping[target] = column
                taken.add(column)
                break
    return mapping


def columns_used(mapping: ColumnMapping, header: list[str], file: str) -> dict[str, str]:
    """The file's column of each CityLinks column the mapping names, checked: each is in the
    header, and the city, the country and the year signed are there. Raises DataError."""
    column_of = {target: column for target, column in mapping.items() if column}
    unknown = [column for column in column_of.values() if column not in header]
    if unknown:
        raise DataError([Problem.of(file, 1, c, "columns.no_such_column") for c in unknown])
    missing: list[str] = []
    if "city" not in column_of:
        missing.append("city")
    if "country" not in column_of and "country_code" not in column_of:
        missing.append("country")
    if "year" not in column_of and "date_signed" not in column_of:
        missing.append("year")
    if missing:
        raise DataError([Problem.of(file, 1, "", "columns.not_found", missing=tuple(missing))])
    return column_of


@cache
def _agreement_keys() -> dict[str, str]:
    """Each word for an agreement type, compared as `name_key` makes it, to its type."""
    return {
        name_key(word): agreement for agreement, words in AGREEMENT_WORDS.items() for word in words
    }


def agreement_of(text: str) -> str | None:
    """The agreement type a cell names ("Jumelage" is "twinning"), or None."""
    return _agreement_keys().get(name_key(text))


@cache
def _language_words() -> dict[str, str]:
    """Each word of one language only, compared as `name_key` makes it, to its language:
    header words, agreement words, and country names (CLDR's) that differ between French
    and English ("Italie", "Italy"; not "France")."""
    words: dict[str, set[str]] = {}
    one_language: dict[str, tuple[str, ...]] = {
        "fr": FRENCH_HEADERS + FRENCH_AGREEMENTS,
        "en": ENGLISH_HEADERS + ENGLISH_AGREEMENTS,
    }
    for lang, names in one_language.items():
        for name in names:
            words.setdefault(name_key(name), set()).add(lang)
    for lang in ("en", "fr"):
        for name in Locale.parse(lang).territories.values():
            words.setdefault(name_key(name), set()).add(lang)
    return {word: langs.pop() for word, langs in words.items() if len(langs) == 1}


def file_language(
    header: list[str],
    rows: Sequence[list[str]] = (),
    column_of: dict[str, str] | None = None,
) -> str:
    """The language a file is written in, "fr" or "en": that of most of its headers of one
    language ("Ville", "Pays", "Année" are French; "City", "Country", "Year" English), else
    that of most of the words of its country and agreement columns in the first rows
    ("Italie", "Jumelage"); English when nothing says."""
    words = _language_words()
    votes = {"fr": 0, "en": 0}
    for column in header:
        if lang := words.get(name_key(column)):
            votes[lang] += 1
    if votes["fr"] == votes["en"] and rows and column_of:
        index = {column: i for i, column in enumerate(header)}
        cells = [index[column_of[t]] for t in ("country", "agreement") if t in column_of]
        for row in rows[:LANGUAGE_SAMPLE]:
            for i in cells:
                if i < len(row) and (lang := words.get(name_key(row[i]))):
                    votes[lang] += 1
    return "fr" if votes["fr"] > votes["en"] else "en"
