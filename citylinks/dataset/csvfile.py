"""Reading and checking one CSV table: bytes -> typed pandas DataFrame, or a DataError.

Three steps, each reporting every bad cell with its file, line and column:
1. `read_rows`: decode UTF-8 (with or without BOM), split into records, remember the line each
   record starts on, check the header (missing or repeated columns) and the field counts.
2. `parse`: turn each column's text into its type (whole-number years, decimal degrees, ISO dates).
3. pandera: value rules (ranges, allowed values, country codes, uniqueness) on the typed frame,
   then the cross-column rules of the table.
The DataFrame index is the line number in the file, so any later check can name the line too.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from citylinks.errors import DataError, Problem

KINDS = ("text", "int", "float", "date")
_INT = re.compile(r"^-?\d+$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Col:
    """One column: its type, whether cells may be empty or the column absent, and value checks."""

    kind: str = "text"
    nullable: bool = True
    optional: bool = False
    checks: tuple[pa.Check, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class RowRule:
    """A rule across columns: `bad(df)` is True on the rows that break it."""

    column: str
    message: str
    bad: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class TableSpec:
    columns: dict[str, Col]
    unique: tuple[str, ...] = ()
    rules: tuple[RowRule, ...] = field(default_factory=tuple)


def _display_name(path: Path) -> str:
    parts = path.parts
    return str(Path(*parts[-2:])) if len(parts) >= 2 else str(path)


def read_rows(path: Path, display: str | None = None) -> tuple[list[str], pd.DataFrame]:
    """Header and records of a CSV file as text, indexed by the line each record starts on."""
    name = display or _display_name(path)
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise DataError([Problem(name, 1, "", "this is not a text file (it contains NUL bytes)")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        byte = raw[err.start]
        hint = "; save it as 'CSV UTF-8'"
        if _looks_latin1(raw):
            hint = " (it looks like Latin-1/Windows-1252)" + hint
        msg = f"the file is not UTF-8: byte 0x{byte:02x} cannot be decoded{hint}"
        raise DataError([Problem(name, line, "", msg)]) from None

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError([Problem(name, 1, "", "the file is empty (no header line)")]) from None
    except csv.Error as err:
        raise DataError([Problem(name, 1, "", f"unreadable CSV header: {err}")]) from None

    problems: list[Problem] = []
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Problem(name, 1, column, "this column appears twice in the header"))
        seen.add(column)

    records: list[list[str]] = []
    lines: list[int] = []
    previous_end = reader.line_num
    try:
        for record in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # a blank line is not a record
            if len(record) != len(header):
                problems.append(
                    Problem(
                        name,
                        start,
                        "",
                        f"{len(record)} fields where the header has {len(header)} "
                        "(a missing or extra separator, or an unquoted comma)",
                    )
                )
                continue
            records.append(record)
            lines.append(start)
    except csv.Error as err:
        problems.append(Problem(name, previous_end + 1, "", f"unreadable CSV: {err}"))
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(records, columns=header, index=pd.Index(lines, name="line"), dtype=object)
    return header, frame


def _looks_latin1(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def parse(frame: pd.DataFrame, spec: TableSpec, name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed columns from text ones. Unparseable cells become NA and are reported."""
    problems: list[Problem] = []
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        col = spec.columns.get(column, Col())
        values = frame[column].where(frame[column].str.strip() != "", None)
        parsed: list[object] = []
        for line, value in values.items():
            if value is None:
                parsed.append(None)
                continue
            result, error = _PARSERS[col.kind](value)
            if error:
                problems.append(Problem(name, int(line), column, error))
            parsed.append(result)
        out[column] = pd.Series(parsed, index=frame.index, dtype=_DTYPES[col.kind])
    return out, problems


def _parse_text(value: str) -> tuple[object, str]:
    return value, ""


def _parse_int(value: str) -> tuple[object, str]:
    if _INT.match(value.strip()):
        return int(value), ""
    return None, f"'{value}' is not a year (a whole number such as 1997)"


def _parse_float(value: str) -> tuple[object, str]:
    try:
        number = float(value)
    except ValueError:
        return None, f"'{value}' is not a number (use a dot for decimals: 48.8534)"
    if not math.isfinite(number):
        return None, f"'{value}' is not a finite number"
    return number, ""


def _parse_date(value: str) -> tuple[object, str]:
    match = _DATE.match(value.strip())
    if match:
        year, month, day = match.groups()
        try:
            pd.Timestamp(year=int(year), month=int(month or 1), day=int(day or 1))
        except ValueError:
            pass
        else:
            return value.strip(), ""
    return None, f"'{value}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"


_PARSERS = {"text": _parse_text, "int": _parse_int, "float": _parse_float, "date": _parse_date}
_DTYPES = {"text": "string", "int": "Int64", "float": "Float64", "date": "string"}


def validate(
    frame: pd.DataFrame, spec: TableSpec, name: str, skip: set[tuple[int, str]]
) -> list[Problem]:
    """Value rules with pandera, then the table's cross-column rules. `skip`: cells already bad."""
    columns = {
        column: pa.Column(nullable=col.nullable, checks=list(col.checks))
        for column, col in spec.columns.items()
        if column in frame.columns
    }
    schema = pa.DataFrameSchema(columns, unique=list(spec.unique) or None, strict=False)
    problems: list[Problem] = []
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems.extend(_from_pandera(errors.failure_cases, frame, spec, name, skip))
    for rule in spec.rules:
        bad = rule.bad(frame).fillna(False).astype(bool)
        for line in frame.index[bad]:
            if (int(line), rule.column) not in skip:
                problems.append(Problem(name, int(line), rule.column, rule.message))
    return problems


def _from_pandera(
    cases: pd.DataFrame,
    frame: pd.DataFrame,
    spec: TableSpec,
    name: str,
    skip: set[tuple[int, str]],
) -> list[Problem]:
    problems: list[Problem] = []
    for case in cases.itertuples(index=False):
        check = str(case.check)
        if check == "multiple_fields_uniqueness":
            continue  # reported below with the lines of every copy
        line = int(case.index)
        column = str(case.column)
        if (line, column) in skip:
            continue
        if check == "not_nullable":
            message = "is empty; a value is required here"
        else:
            message = f"{check} (found '{case.failure_case}')"
        problems.append(Problem(name, line, column, message))
    if spec.unique:
        keys = list(spec.unique)
        dupes = frame[frame.duplicated(keys, keep=False)]
        for _, group in dupes.groupby(keys, dropna=False, sort=False):
            lines = [int(line) for line in group.index]
            value = ", ".join(str(v) for v in group.iloc[0][keys])
            for line in lines:
                others = ", ".join(str(other) for other in lines if other != line)
                message = f"duplicate row for ({value}): also on line {others}"
                problems.append(Problem(name, line, keys[0], message))
    return problems


def load_table(path: Path, spec: TableSpec, display: str | None = None) -> pd.DataFrame:
    """Read, type and check one CSV file. Raises DataError listing every problem."""
    name = display or _display_name(path)
    header, text_frame = read_rows(path, name)
    problems = [
        Problem(name, 1, column, "required column is missing from the header")
        for column, col in spec.columns.items()
        if not col.optional and column not in header
    ]
    if problems:
        raise DataError(problems)
    frame, parse_problems = parse(text_frame, spec, name)
    for column, col in spec.columns.items():
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype=_DTYPES[col.kind])
    skip = {(p.line, p.column) for p in parse_problems}
    problems = parse_problems + validate(frame, spec, name, skip)
    if problems:
        raise DataError(problems)
    return frame
