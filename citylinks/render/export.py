"""The partners a view shows, as a file to take away: CSV that Excel and LibreOffice open
with the accents right (UTF-8 with a byte-order mark), safe against formula injection (each
text cell through citylinks/dataset/spreadsheet.py's `safe_cell`).

`partners_csv(export, lang)` writes them in the page's language (citylinks/render/
partner_sheet.py says what the cells are): headers, country names, agreement kinds and themes
in it; on the French page separated by `;` with decimal commas and dates as 30/01/1956, as
Excel in a French locale reads a CSV file; on the English page separated by `,`, with ISO
dates.
"""

from __future__ import annotations

import csv
import io

from citylinks.dataset.spreadsheet import safe_cell
from citylinks.i18n.catalogue import texts
from citylinks.render.partner_sheet import (
    Cell,
    Column,
    PartnerExport,
    SignedDate,
    sheet_columns,
    sheet_rows,
)

SEPARATORS = {"en": ",", "fr": ";"}  # as Excel reads a CSV file in each language's locale
DECIMAL_DIGITS = 5  # of a coordinate (about a metre)


def _number_text(value: float | int, lang: str, digits: int) -> str:
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "fr" else text


def _date_text(value: SignedDate, lang: str) -> str:
    day = value.day
    if lang == "fr":
        return day.strftime("%d/%m/%Y" if value.precision == "day" else "%m/%Y")
    return day.isoformat() if value.precision == "day" else day.isoformat()[:7]


def csv_cell(value: Cell, column: Column, lang: str) -> str:
    """A cell as text in the language: numbers with the language's decimal mark and no
    grouping, dates as its spreadsheets read them, text made safe (never a formula)."""
    if value is None:
        return ""
    if isinstance(value, SignedDate):
        return _date_text(value, lang)
    if isinstance(value, int | float) and column.kind in ("int", "number", "date"):
        return _number_text(value, lang, DECIMAL_DIGITS if column.kind == "number" else 0)
    return str(safe_cell(str(value)))


def partners_csv(export: PartnerExport, lang: str) -> bytes:
    """The partners of `export` (citylinks/render/partner_sheet.py's `export_rows`) as a CSV
    file in `lang`: UTF-8 with a byte-order mark, `;` in French and `,` in English, CRLF."""
    t = texts(lang)
    columns = sheet_columns(export, t)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATORS.get(lang, ","), lineterminator="\r\n")
    writer.writerow([safe_cell(column.header) for column in columns])
    for row in sheet_rows(export, t):
        writer.writerow(
            [csv_cell(value, column, lang) for value, column in zip(row, columns, strict=True)]
        )
    return buffer.getvalue().encode("utf-8-sig")


def download_name(home: str, year: int, network_ids: list[str], mode: str, extension: str) -> str:
    """The downloaded file's name: "citylinks-Paris-partners-1997.csv", with the networks
    and mode when they choose the partners ("…-1997-c40-any.xlsx")."""
    suffix = f"-{'-'.join(network_ids)}-{mode}" if network_ids and mode != "show" else ""
    return f"citylinks-{home}-partners-{year}{suffix}.{extension}".replace(" ", "_")
