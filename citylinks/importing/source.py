"""Reading an uploaded spreadsheet (CSV or .xlsx) into a table of text, once and bounded.

A file from outside may be built to hurt: a ZIP bomb named .xlsx, a sheet whose one row sits
at line two billion, a header of millions of columns, a cell of megabytes, NUL bytes or
invisible direction marks. `read_source` refuses each with a message that says what and
where, before its cost grows: the file's size, an .xlsx's unpacked size, number of members
and compression ratio are read from the ZIP directory before openpyxl opens it; every row a
sheet yields (empty ones too), every column and every cell's length count against a limit.
What passes is a `SourceTable`, which the import panel keeps (as JSON) and reuses: no later
step reads the raw file again.

- CSV: UTF-8 with or without BOM, else Windows-1252/Latin-1 (reported); the separator (`;`,
  `,` or tab, as Excel writes CSV in French or English locales) found from the header.
- .xlsx: the first sheet, read with openpyxl in read-only mode; XML through defusedxml
  (no entity expansion, no external entities).
- Invisible characters (bidi overrides and marks, C0 controls but tab and line breaks) are
  removed from every cell and counted, so a name cannot display reversed or hide text.

The bounds both formats share (rows, columns, a cell's and the table's length, the invisible
characters, a header's columns) are citylinks/importing/bounds.py's; this module reads the
bytes (encodings, separators, the ZIP's directory, the sheet) and bounds what is only theirs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from citylinks.errors import DataError, Problem
from citylinks.i18n.catalogue import Texts, texts
from citylinks.importing.bounds import (
    MAX_COLUMNS,
    Cells,
    check_row_count,
    checked_header,
    refuse,
)
from citylinks.settings import LIMITS

MAX_IMPORT_BYTES = LIMITS.import_bytes
# Rows a sheet may yield, empty ones included (openpyxl yields every row up to the last).
MAX_SHEET_ROWS = LIMITS.sheet_rows
# An .xlsx's directory: members unpacked, together; members; packing ratio of a big member.
MAX_UNZIPPED_BYTES = LIMITS.unzipped_bytes
MAX_ZIP_MEMBERS = LIMITS.zip_members
MAX_COMPRESSION_RATIO = LIMITS.compression_ratio
RATIO_CHECKED_FROM = 1024 * 1024
# Excel's own sheet size: a larger declared size is a forged file.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
BINARY_SAMPLE = 20_000
HEADER_SAMPLE = 200_000  # characters of the header line read to find the separator

# How a file was read (SourceTable.encoding and .separator), as said in the catalogues
# (import.encoding.<name>, import.separator.<name>); the rows are import.describe.rows.
ENCODINGS = {
    "UTF-8 with BOM": "utf8_bom",
    "UTF-8": "utf8",
    "Windows-1252 (Latin-1)": "cp1252",
    "Latin-1 (ISO 8859-1)": "latin1",
}
SEPARATORS = {";": "semicolon", ",": "comma", "\t": "tab"}
ROWS = "rows"


@dataclass(frozen=True)
class SourceTable:
    """A spreadsheet as text: its header, its rows and the line (or row) of each."""

    name: str
    kind: str  # "csv" or "xlsx"
    encoding: str  # how the text was read ("" for a workbook)
    separator: str  # ";", "," or "\t" ("" for a workbook)
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    problems: list[Problem] = field(default_factory=list)  # rows that could not be used
    unsplit: dict[int, list[str]] = field(default_factory=dict)  # those rows, as read
    cleaned: int = 0  # cells that had invisible characters removed

    def describe(self, t: Texts | None = None) -> str:
        """How the file was read, in the language of `t` (English without: the command
        line's): "CSV, UTF-8 with BOM, separator semicolon (;), 4 rows"."""
        t = t or texts("en")
        # The keys are built (import.describe.*, import.encoding.*, import.separator.*): a
        # dotted constant in this package would be taken for a problem's code.
        rows = t.count(f"import.describe.{ROWS}", len(self.rows))
        if self.kind == "xlsx":
            return t(f"import.describe.{self.kind}", rows=rows)
        encoding, separator = ENCODINGS.get(self.encoding), SEPARATORS.get(self.separator)
        return t(
            f"import.describe.{self.kind}",
            encoding=t(f"import.encoding.{encoding}") if encoding else self.encoding,
            separator=t(f"import.separator.{separator}") if separator else self.separator,
            rows=rows,
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SourceTable:
        raw = json.loads(text)
        raw["problems"] = [_problem_from_json(p) for p in raw["problems"]]
        raw["unsplit"] = {int(line): cells for line, cells in raw["unsplit"].items()}
        return cls(**raw)


def _problem_from_json(fields: dict) -> Problem:
    """A problem as `to_json` wrote it (JSON made its tuples lists)."""
    params = {
        name: tuple(value) if isinstance(value, list) else value for name, value in fields["params"]
    }
    return Problem.of(fields["file"], fields["line"], fields["column"], fields["code"], **params)


def _megabytes(size: int) -> float:
    return size / 1024 / 1024


def read_source(name: str, content: bytes) -> SourceTable:
    """The file's table, or a DataError that says why it cannot be read."""
    if len(content) > MAX_IMPORT_BYTES:
        raise refuse(name, "import.too_large", limit_mb=_megabytes(MAX_IMPORT_BYTES))
    if not content.strip(b" \t\r\n\xef\xbb\xbf"):
        raise refuse(name, "file.empty")
    suffix = Path(name).suffix.lower()
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(name, "import.old_xls")
    if content.startswith(b"PK\x03\x04"):
        if not suffix:
            raise refuse(name, "import.zip_without_extension")
        if suffix != ".xlsx":
            raise refuse(name, "import.zip_renamed", suffix=suffix)
        return _read_xlsx(name, content)
    if suffix == ".xlsx":
        raise refuse(name, "import.xlsx_not_workbook")
    return _read_csv(name, content)


def _looks_binary(text: str) -> bool:
    sample = text[:BINARY_SAMPLE]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return controls > max(5, len(sample) // 100)


def _decode(name: str, content: bytes) -> tuple[str, str]:
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            return content[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as err:
            line = content[: err.start + 3].count(b"\n") + 1
            raise refuse(name, "import.bom_not_utf8", line) from None
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        return content.decode("latin-1"), "Latin-1 (ISO 8859-1)"


def _separator(header_line: str) -> str:
    counts = {sep: _count_outside_quotes(header_line, sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, sep: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            count += 1
    return count


def _fit(record: list[str], header: list[str]) -> list[str] | None:
    """A record of the header's length: short ones padded (spreadsheets leave trailing cells
    out), long ones only when what is past the header is empty."""
    if len(record) <= len(header):
        return record + [""] * (len(header) - len(record))
    if any(cell.strip() for cell in record[len(header) :]):
        return None
    return record[: len(header)]


def _read_csv(name: str, content: bytes) -> SourceTable:
    nul = content.find(b"\x00")
    if nul >= 0:
        raise refuse(name, "import.nul_bytes", content[:nul].count(b"\n") + 1)
    text, encoding = _decode(name, content)
    if _looks_binary(text):
        raise refuse(name, "import.binary")
    first_line = text.lstrip("\r\n").split("\n", 1)[0][:HEADER_SAMPLE]
    separator = _separator(first_line)
    # The file is at most MAX_IMPORT_BYTES: a longer cell cannot be, so none stops the
    # reader (csv's default limit, 128 kB, would end the file at the first long cell); each
    # cell's length is then checked against MAX_CELL_CHARS (bounds.py) with its line and column.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_IMPORT_BYTES + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    cells = Cells(name)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    unsplit: dict[int, list[str]] = {}
    previous_end = 0
    try:
        for record in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = checked_header(name, cells, record, start)
                continue
            check_row_count(name, len(rows) + len(unsplit), start)
            fitted = _fit(record, header)
            if fitted is None:
                problems.append(
                    Problem.of(
                        name,
                        start,
                        "",
                        "import.field_count",
                        fields=len(record),
                        columns=len(header),
                    )
                )
                joined, _ = cells.row([separator.join(record)], start, None)
                unsplit[start] = joined + [""] * (len(header) - 1)
                continue
            row, within = cells.row(fitted, start, header)
            if within:
                rows.append(row)
                lines.append(start)
            else:
                unsplit[start] = row
    except csv.Error as err:
        problems.append(Problem.of(name, previous_end + 1, "", "csv.unreadable", error=str(err)))
    if header is None:
        raise refuse(name, "file.empty")
    if not rows and not unsplit and not problems:
        raise refuse(name, "import.no_rows", 2)
    return SourceTable(
        name,
        "csv",
        encoding,
        separator,
        header,
        rows,
        lines,
        problems + cells.problems,
        unsplit,
        cells.cleaned,
    )


def check_zip_directory(name: str, content: bytes) -> None:
    """Refuse a ZIP whose directory promises too much: too many members, too many bytes once
    unpacked, or a big member packed as tightly as only a bomb is. zipfile stops a member at
    the size its directory gives (and then fails on its checksum), so these sizes bound what
    reading it can cost."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise refuse(name, "import.workbook_unreadable", reason=str(err)) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise refuse(name, "import.workbook_parts", parts=len(infos), limit=MAX_ZIP_MEMBERS)
    total = 0
    for info in infos:
        total += info.file_size
        packed = max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECKED_FROM and info.file_size > MAX_COMPRESSION_RATIO * packed:
            raise refuse(
                name,
                "import.zip_bomb",
                part=info.filename[:100],
                ratio=info.file_size // packed,
            )
    if total > MAX_UNZIPPED_BYTES:
        raise refuse(
            name,
            "import.workbook_too_big",
            size_mb=_megabytes(total),
            limit_mb=_megabytes(MAX_UNZIPPED_BYTES),
        )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_xlsx(name: str, content: bytes) -> SourceTable:
    from openpyxl import load_workbook

    check_zip_directory(name, content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        try:
            return _read_sheet(name, book.worksheets[0])
        finally:
            book.close()
    except DataError:
        raise
    except Exception as err:  # a forged workbook can raise almost anything: say it, briefly
        reason = (str(err).splitlines() or [type(err).__name__])[0][:200]
        raise refuse(name, "import.workbook_unreadable", reason=reason) from None


def _read_sheet(name: str, sheet) -> SourceTable:
    declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    if declared_rows > EXCEL_MAX_ROWS or declared_columns > EXCEL_MAX_COLUMNS:
        raise refuse(name, "import.sheet_forged", rows=declared_rows, columns=declared_columns)
    if declared_columns > MAX_COLUMNS:
        raise refuse(name, "import.sheet_too_wide", columns=declared_columns, limit=MAX_COLUMNS)
    # Every row the sheet has, not only those its <dimension> claims (the row count bounds
    # the cost); one column more than allowed, to see a value there.
    width = min(declared_columns or MAX_COLUMNS + 1, MAX_COLUMNS + 1)
    sheet.reset_dimensions()
    cells = Cells(name)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    unused: dict[int, list[str]] = {}
    for number, values in enumerate(sheet.iter_rows(max_col=width, values_only=True), start=1):
        if number > MAX_SHEET_ROWS:
            raise refuse(name, "import.sheet_too_long", number, limit=MAX_SHEET_ROWS)
        texts = [_cell_text(v) for v in values]
        if not any(t.strip() for t in texts):
            continue
        if header is None:
            header = checked_header(name, cells, texts, number)
            continue
        check_row_count(name, len(rows) + len(unused), number)
        beyond = any(t.strip() for t in texts[len(header) :])
        if beyond and any(t.strip() for t in texts[MAX_COLUMNS:]):
            raise refuse(name, "import.sheet_values_too_far", number, limit=MAX_COLUMNS)
        if beyond:
            problems.append(
                Problem.of(name, number, "", "import.row_beyond_header", columns=len(header))
            )
        row, within = cells.row(texts[: len(header)], number, header)
        row += [""] * (len(header) - len(row))
        if within and not beyond:
            rows.append(row)
            lines.append(number)
        else:
            unused[number] = row
    if header is None:
        raise refuse(name, "import.sheet_empty")
    if not rows and not unused:
        raise refuse(name, "import.sheet_no_rows", 2)
    return SourceTable(
        name,
        "xlsx",
        "",
        "",
        header,
        rows,
        lines,
        problems + cells.problems,
        unused,
        cells.cleaned,
    )
