"""Importing another city's spreadsheet (citylinks/importing/ and
`python -m citylinks import`), with real files written by the tests: each gives the stated
result and a clear message."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from app import create_app
from citylinks.__main__ import main
from citylinks.dataset.loading import load_dataset
from citylinks.errors import DataError
from citylinks.importing.bounds import MAX_IMPORT_ROWS
from citylinks.importing.columns import guess_mapping
from citylinks.importing.folder import write_folder
from citylinks.importing.places import parse_home, pending_problem
from citylinks.importing.prepare import prepare
from citylinks.importing.source import MAX_IMPORT_BYTES, read_source

TODAY = dt.date(2026, 11, 22)


def _messages(error: DataError) -> list[str]:
    return [str(p) for p in error.problems]


def _french_excel_csv() -> bytes:
    """As Excel saves "CSV UTF-8" in a French locale: BOM, `;`, decimal commas, CRLF, dates
    as DD/MM/YYYY."""
    text = (
        "Ville;Pays;Date de signature;Type d'accord;Latitude;Longitude;Thèmes\r\n"
        "Turin;Italie;14/03/1956;Jumelage;45,0705;7,6868;culture;jeunesse\r\n"
        'Birmingham;Royaume-Uni;1951;Jumelage;;;"échanges; écoles"\r\n'
        "Francfort-sur-le-Main;Allemagne;01/10/1960;Jumelage;;;\r\n"
        "Montréal;Canada;1979;Accord d'amitié et de coopération;;;\r\n"
    )
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def test_imp001_french_excel_csv_with_semicolons_and_bom():
    source = read_source("jumelages.csv", _french_excel_csv())
    assert (source.kind, source.encoding, source.separator) == ("csv", "UTF-8 with BOM", ";")
    assert source.problems and source.problems[0].line == 2  # Turin's extra field
    assert source.problems[0].code == "import.field_count"
    assert "8 fields where the header has 7" in source.problems[0].message
    result = prepare(source, today=TODAY)
    assert result.mapping["city"] == "Ville" and result.mapping["agreement"] == "Type d'accord"
    assert result.language == "fr"
    # A French file: the names as typed are the French ones, the gazetteer's the English.
    assert list(result.partners["city"]) == ["Birmingham", "Frankfurt am Main", "Montréal"]
    partners = result.partners.set_index("city_fr")
    assert list(partners.index) == ["Birmingham", "Francfort-sur-le-Main", "Montréal"]
    assert partners.loc["Francfort-sur-le-Main", "date_signed"] == "1960-10-01"
    assert partners.loc["Francfort-sur-le-Main", "country_code"] == "DE"
    assert "Frankfurt am Main" in partners.loc["Francfort-sur-le-Main", "coord_source"]
    assert partners.loc["Birmingham", "agreement"] == "twinning"
    assert partners.loc["Birmingham", "themes"] == "échanges; écoles"
    assert partners.loc["Montréal", "agreement"] == "friendship_cooperation"
    assert partners.loc["Montréal", "source"] == "jumelages.csv, line 5 (imported)"
    # The row that could not be split is kept, whole, with what is wrong.
    [(line, row, _)] = result.rejected
    assert line == 2
    assert row[0] == "Turin;Italie;14/03/1956;Jumelage;45,0705;7,6868;culture;jeunesse"
    assert "semicolon" in source.describe()


def test_imp016_how_a_file_was_read_is_said_in_the_page_language():
    from citylinks.i18n.catalogue import texts

    csv_file = read_source("a.csv", b"\xef\xbb\xbfcity;country;year\nTurin;IT;1956\nRome;IT;1956\n")
    assert csv_file.describe() == "CSV, UTF-8 with BOM, separator semicolon (;), 2 rows"
    assert csv_file.describe(texts("en")) == csv_file.describe()
    assert csv_file.describe(texts("fr")) == (
        "CSV, UTF-8 avec BOM, séparateur point-virgule (;), 2 lignes"
    )
    latin = read_source("b.csv", "city,country,year\nZürich,CH,1956\n".encode("cp1252"))
    assert latin.describe(texts("fr")) == (
        "CSV, Windows-1252 (Latin-1), séparateur virgule (,), 1 ligne"
    )
    book = io.BytesIO()
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.append(["city", "country", "year"])
    for row in (["Turin", "IT", 1956], ["Rome", "IT", 1956], ["Kyoto", "JP", 1958]):
        workbook.active.append(row)
    workbook.save(book)
    sheet = read_source("c.xlsx", book.getvalue())
    assert sheet.describe() == "Excel workbook (.xlsx), first sheet, 3 rows"
    assert sheet.describe(texts("fr")) == "classeur Excel (.xlsx), première feuille, 3 lignes"


def test_imp002_decimal_commas_and_french_dates():
    content = "Ville;Pays;Date;Latitude;Longitude\nTurin;IT;14/03/1956;45,0705;7,6868\n"
    result = prepare(read_source("t.csv", content.encode("utf-8")), today=TODAY)
    turin = result.partners.iloc[0]
    assert (turin["lat"], turin["lon"]) == ("45.07050", "7.68680")
    assert (turin["year"], turin["date_signed"]) == ("1956", "1956-03-14")
    assert turin["coord_source"] == "t.csv, line 2"
    assert result.rejected == [] and result.pending == []


def test_imp003_latin1_is_detected_and_reported():
    content = "city,country,year\nGenève,Switzerland,1990\nQuébec,Canada,1985\n".encode("cp1252")
    source = read_source("old.csv", content)
    assert source.encoding == "Windows-1252 (Latin-1)" and source.separator == ","
    result = prepare(source, today=TODAY)
    assert list(result.partners["city"]) == ["Genève", "Québec"]
    assert list(result.partners["country_code"]) == ["CH", "CA"]
    assert "Windows-1252" in result.notes[0]


def test_imp004_an_xlsx_workbook(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["City", "Country code", "Agreement", "Date signed", "Year"])
    sheet.append(["Turin", "IT", "twinning", dt.datetime(1956, 3, 14), 1956])
    sheet.append(["Beijing", "CN", "friendship", None, 1997.0])
    sheet.append([None, None, None, None, None])  # an empty row is not a row
    sheet.append(["Kyoto", "JP", "Friendship and cooperation", dt.date(1958, 6, 15), 1958])
    path = tmp_path / "partners.xlsx"
    book.save(path)
    source = read_source(path.name, path.read_bytes())
    assert source.kind == "xlsx" and source.lines == [2, 3, 5]
    result = prepare(source, today=TODAY)
    partners = result.partners.set_index("city")
    assert partners.loc["Turin", "date_signed"] == "1956-03-14"
    assert partners.loc["Beijing", "year"] == "1997"
    assert partners.loc["Kyoto", "agreement"] == "friendship_cooperation"
    assert result.rejected == []


def test_imp005_ambiguous_and_unknown_cities_are_never_guessed():
    content = (
        b"city,country_code,year\nSpringfield,US,2001\nAtlantisville,FR,1990\nVienna,AT,1990\n"
    )
    source = read_source("c.csv", content)
    result = prepare(source, today=TODAY)
    assert list(result.partners["city"]) == ["Vienna"]
    [pending] = result.pending
    assert pending.line == 2 and len(pending.candidates) >= 3
    assert all(p.country_code == "US" for p in pending.candidates)
    [(line, row, problems)] = result.rejected
    assert line == 3 and row[0] == "Atlantisville"
    assert problems[0].code == "place.not_in_gazetteer"
    assert "is not in the offline gazetteer" in problems[0].message
    assert problems[0].column == "city"
    # Someone chooses: that place, and no other.
    chosen = pending.candidates[1]
    again = prepare(source, choices={2: chosen.geonameid}, today=TODAY)
    springfield = again.partners.set_index("city").loc["Springfield"]
    assert float(springfield["lat"]) == pytest.approx(chosen.lat, abs=1e-4)
    assert str(chosen.geonameid) in springfield["coord_source"]
    wrong = prepare(source, choices={2: 1}, today=TODAY)
    assert any("not one of the candidates" in str(p) for p in wrong.problems)


def test_imp006_bad_years_and_duplicate_rows_are_named_with_line_and_column():
    content = (
        "Ville;Pays;Année;Date\n"
        "Turin;Italie;1956;\n"
        "Kyoto;Japon;19x8;\n"
        "Rome;Italie;2091;\n"
        "Turin;Italie;1956;\n"
        "Madrid;Espagne;1990;1991-05-01\n"
        "Oslo;Norvège;900;\n"
    ).encode()
    result = prepare(read_source("bad.csv", content), today=TODAY)
    assert list(result.partners["city"]) == ["Turin"]
    problems = [str(p) for p in result.problems]
    assert problems == [
        "bad.csv, line 3, column 'Année': '19x8' is not a year (a whole number such as 1997)",
        "bad.csv, line 4, column 'Année': is in the future (latest allowed: 2026) (found '2091')",
        "bad.csv, line 5, column 'Ville': the same city as line 2",
        "bad.csv, line 6, column 'Date': does not fall in the year given in 'year'",
        "bad.csv, line 7, column 'Année': is too early (earliest allowed: 1000) (found '900')",
    ]
    lines = [line for line, _, _ in result.rejected]
    assert lines == [3, 4, 5, 6, 7]  # every bad row kept, none dropped
    csv_text = result.rejected_csv().decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "line,Ville,Pays,Année,Date,problems"
    assert "Kyoto,Japon,19x8" in csv_text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\xef\xbb\xbf\r\n\r\n", "the file is empty"),
        ("header.csv", b"city,country,year\r\n", "the file has a header but no rows"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "not a text file"),
        ("noise.csv", bytes(range(1, 32)) * 50, "binary data"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old Excel file (.xls)"),
        ("fake.xlsx", b"city,country\nRome,IT\n", "is not an Excel workbook"),
    ],
)
def test_imp007_files_that_are_not_tables_are_refused_clearly(name, content, message):
    with pytest.raises(DataError) as err:
        read_source(name, content)
    assert message in str(err.value)
    assert str(err.value.problems[0]).startswith(f"{name}, line ")


def test_imp008_a_zip_renamed_csv(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(DataError) as err:
        read_source("partners.csv", buffer.getvalue())
    assert "ZIP file" in str(err.value) and ".xlsx" in str(err.value)


def test_imp009_size_and_row_limits():
    with pytest.raises(DataError) as err:
        read_source("big.csv", b"city\n" + b"x" * MAX_IMPORT_BYTES)
    assert "larger than 5.0 MB, the limit for an import" in str(err.value)
    rows = "city,country_code,year\n" + "Rome,IT,1990\n" * (MAX_IMPORT_ROWS + 1)
    with pytest.raises(DataError) as err:
        read_source("many.csv", rows.encode())
    assert "more than 10,000 rows" in str(err.value)


def test_imp010_columns_found_by_name_in_french_or_english():
    assert guess_mapping(["Ville partenaire", "Pays", "Année", "Remarques", "Lien"]) == {
        **dict.fromkeys(guess_mapping([])),
        "city": "Ville partenaire",
        "country": "Pays",
        "year": "Année",
        "notes": "Remarques",
        "source": "Lien",
    }
    english = guess_mapping(["City", "Country_Code", "Year", "Type", "Lat", "Lng"])
    assert (english["country_code"], english["agreement"], english["lon"]) == (
        "Country_Code",
        "Type",
        "Lng",
    )
    with pytest.raises(DataError) as err:
        prepare(read_source("x.csv", b"Ville;population\nRome;1\n"), today=TODAY)
    assert "no column was found for the country (country, pays or country_code)" in str(err.value)


def test_imp011_the_home_city():
    lyon = parse_home("Lyon, FR")
    assert (lyon.city, lyon.country_code) == ("Lyon", "FR")
    assert parse_home("Lyon, France").country_code == "FR"
    with pytest.raises(ValueError, match="ambiguous"):
        parse_home("Springfield")
    with pytest.raises(ValueError, match="not a country"):
        parse_home("Lyon, Atlantis")


def test_imp012_the_command_line_writes_a_folder_the_app_serves(tmp_path, capsys):
    spreadsheet = tmp_path / "jumelages.csv"
    spreadsheet.write_bytes(_french_excel_csv())
    out = tmp_path / "data-lyon"
    status = main(["import", str(spreadsheet), "--home", "Lyon, FR", "--out", str(out)])
    printed = capsys.readouterr().out
    assert status == 2  # one row rejected, the rest imported
    assert "3 partners imported" in printed and "rejected.csv" in printed
    assert (out / "rejected.csv").exists()
    data = load_dataset(out)
    assert data.home.city == "Lyon" and len(data.partners) == 3
    view = create_app(out).server.test_client().get("/_citylinks/view?year=2000&mode=show")
    assert view.get_json()["status"] == "Lyon: 3 partners in 3 countries as of 2000"
    # A clean file: status 0, and no rejected.csv left from before.
    clean = tmp_path / "clean.csv"
    clean.write_text("city,country,year\nTurin,Italy,1956\n", encoding="utf-8")
    assert main(["import", str(clean), "--home", "Lyon, FR", "--out", str(out)]) == 0
    assert not (out / "rejected.csv").exists()
    assert main(["import", str(tmp_path / "none.csv"), "--home", "Lyon", "--out", str(out)]) == 1


def test_imp013_nothing_importable_writes_nothing(tmp_path):
    result = prepare(read_source("x.csv", b"city,country,year\nAtlantisville,FR,1990\n"))
    with pytest.raises(DataError, match="no row could be imported"):
        write_folder(result, parse_home("Lyon, FR"), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_imp014_a_misspelt_city_gets_close_names_to_choose_from(tmp_path, capsys):
    content = b"city,country_code,year\nEdinbrugh,GB,1994\nAtlantisville,FR,1990\n"
    source = read_source("typos.csv", content)
    result = prepare(source, today=TODAY)
    [pending] = result.pending
    assert pending.unknown and pending.line == 2
    assert pending.candidates[0].name == "Edinburgh"
    problem = pending_problem(pending, source.name)
    assert problem.code == "pending.close_names" and problem.line == 2
    assert "places with a close name" in problem.message
    [(line, _, _)] = result.rejected  # nothing close to Atlantisville: rejected, as before
    assert line == 3
    chosen = prepare(source, choices={2: pending.candidates[0].geonameid}, today=TODAY)
    assert list(chosen.partners["city"]) == ["Edinbrugh"]  # the file's name is kept
    assert "Edinburgh, GB" in chosen.partners.iloc[0]["coord_source"]
    spreadsheet = tmp_path / "typos.csv"
    spreadsheet.write_bytes(content)
    out = tmp_path / "out"
    assert main(["import", str(spreadsheet), "--home", "Lyon, FR", "--out", str(out)]) == 1
    assert "not found; places with a close name" in capsys.readouterr().out
