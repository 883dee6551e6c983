"""Bring your own city: a spreadsheet of partner cities (CSV or .xlsx) made into CityLinks data.

Four steps, each saying what it found and never dropping or changing a row silently:
1. `read_source(name, content)` (citylinks/importing/source.py): the file as a table of text,
   read once within bounds of size, rows, columns and cell length, or refused with a
   problem that says why.
2. `guess_mapping(header)` (citylinks/importing/columns.py): which of the file's columns is
   the city, the country, the year… (by name, in French or English; the caller may change it).
3. `prepare(source, mapping, …)` (here): each row made a partners.csv row: country names to
   codes, French dates and decimal commas read (citylinks/dataset/values.py), agreement types
   recognised (jumelage, amitié…), coordinates from the file or the offline gazetteer
   (citylinks/importing/places.py). A city the gazetteer placed has its names in both
   languages where the file says one: in a French file (`file_language`) the gazetteer's
   (English) name is `city` and the name as typed `city_fr` ("Francfort-sur-le-Main" is
   Frankfurt am Main on the English page); in an English file the name as typed is `city`.
   A name the gazetteer cannot place for sure is *pending* with its candidates until someone
   chooses (`choices`); a row with a problem is *rejected*, kept whole with its problems
   (line, column, what is wrong). The good rows then pass the very checks of the data loader
   (citylinks/dataset/schemas.py).
4. `write_folder(...)` (citylinks/importing/folder.py): a data folder the app serves
   (`make run DATA=folder`), with the rejected rows beside it in `rejected.csv`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field, replace

import pandas as pd

from citylinks import clock
from citylinks.dataset import schemas
from citylinks.dataset.csvfile import parse, validate
from citylinks.dataset.spreadsheet import safe_cell
from citylinks.dataset.values import parse_date, parse_finite_number, parse_whole_number
from citylinks.errors import Problem
from citylinks.geo.countries import country_code_of, country_codes, country_name
from citylinks.geo.gazetteer import OfflineGazetteer, Place
from citylinks.geo.names import name_key
from citylinks.i18n.catalogue import Param
from citylinks.importing.columns import (
    ColumnMapping,
    agreement_of,
    columns_used,
    file_language,
    guess_mapping,
)
from citylinks.importing.places import (
    CloseNameBudget,
    Pending,
    gazetteer_source,
    locate,
    pending_problem,
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
DEFAULT_AGREEMENT = "friendship_cooperation"


@dataclass
class ImportResult:
    source: SourceTable
    mapping: ColumnMapping
    partners: pd.DataFrame  # partners.csv columns, as text, for the good rows (index: line)
    rejected: list[tuple[int, list[str], list[Problem]]]  # line, the row as read, its problems
    pending: list[Pending]
    notes: list[str]
    language: str = "en"  # the file's: "fr" or "en" (columns.py's `file_language`)

    @property
    def problems(self) -> list[Problem]:
        return sorted(p for _, _, problems in self.rejected for p in problems)

    def rejected_csv(self, include_pending: bool = True) -> bytes:
        """The rows not imported as they were read, with a column saying why (in English): the
        rejected ones, and (unless told not to) those still waiting for a choice of place."""
        rows = list(self.rejected)
        if include_pending:
            raw_of = dict(zip(self.source.lines, self.source.rows, strict=True))
            rows += [
                (p.line, raw_of[p.line], [pending_problem(p, self.source.name)])
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


@dataclass
class _Row:
    """One row being read: its cells by CityLinks column, and its problems so far."""

    file: str
    line: int
    cells: list[str]
    column_of: dict[str, str]
    index: dict[str, int]
    problems: list[Problem] = field(default_factory=list)

    def cell(self, target: str) -> str:
        column = self.column_of.get(target)
        return self.cells[self.index[column]].strip() if column else ""

    def problem(self, target: str, code: str, /, **params: Param) -> None:
        column = self.column_of.get(target, "")
        self.problems.append(Problem.of(self.file, self.line, column, code, **params))


def _country(row: _Row) -> str:
    """The row's country code, from a code or a country's name ("" when there is none)."""
    code, country = row.cell("country_code").upper(), row.cell("country")
    if code:
        if code not in country_codes():
            row.problem("country_code", "country_code.not_two_letters", value=code)
    elif country:
        code = country_code_of(country) or ""
        if not code:
            row.problem("country", "country.unknown_name", value=country)
    else:
        target = "country_code" if "country_code" in row.column_of else "country"
        row.problem(target, "country.missing")
    return code


def _signed(row: _Row) -> tuple[str, int | None]:
    """The date signed (ISO, or "") and the year signed, from a date, a year or both."""
    date_text, year = "", None
    raw_date = row.cell("date_signed")
    if raw_date:
        date = parse_date(raw_date, day_first=True)
        if date is None:
            row.problem("date_signed", "value.not_an_import_date", value=raw_date)
        else:
            date_text, year = date.iso(), date.year
    raw_year = row.cell("year")
    if raw_year:
        year = parse_whole_number(raw_year)
        if year is None:
            row.problem("year", "value.not_a_year", value=raw_year)
    elif not raw_date:
        row.problem("year" if "year" in row.column_of else "date_signed", "year.empty")
    return date_text, year


def _agreement(row: _Row) -> str:
    if "agreement" not in row.column_of:
        return DEFAULT_AGREEMENT
    raw = row.cell("agreement")
    agreement = agreement_of(raw) or ""
    if not agreement:
        row.problem("agreement", "agreement.unknown_word", value=raw)
    return agreement


def city_names(typed: str, typed_fr: str, place: Place | None, language: str) -> tuple[str, str]:
    """A row's `city` and `city_fr`. In a French file, the name as typed is the French one
    ("Francfort-sur-le-Main", "Erevan", "Canton") and the gazetteer's name, when it placed
    the city, the English one (Frankfurt am Main, Yerevan, Guangzhou): each page shows its
    language's. In an English file the name as typed is the English one, and the French one
    is the file's French column when it has one (else the French page shows the English)."""
    if language != "fr":
        return typed, typed_fr
    return (place.name if place is not None else typed), (typed_fr or typed)


def _given_coordinates(row: _Row) -> tuple[float | None, float | None, str]:
    raw_lat, raw_lon = row.cell("lat"), row.cell("lon")
    lat = parse_finite_number(raw_lat, decimal_comma=True)
    lon = parse_finite_number(raw_lon, decimal_comma=True)
    if lat is None or not -90 <= lat <= 90:
        row.problem("lat", "value.not_a_latitude", value=raw_lat)
    if lon is None or not -180 <= lon <= 180:
        row.problem("lon", "value.not_a_longitude", value=raw_lon)
    return lat, lon, f"{row.file}, line {row.line}"


class _RowReader:
    """The rows of one file, each made a partners.csv row, rejected, or pending a choice."""

    def __init__(
        self,
        source: SourceTable,
        column_of: dict[str, str],
        gazetteer: OfflineGazetteer,
        budget: CloseNameBudget,
        choices: dict[int, int],
        language: str = "en",
    ) -> None:
        self.source = source
        self.language = language
        self.column_of = column_of
        self.index = {column: i for i, column in enumerate(source.header)}
        self.gazetteer = gazetteer
        self.budget = budget
        self.choices = choices
        self.rows: dict[int, dict[str, str]] = {}
        self.rejected: dict[int, list[Problem]] = {}
        self.pending: list[Pending] = []
        self.first_line_of: dict[tuple[str, str], int] = {}

    def read(self, line: int, cells: list[str]) -> None:
        row = _Row(self.source.name, line, cells, self.column_of, self.index)
        city = row.cell("city")
        if not city:
            row.problem("city", "city.empty")
        code = _country(row)
        date_text, year = _signed(row)
        agreement = _agreement(row)
        lat, lon, coord_source = None, None, ""
        place: Place | None = None
        if row.cell("lat") or row.cell("lon"):
            lat, lon, coord_source = _given_coordinates(row)
        elif city and code and not row.problems:
            located = locate(line, city, code, self.gazetteer, self.budget, self.choices.get(line))
            if located.pending is not None:
                self.pending.append(located.pending)
                return
            if located.code:
                row.problem("city", located.code, **dict(located.params))
            elif located.place is not None:
                place = located.place
                lat, lon, coord_source = place.lat, place.lon, gazetteer_source(place)
        city, city_fr = city_names(city, row.cell("city_fr"), place, self.language)
        self._check_once(row, city, code)
        if row.problems:
            self.rejected[line] = row.problems
            return
        self.rows[line] = {
            "city": city,
            "city_fr": city_fr,
            "country": country_name(code),
            "country_code": code,
            "lat": f"{lat:.5f}",
            "lon": f"{lon:.5f}",
            "coord_source": coord_source,
            "year": str(year),
            "date_signed": date_text,
            "agreement": agreement,
            "ended": row.cell("ended"),
            "themes": row.cell("themes"),
            "notes": row.cell("notes"),
            "source": row.cell("source") or f"{self.source.name}, line {line} (imported)",
        }

    def _check_once(self, row: _Row, city: str, code: str) -> None:
        """One row per city: a second one is a problem naming the first's line."""
        if not (city and code):
            return
        key = (name_key(city), code)
        if key in self.first_line_of:
            row.problem("city", "row.same_city", line=self.first_line_of[key])
        else:
            self.first_line_of[key] = row.line

    def loader_checks(self, year_now: int) -> pd.DataFrame:
        """The good rows through the loader's own checks (years in range, ended after
        signed, dates within their year…): the rows that pass, as a partners.csv frame."""
        frame = pd.DataFrame.from_dict(
            self.rows, orient="index", columns=PARTNER_COLUMNS, dtype=object
        )
        frame = frame.fillna("")
        frame.index.name = "line"
        if not len(frame):
            return frame
        name = self.source.name
        spec = schemas.partners_spec(year_now)
        typed, parse_problems = parse(frame, spec, name)
        skip = {(p.line, p.column) for p in parse_problems}
        for p in parse_problems + validate(typed, spec, name, skip):
            if p.column == "city" and p.code == "row.duplicate":
                continue  # said already, with the first line (row.same_city)
            in_file = replace(p, column=self.column_of.get(p.column, p.column))
            self.rejected.setdefault(p.line, []).append(in_file)
        return frame.drop(index=[line for line in self.rejected if line in frame.index])


def _notes(source: SourceTable, column_of: dict[str, str]) -> list[str]:
    """How the file was read, for the command line."""
    notes = [source.describe()]
    if "agreement" not in column_of:
        notes.append(
            "no agreement column: every row is taken as a friendship and cooperation agreement"
        )
    notes.append(
        "columns: " + ", ".join(f"{target} ← '{column}'" for target, column in column_of.items())
    )
    return notes


def prepare(
    source: SourceTable,
    mapping: ColumnMapping | None = None,
    *,
    choices: dict[int, int] | None = None,
    gazetteer: OfflineGazetteer | None = None,
    today: dt.date | None = None,
    budget: CloseNameBudget | None = None,
    language: str | None = None,
) -> ImportResult:
    """The good rows as partners.csv rows, the rejected rows with their problems, and the
    rows waiting for a choice of place (`choices`: line -> GeoNames id). `language`: the
    file's, "fr" or "en" (None: found from its headers and words, `file_language`). Raises
    DataError when the mapping names no usable columns."""
    mapping = mapping or guess_mapping(source.header)
    column_of = columns_used(mapping, source.header, source.name)
    language = language or file_language(source.header, source.rows, column_of)
    reader = _RowReader(
        source,
        column_of,
        gazetteer or OfflineGazetteer(),
        budget or CloseNameBudget(),
        choices or {},
        language,
    )
    for line, cells in zip(source.lines, source.rows, strict=True):
        reader.read(line, cells)
    partners = reader.loader_checks((today or clock.today()).year)
    for p in source.problems:
        reader.rejected.setdefault(p.line, []).append(p)
    raw_of = {**source.unsplit, **dict(zip(source.lines, source.rows, strict=True))}
    return ImportResult(
        source=source,
        mapping=mapping,
        partners=partners,
        rejected=sorted(
            (line, raw_of.get(line, []), sorted(problems))
            for line, problems in reader.rejected.items()
        ),
        pending=reader.pending,
        notes=_notes(source, column_of),
        language=language,
    )
