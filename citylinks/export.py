"""The partners a view shows, as a file to take away: CSV that Excel and LibreOffice open
with the accents right (UTF-8 with a byte-order mark), safe against formula injection.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula; a text cell starting so is written with a leading apostrophe, as
OWASP recommends, so it opens as the text it is. Numbers stay numbers (-33.86 is a number, not
a formula). Every CSV CityLinks writes from data it did not make (an import's rejected rows,
its ZIP of files, these downloads) goes through `safe_cell`.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd

from citylinks.explorer import Explorer

COLUMNS = [
    "city",
    "city_fr",
    "country",
    "country_code",
    "year",
    "date_signed",
    "agreement",
    "ended",
    "themes",
    "notes",
    "lat",
    "lon",
    "source",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def safe_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made plain text."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.match(value)
    ):
        return "'" + value
    return value


def safe_csv(content: bytes) -> bytes:
    """A UTF-8 CSV file (with or without BOM) rewritten with every cell made safe."""
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def shown_partners(explorer: Explorer, shown: np.ndarray) -> pd.DataFrame:
    """The rows of partners.csv that the map shows, in the file's order."""
    return explorer.data.partners.loc[shown, COLUMNS].reset_index(drop=True)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(safe_cell, na_action="ignore")
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")
