"""The partners a view shows as an Excel workbook (.xlsx, openpyxl): one sheet named in the
page's language ("Partenaires 1997"), a bold header row that stays in view (frozen) with a
filter, columns wide enough to read, and real cells: years and distances as whole numbers,
coordinates as decimals, dates signed as dates (a month alone as a month), sources as links
when they are one web address. Every row keeps its source and how sure it is.

Nothing from the data becomes a formula: every text cell is stored as text (never `=…`), and
marked so (Excel's quote prefix) when it looks like one. Text is cut at Excel's limit for a
cell and stripped of the characters XML cannot hold. The size is bounded: the sheet is
written row by row (openpyxl's write-only mode), and holds at most XLSX_ROWS partners (past
them, the first ones and a line that says the CSV download has them all).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from copy import copy
from dataclasses import replace

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from citylinks import clock
from citylinks.dataset.spreadsheet import FORMULA_STARTS
from citylinks.i18n.catalogue import texts
from citylinks.render.partner_sheet import (
    Cell,
    Column,
    PartnerExport,
    SignedDate,
    sheet_columns,
    sheet_rows,
    sheet_title,
)

EXCEL_CELL_CHARS = 32_767  # the most text an Excel cell holds
# Rows of partners a workbook holds: openpyxl writes about a thousand rows a second on a busy
# machine, so tens of thousands of cities would take minutes (the CSV download has them all).
XLSX_ROWS = 10_000
EXCEL_LINK_CHARS = 2_079  # the longest address Excel keeps as a link
MAX_WIDTH = 60  # characters
ONE_LINK = re.compile(r"^https?://[^\s;<>\"]+$")
DATE_FORMATS = {
    "en": {"day": "yyyy-mm-dd", "month": "yyyy-mm"},
    "fr": {"day": "dd/mm/yyyy", "month": "mm/yyyy"},
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(value: str) -> str:
    """Text an Excel cell holds: no character XML cannot carry, at most Excel's length."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_CHARS]


def _text_cell(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    """Text stored as text: never a formula, whatever it starts with."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl takes a text starting with "=" for a formula
    cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell
    return cell


class _Cells:
    """The cells of one sheet: plain values where openpyxl's own cell is right (it writes
    those fastest), styled cells from templates made once (a date's format, a link's
    style), text that looks like a formula as text."""

    def __init__(self, sheet: WriteOnlyWorksheet, lang: str) -> None:
        self.sheet = sheet
        self.styles: dict[str, object] = {}
        for precision, number_format in DATE_FORMATS.get(lang, DATE_FORMATS["en"]).items():
            template = WriteOnlyCell(sheet)
            template.number_format = number_format
            self.styles[precision] = template._style
        link = WriteOnlyCell(sheet)
        link.style = "Hyperlink"
        self.styles["link"] = link._style

    def _styled(self, value: object, style: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value=value)
        cell._style = copy(self.styles[style])
        return cell

    def cell(self, value: Cell, column: Column) -> object:
        if value is None or isinstance(value, int | float):
            return value
        if isinstance(value, SignedDate):
            return self._styled(value.day, value.precision)
        text = _text(str(value))
        if text.startswith(FORMULA_STARTS):
            return _text_cell(self.sheet, text)
        if column.kind == "link" and len(text) < EXCEL_LINK_CHARS and ONE_LINK.match(text):
            cell = self._styled(text, "link")
            cell.hyperlink = text
            return cell
        return text


def _widths(columns: list[Column], rows: list[list[Cell]]) -> list[int]:
    """Each column's width: its header's, its longest value's (in the first rows), within
    bounds."""
    widths = []
    for i, column in enumerate(columns):
        longest = max((len(str(row[i])) for row in rows[:500] if row[i] is not None), default=0)
        if column.kind in ("int", "number", "date"):
            longest = min(longest, 12)
        widths.append(max(8, min(MAX_WIDTH, max(len(column.header), longest, 4) + 2)))
    return widths


def partners_xlsx(
    export: PartnerExport, lang: str, title: str = "", limit: int = XLSX_ROWS
) -> bytes:
    """The partners of `export` (citylinks/render/partner_sheet.py's `export_rows`) as an
    .xlsx workbook in `lang`; `title` (e.g. "Paris: partners as of 1997") goes in the
    workbook's properties. Past `limit` partners, the first `limit` and a line that says so
    after them."""
    t = texts(lang)
    columns = sheet_columns(export, t)
    total = len(export.frame)
    rows = sheet_rows(replace(export, frame=export.frame.iloc[:limit]), t)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_safe_title(sheet_title(t, export.year)))
    sheet.freeze_panes = "A2"
    for i, width in enumerate(_widths(columns, rows), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = _text_cell(sheet, _text(column.header))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    cells = _Cells(sheet, lang)
    for row in rows:
        sheet.append(
            [cells.cell(value, column) for value, column in zip(row, columns, strict=True)]
        )
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    if total > len(rows):
        sheet.append([])
        sheet.append([_text(t("export.limited", limit=t.number(len(rows)), total=t.number(total)))])
    book.properties.title = ILLEGAL_CHARACTERS_RE.sub("", title)[:255] or None
    book.properties.language = {"fr": "fr-FR"}.get(lang, "en-GB")
    book.properties.creator = "CityLinks"
    made = dt.datetime.combine(clock.today(), dt.time())
    book.properties.created = book.properties.modified = made
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe_title(title: str) -> str:
    """A sheet name Excel accepts: none of []:*?/\\, at most 31 characters, not empty."""
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
