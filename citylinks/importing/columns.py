"""What a spreadsheet's columns and words mean: which column is the city, the country, the
year… (`guess_mapping`, by the names spreadsheets give them in English or French), and the
agreement types its cells name in either language (country names: citylinks/geo/countries.py).
Names are compared by `name_key` (citylinks/geo/names.py): without accents, case or
punctuation ("Type d'accord" is "type d accord").
"""

from __future__ import annotations

from functools import cache

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
