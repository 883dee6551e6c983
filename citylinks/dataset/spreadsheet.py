"""Cells a spreadsheet would run, made text: every CSV CityLinks writes from data it did not
make (an import's rejected rows, its ZIP of files, the map's downloads) goes through here.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula; a text cell starting so is written with a leading apostrophe, as
OWASP recommends, so it opens as the text it is. Numbers stay numbers (-33.86 is a number, not
a formula).
"""

from __future__ import annotations

import csv
import io
import re

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
