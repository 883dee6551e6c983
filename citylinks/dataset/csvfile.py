"""Reading and checking one CSV table: bytes -> typed pandas DataFrame, or a DataError.

Three steps, each reporting every bad cell with its file, line and column:
1. `read_rows`: decode UTF-8 (with or without BOM), split into records, remember the line each
   record starts on, check the header (missing or repeated columns) and the field counts.
2. `parse`: turn each column's text into its type (whole-number years, decimal degrees, ISO dates).
3. `validate`: value rules (ranges, allowed values, country codes, uniqueness) on the typed
   frame, each vectorised over a column, then the cross-column rules of the table.
The DataFrame index is the line number in the file, so any later check can name the line too.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from citylinks.dataset.values import parse_integer, parse_iso_date, parse_number
from citylinks.errors import DataError, Problem
from citylinks.i18n.catalogue import Param, Params

KINDS = ("text", "int", "float", "date")


# A rule on a column's values: given the cells that are not empty, True where one breaks it
# (a boolean Series or array, in the same order).
ValueRule = Callable[[pd.Series], "pd.Series | np.ndarray"]


def at_most(limit: float) -> ValueRule:
    return lambda values: values > limit


def at_least(limit: float) -> ValueRule:
    return lambda values: values < limit


def between(low: float, high: float) -> ValueRule:
    """Within [low, high], both included."""
    return lambda values: (values < low) | (values > high)


# The two rules on text go through the values in Python: pandas' `isin` and `str.match` on a
# string column cost about 1 ms each whatever its length, which was most of a start's checks.
def one_of(allowed: Iterable[str]) -> ValueRule:
    kept = frozenset(allowed)
    return lambda values: np.array([value not in kept for value in values.tolist()], dtype=bool)


def matching(pattern: str) -> ValueRule:
    """The whole value matches the regular expression `pattern` (anchored at its start)."""
    expression = re.compile(pattern)
    return lambda values: np.array(
        [expression.match(value) is None for value in values.tolist()], dtype=bool
    )


@dataclass(frozen=True)
class ValueCheck:
    """A rule on a column's values; a value that breaks it is the problem `code`, with `params`
    and the value found (`found`)."""

    code: str
    breaks: ValueRule
    params: Params = ()


def value_check(code: str, rule: ValueRule, /, **params: Param) -> ValueCheck:
    """`value_check("year.future", at_most(2026), latest=2026)`: a rule, named by its problem's
    code."""
    return ValueCheck(code, rule, tuple(sorted(params.items())))


@dataclass(frozen=True)
class Col:
    """One column: its type, whether cells may be empty or the column absent, and value checks."""

    kind: str = "text"
    nullable: bool = True
    optional: bool = False
    checks: tuple[ValueCheck, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class RowRule:
    """A rule across columns: `bad(df)` is True on the rows that break it, each a problem
    `code` (with `params`) in `column`."""

    column: str
    code: str
    bad: Callable[[pd.DataFrame], pd.Series]
    params: Params = ()


def row_rule(
    column: str, code: str, bad: Callable[[pd.DataFrame], pd.Series], /, **params: Param
) -> RowRule:
    return RowRule(column, code, bad, tuple(sorted(params.items())))


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
    reader = csv.reader(io.StringIO(decode_text(path.read_bytes(), name), newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError([Problem.of(name, 1, "", "csv.no_header")]) from None
    except csv.Error as err:
        raise DataError(
            [Problem.of(name, 1, "", "csv.unreadable_header", error=str(err))]
        ) from None
    problems = [
        Problem.of(name, 1, column, "header.column_twice")
        for number, column in enumerate(header)
        if column in header[:number]
    ]
    records, lines = _records(reader, header, name, problems)
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(records, columns=header, index=pd.Index(lines, name="line"), dtype=object)
    return header, frame


def decode_text(raw: bytes, name: str) -> str:
    """The file's text, from UTF-8 with or without BOM."""
    if b"\x00" in raw[:8192]:
        raise DataError([Problem.of(name, 1, "", "csv.nul_bytes")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        code = "csv.not_utf8_latin1" if _looks_latin1(raw) else "csv.not_utf8"
        raise DataError([Problem.of(name, line, "", code, byte=raw[err.start])]) from None


def _records(
    reader: Any, header: list[str], name: str, problems: list[Problem]
) -> tuple[list[list[str]], list[int]]:
    """The records after the header and the line each starts on; a record of the wrong
    length, or the CSV's end when it cannot be read, goes to `problems`."""
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
                    Problem.of(
                        name, start, "", "csv.field_count", fields=len(record), columns=len(header)
                    )
                )
                continue
            records.append(record)
            lines.append(start)
    except csv.Error as err:
        problems.append(Problem.of(name, previous_end + 1, "", "csv.unreadable", error=str(err)))
    return records, lines


def _looks_latin1(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def parse(frame: pd.DataFrame, spec: TableSpec, name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed columns from text ones. Unparseable cells become NA and are reported."""
    problems: list[Problem] = []
    lines = [int(line) for line in frame.index]
    columns: dict[str, pd.api.extensions.ExtensionArray] = {}
    texts = frame.to_numpy(dtype=object).T.tolist()  # one column after another, at once
    for column, column_texts in zip(frame.columns, texts, strict=True):
        kind = spec.columns.get(column, Col()).kind
        parsed: list[object] = []
        for line, value in zip(lines, column_texts, strict=True):
            if not value.strip():
                parsed.append(None)
                continue
            result, code = _PARSERS[kind](value)
            if code:
                problems.append(Problem.of(name, line, column, code, value=value))
            parsed.append(result)
        columns[column] = pd.array(parsed, dtype=_DTYPES[kind])
    return pd.DataFrame(columns, index=frame.index), problems


# Each kind's parser: the value, or None and the code of the problem.
def _parse_text(value: str) -> tuple[object, str]:
    return value, ""


def _parse_int(value: str) -> tuple[object, str]:
    number = parse_integer(value)
    return (number, "") if number is not None else (None, "value.not_a_year")


def _parse_float(value: str) -> tuple[object, str]:
    number = parse_number(value)
    if number is None:
        return None, "value.not_a_number"
    if not math.isfinite(number):
        return None, "value.not_finite"
    return number, ""


def _parse_date(value: str) -> tuple[object, str]:
    date = parse_iso_date(value)
    return (date.iso(), "") if date is not None else (None, "value.not_a_date")


_PARSERS = {"text": _parse_text, "int": _parse_int, "float": _parse_float, "date": _parse_date}
_DTYPES = {"text": "string", "int": "Int64", "float": "Float64", "date": "string"}


def validate(
    frame: pd.DataFrame, spec: TableSpec, name: str, skip: set[tuple[int, str]]
) -> list[Problem]:
    """Value rules, uniqueness, then the table's cross-column rules. `skip`: cells already bad."""
    problems: list[Problem] = []
    for column, col in spec.columns.items():
        if column in frame.columns:
            problems.extend(_column_problems(frame[column], col, name))
    for rule in spec.rules:
        bad = rule.bad(frame).fillna(False).to_numpy(dtype=bool)
        if bad.any():  # the usual case, a good file, asks pandas for nothing more
            problems.extend(
                Problem(name, int(line), rule.column, rule.code, rule.params)
                for line in frame.index[bad]
            )
    checked = [p for p in problems if (p.line, p.column) not in skip]
    return checked + _duplicates(frame, spec, name)


def _column_problems(values: pd.Series, col: Col, name: str) -> list[Problem]:
    """A column's empty cells when it may have none, and its values that break a check."""
    if col.nullable and not col.checks:
        return []  # nothing to check: most text columns
    column = str(values.name)
    empty = values.array.isna()
    problems = (
        [Problem.of(name, int(line), column, "value.required") for line in values.index[empty]]
        if not col.nullable and empty.any()
        else []
    )
    # Each step on a pandas column costs tens of µs whatever its length: a good column (the
    # usual case) takes only the checks themselves (the bundled data's start: 44 -> 23 ms).
    present = values[~empty] if empty.any() else values
    for check in col.checks:
        breaks = np.asarray(check.breaks(present), dtype=bool)
        if breaks.any():
            problems.extend(
                Problem(name, int(line), column, check.code, _with_found(check.params, value))
                for line, value in present[breaks].items()
            )
    return problems


def _with_found(params: Params, value: object) -> Params:
    return tuple(sorted((*params, ("found", str(value)))))


def _duplicates(frame: pd.DataFrame, spec: TableSpec, name: str) -> list[Problem]:
    """Every copy of a row that should be unique, with the lines of the others."""
    if not spec.unique:
        return []
    problems: list[Problem] = []
    keys = list(spec.unique)
    copies = frame.duplicated(keys, keep=False).to_numpy(dtype=bool)
    if not copies.any():
        return problems
    dupes = frame[copies]
    for _, group in dupes.groupby(keys, dropna=False, sort=False):
        lines = [int(line) for line in group.index]
        value = ", ".join(str(v) for v in group.iloc[0][keys])
        for line in lines:
            others = ", ".join(str(other) for other in lines if other != line)
            problems.append(
                Problem.of(name, line, keys[0], "row.duplicate", key=value, others=others)
            )
    return problems


def load_table(path: Path, spec: TableSpec, display: str | None = None) -> pd.DataFrame:
    """Read, type and check one CSV file. Raises DataError listing every problem."""
    name = display or _display_name(path)
    header, text_frame = read_rows(path, name)
    problems = [
        Problem.of(name, 1, column, "header.column_missing")
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
