"""A cell's text read as a number, a whole number or a (partial) date: the one parser of values
that the data loader (citylinks/dataset/csvfile.py) and the importer (citylinks/importing/)
share. Each returns None for text that is not such a value; the caller says the problem.

- Dates: YYYY, YYYY-MM or YYYY-MM-DD (months and days of one or two digits), and with
  `day_first` also DD/MM/YYYY or DD.MM.YYYY as French spreadsheets write them; the date must
  exist (no 31 April). `PartialDate.iso()` writes it as the data files keep it.
- Numbers: as Python reads them, or with a decimal comma (45,76) for a spreadsheet's cells.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
DAY_FIRST_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
INTEGER = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class PartialDate:
    """A year, a month of a year, or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """ "1982", "1982-07" or "1982-07-14"."""
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


def parse_date(text: str, *, day_first: bool = False) -> PartialDate | None:
    """The date a text gives (see the module's docstring), or None."""
    value = text.strip()
    match = DAY_FIRST_DATE.match(value) if day_first else None
    if match:
        day, month, year = (int(x) for x in match.groups())
        date = PartialDate(year, month, day)
    else:
        match = DATE.match(value)
        if not match:
            return None
        year_text, month_text, day_text = match.groups()
        date = PartialDate(
            int(year_text),
            int(month_text) if month_text else None,
            int(day_text) if day_text else None,
        )
    try:
        dt.date(date.year, date.month or 1, date.day or 1)
    except ValueError:
        return None
    return date


def parse_iso_date(text: str) -> PartialDate | None:
    """A date written exactly as the data files keep it ("1982-07-14", not "1982-7-14")."""
    date = parse_date(text)
    return date if date is not None and date.iso() == text.strip() else None


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """The number a text gives (infinity and NaN included), or None."""
    try:
        return float(text.strip().replace(",", ".") if decimal_comma else text)
    except ValueError:
        return None


def parse_finite_number(text: str, *, decimal_comma: bool = False) -> float | None:
    number = parse_number(text, decimal_comma=decimal_comma)
    return number if number is not None and math.isfinite(number) else None


def parse_integer(text: str) -> int | None:
    """A whole number written with digits only ("1997", "-3"), or None."""
    return int(text) if INTEGER.match(text.strip()) else None


def parse_whole_number(text: str) -> int | None:
    """A whole number as a spreadsheet may write it ("1997", "1997.0", "1997,0"), or None."""
    number = parse_finite_number(text, decimal_comma=True)
    return int(number) if number is not None and number.is_integer() else None
