"""The Excel download (citylinks/render/workbook.py): read back with openpyxl, one sheet in
the page's language with real numbers and dates, and nothing from the data a formula."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
from openpyxl import load_workbook

from citylinks.i18n.catalogue import texts
from citylinks.model.explorer import Explorer
from citylinks.render.partner_sheet import PartnerExport, export_rows
from citylinks.render.workbook import EXCEL_CELL_CHARS, XLSX_TYPE, partners_xlsx


def _sheet(content: bytes):
    assert content.startswith(b"PK")  # a ZIP: an .xlsx
    book = load_workbook(io.BytesIO(content))
    assert len(book.worksheets) == 1
    return book, book.active


def _records(sheet) -> dict[str, dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def test_wbk001_a_french_workbook(dataset):
    explorer = Explorer(dataset)
    shown = explorer.shown(1997, [], "show")
    book, sheet = _sheet(
        partners_xlsx(export_rows(explorer, shown, 1997), "fr", "Paris\u00a0: partenaires en 1997")
    )
    assert sheet.title == "Partenaires 1997"
    assert book.properties.title == "Paris\u00a0: partenaires en 1997"
    assert book.properties.language == "fr-FR"
    fr = texts("fr")
    assert sheet["A1"].value == fr("table.city") and sheet["A1"].font.b
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}20"
    assert 8 <= sheet.column_dimensions["A"].width <= 60
    rows = _records(sheet)
    assert len(rows) == int(shown.sum()) == 19
    rome = rows["Rome"]
    assert rome[fr("table.country")] == "Italie"
    assert rome["Type d’accord"] == fr("agreement.twinning")
    assert rome["Année de signature"] == 1956 and isinstance(rome["Année de signature"], int)
    assert rome["Date de signature"] == dt.datetime(1956, 1, 30)
    assert rome["Distance depuis Paris (km)"] == 1108
    assert rome["Latitude"] == 41.89193
    assert rome["Fiabilité"] == fr("confidence.official_list")
    assert rows["Pékin"][fr("table.country")] == "Chine"
    for row in rows.values():  # every row keeps its source and how sure it is
        assert row["Source"] and row["Fiabilité"]
    # The cells are typed: a date cell with a French format, numbers as numbers.
    date = sheet.cell(2, 5)
    assert date.is_date and date.number_format == "dd/mm/yyyy"
    assert sheet.cell(2, 4).data_type == "n"


def test_wbk002_an_english_workbook_and_links(dataset):
    explorer = Explorer(dataset)
    export = export_rows(explorer, explorer.shown(2026, [], "show"), 2026)
    _, sheet = _sheet(partners_xlsx(export, "en"))
    assert sheet.title == "Partners 2026" and sheet["A1"].value == "City"
    rows = _records(sheet)
    assert rows["Rome"]["Country"] == "Italy" and rows["Rome"]["Agreement"] == "Twinning"
    assert rows["Beijing"]["Country"] == "China"
    montreal = rows["Montreal"]
    assert montreal["Date signed"] == dt.datetime(2006, 4, 1)  # a month alone: its first day
    assert rows["Cairo"]["Date signed"] is None
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Montreal")
    assert row[header.index("Date signed")].number_format == "yyyy-mm"
    assert XLSX_TYPE.endswith("spreadsheetml.sheet")


def test_wbk003_nothing_from_the_data_is_a_formula():
    hostile = ['=HYPERLINK("http://x","y")', "+33 1", "-2+3", "@SUM(A1)", "\t=1", "=1+1"]
    frame = pd.DataFrame(
        {
            "city": hostile,
            "country_code": ["FR"] * 6,
            "notes": ["x" * (EXCEL_CELL_CHARS + 10), "a\x00b\x07c", "", "", "", ""],
            "lat": [-1.5, None, 0.0, 1.0, 2.0, 3.0],
            "source": ["https://example.org/a", "=cmd|' /C calc'!A0", "", "", "", ""],
        }
    )
    content = partners_xlsx(PartnerExport(frame, "Paris"), "en")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere
    _, sheet = _sheet(content)
    cities = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cities] == hostile  # kept as they are, as text
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cities)
    notes = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert len(notes[0]) == EXCEL_CELL_CHARS and notes[1] == "abc"
    assert sheet["D2"].value == -1.5 and sheet["D3"].value is None
    assert sheet["E2"].hyperlink.target == "https://example.org/a"
    assert sheet["E3"].hyperlink is None and sheet["E3"].data_type == "s"


def test_wbk004_an_empty_view_is_a_header_alone(dataset):
    explorer = Explorer(dataset)
    export = export_rows(explorer, explorer.shown(1900, [], "show"), 1900)
    _, sheet = _sheet(partners_xlsx(export, "fr"))
    assert sheet.max_row == 1 and sheet["A1"].value == texts("fr")("table.city")


def test_wbk005_a_bounded_workbook_says_what_it_left_out(dataset):
    explorer = Explorer(dataset)
    export = export_rows(explorer, explorer.shown(2026, [], "show"), 2026)
    _, sheet = _sheet(partners_xlsx(export, "fr", limit=5))
    cities = [row[0].value for row in sheet.iter_rows(min_row=2, max_row=6)]
    assert len(cities) == 5 and cities[0] == "Rome" and all(cities)
    assert sheet.cell(7, 1).value is None
    note = sheet.cell(8, 1).value
    assert note.startswith("Seuls les 5 premiers des ") and "CSV" in note
    assert sheet.auto_filter.ref.endswith("6")  # the filter covers the partners alone
