"""The bounds an uploaded table is read within, whatever its format: citylinks/importing/
source.py reads a CSV file or an .xlsx sheet through them, a row at a time, so that a file
built to hurt is stopped before its cost grows.

- `Cells`: every cell's text, with invisible characters (bidi overrides and marks, C0
  controls but tab and line breaks) removed and counted, so a name cannot display reversed or
  hide text; each cell at most MAX_CELL_CHARS characters (a longer one is a problem of its
  line and column), the whole table at most MAX_TABLE_CHARS.
- `checked_header`: at most MAX_COLUMNS columns, none too long, none twice.
- `check_row_count`: at most MAX_IMPORT_ROWS rows.
- `refuse`: the file refused, with one problem that says what and where.
"""

from __future__ import annotations

import re

from citylinks.errors import DataError, Problem
from citylinks.i18n.catalogue import Param
from citylinks.settings import LIMITS

MAX_IMPORT_ROWS = LIMITS.import_rows
MAX_COLUMNS = LIMITS.import_columns
MAX_CELL_CHARS = LIMITS.import_cell_chars
# An .xlsx may repeat one long shared string in every cell: all cells together.
MAX_TABLE_CHARS = LIMITS.import_table_chars

INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def refuse(name: str, code: str, line: int = 1, /, **params: Param) -> DataError:
    """The file refused: one problem, of its first line unless told."""
    return DataError([Problem.of(name, line, "", code, **params)])


class Cells:
    """Every cell's text goes through here: invisible characters removed and counted, the
    length of each cell and of the whole table checked."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cleaned = 0
        self.total = 0
        self.problems: list[Problem] = []

    def clean(self, text: str) -> str:
        if INVISIBLE.search(text):
            self.cleaned += 1
            text = INVISIBLE.sub("", text)
        return text.strip()

    def row(self, cells: list[str], line: int, header: list[str] | None) -> tuple[list[str], bool]:
        """The row's cells cleaned, and whether every cell is within the length limit (a
        longer one is a problem of that line and column; the row stays, to be rejected)."""
        cleaned = [self.clean(cell) for cell in cells]
        within = True
        for number, cell in enumerate(cleaned, start=1):
            self.total += len(cell)
            if len(cell) > MAX_CELL_CHARS:
                within = False
                column = header[number - 1] if header and number <= len(header) else ""
                self.problems.append(
                    Problem.of(
                        self.name,
                        line,
                        column or f"#{number}",
                        "import.cell_too_long",
                        length=len(cell),
                        limit=MAX_CELL_CHARS,
                    )
                )
        if self.total > MAX_TABLE_CHARS:
            raise refuse(self.name, "import.table_too_long", line, limit=MAX_TABLE_CHARS)
        return cleaned, within


def checked_header(name: str, cells: Cells, record: list[str], line: int) -> list[str]:
    """The header's cells, checked: not too many columns, none too long, none twice."""
    while record and not record[-1].strip():
        record = record[:-1]
    if len(record) > MAX_COLUMNS:
        raise refuse(name, "import.header_too_wide", line, columns=len(record), limit=MAX_COLUMNS)
    header, within = cells.row(record, line, None)
    if not within:
        raise DataError(cells.problems)
    seen: set[str] = set()
    problems = []
    for column in header:
        if column and column in seen:
            problems.append(Problem.of(name, line, column, "header.column_twice"))
        seen.add(column)
    if problems:
        raise DataError(problems)
    return header


def check_row_count(name: str, count: int, line: int) -> None:
    """Refuse the row at `line` when `count` rows are already read."""
    if count >= MAX_IMPORT_ROWS:
        raise refuse(name, "import.too_many_rows", line, limit=MAX_IMPORT_ROWS)
