"""Bad data fails loudly: each error names the file, the line, the column and what is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from citylinks.dataset.loading import load_dataset
from citylinks.errors import DataError

TODAY = dt.date(2026, 11, 22)


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8-sig")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8-sig")


def _line_of(folder: Path, name: str, startswith: str) -> int:
    lines = (folder / name).read_text(encoding="utf-8-sig").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(startswith))


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(folder, today=TODAY)
    return [str(p) for p in caught.value.problems]


def test_val001_bundled_data_loads(data_copy):
    data = load_dataset(data_copy, today=TODAY)
    assert len(data.partners) == 60
    assert len(data.instruments) == 60 + 24


def test_val002_missing_column(data_copy):
    _edit(data_copy, "partners.csv", ",agreement,", ",agreement_type,")
    assert _problems(data_copy) == [
        "data/partners.csv, line 1, column 'agreement': required column is missing from the header"
    ]


def test_val003_unparseable_and_future_years_all_listed(data_copy):
    line_kyoto = _line_of(data_copy, "partners.csv", "Kyoto,")
    line_tokyo = _line_of(data_copy, "partners.csv", "Tokyo,")
    _edit(data_copy, "partners.csv", ",1958,", ",19x8,")
    _edit(data_copy, "partners.csv", ",1982,1982-07-14,", ",2091,,")
    problems = _problems(data_copy)
    assert problems == [
        f"data/partners.csv, line {line_kyoto}, column 'year': "
        "'19x8' is not a year (a whole number such as 1997)",
        f"data/partners.csv, line {line_tokyo}, column 'year': "
        "is in the future (latest allowed: 2026) (found '2091')",
    ]


def test_val004_latitude_and_longitude_out_of_range(data_copy):
    line = _line_of(data_copy, "partners.csv", "Rome,")
    _edit(data_copy, "partners.csv", "41.89193,12.51133", "141.89193,212.51133")
    problems = _problems(data_copy)
    assert (
        f"data/partners.csv, line {line}, column 'lat': latitude must be between -90 and 90"
        in (problems[0])
    )
    assert f"line {line}, column 'lon': longitude must be between -180 and 180" in problems[1]
    assert len(problems) == 2


def test_val005_unknown_agreement_type(data_copy):
    line = _line_of(data_copy, "partners.csv", "Kyoto,")
    _edit(
        data_copy,
        "partners.csv",
        "1958,1958-06-15,friendship_cooperation",
        "1958,1958-06-15,sister_city",
    )
    assert _problems(data_copy) == [
        f"data/partners.csv, line {line}, column 'agreement': is not an agreement type "
        "(twinning, friendship_cooperation, cooperation_agreement, administrative_convention, "
        "memorandum, letter_of_intent, declaration, programme) (found 'sister_city')"
    ]


def test_val006_duplicate_city_names_both_lines(data_copy):
    path = data_copy / "partners.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    kyoto = next(line for line in lines if line.startswith("Kyoto,"))
    path.write_text("\n".join([*lines, kyoto]) + "\n", encoding="utf-8-sig")
    first = _line_of(data_copy, "partners.csv", "Kyoto,")
    last = len(lines) + 1
    assert _problems(data_copy) == [
        f"data/partners.csv, line {first}, column 'city': "
        f"duplicate row for (Kyoto, JP): also on line {last}",
        f"data/partners.csv, line {last}, column 'city': "
        f"duplicate row for (Kyoto, JP): also on line {first}",
    ]


def test_val007_unknown_network_id_in_memberships(data_copy):
    line = _line_of(data_copy, "memberships.csv", "c40,Montreal")
    _edit(data_copy, "memberships.csv", "c40,Montreal", "c41,Montreal")
    problems = _problems(data_copy)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"data/memberships.csv, line {line}, column 'network_id': is not a network id"
    )
    assert "(found 'c41')" in problems[0]


def test_val008_until_before_since(data_copy):
    line = _line_of(data_copy, "memberships.csv", "100rc,Mexico City")
    _edit(data_copy, "memberships.csv", ",2013,2019,,verified", ",2013,2009,,verified")
    assert _problems(data_copy) == [
        f"data/memberships.csv, line {line}, column 'until': is before 'since'"
    ]


def test_val009_bad_country_code(data_copy):
    line = _line_of(data_copy, "partners.csv", "Kyoto,")
    _edit(data_copy, "partners.csv", "Kyoto,Kyoto,Japan,JP,", "Kyoto,Kyoto,Japan,JA,")
    assert _problems(data_copy) == [
        f"data/partners.csv, line {line}, column 'country_code': is not an ISO 3166-1 alpha-2 "
        "country code (e.g. FR, BR) (found 'JA')"
    ]


def test_val010_wrong_encoding(data_copy):
    path = data_copy / "partners.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_bytes(text.encode("cp1252", errors="replace"))
    problems = _problems(data_copy)
    assert len(problems) == 1
    first_accent = next(
        number
        for number, row in enumerate(text.splitlines(), start=1)
        if any(ord(ch) > 127 for ch in row)
    )
    assert problems[0].startswith(f"data/partners.csv, line {first_accent}: the file is not")
    assert "Latin-1" in problems[0] and "UTF-8" in problems[0]


def test_val011_every_bad_row_in_every_file_at_once(data_copy):
    _edit(data_copy, "partners.csv", ",1958,", ",1x58,")
    _edit(data_copy, "events.csv", "2002,Major floods", "2102,Major floods")
    _edit(data_copy, "networks.csv", ",network,2004,", ",network,20o4,")
    problems = _problems(data_copy)
    files = {p.split(",")[0] for p in problems}
    assert files == {"data/partners.csv", "data/events.csv", "data/networks.csv"}


def test_val012_wrong_number_of_fields(data_copy):
    path = data_copy / "networks.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join([*lines, "x,y"]) + "\n", encoding="utf-8-sig")
    problems = _problems(data_copy)
    assert problems == [
        f"data/networks.csv, line {len(lines) + 1}: 2 fields where the header has 15 "
        "(a missing or extra separator, or an unquoted comma)"
    ]


def test_val013_ended_before_signed_and_date_in_other_year(data_copy):
    line = _line_of(data_copy, "partners.csv", "Tokyo,")
    _edit(
        data_copy,
        "partners.csv",
        ",1982,1982-07-14,friendship_cooperation,,",
        ",1982,1983-07-14,friendship_cooperation,1980,",
    )
    assert _problems(data_copy) == [
        f"data/partners.csv, line {line}, column 'date_signed': "
        "does not fall in the year given in 'year'",
        f"data/partners.csv, line {line}, column 'ended': "
        "is before the year the agreement was signed",
    ]


def test_val014_missing_coordinates_point_to_the_geocoder(data_copy):
    line = _line_of(data_copy, "partners.csv", "Rome,")
    _edit(data_copy, "partners.csv", "41.89193,12.51133", ",")
    problems = _problems(data_copy)
    assert problems == [
        f"data/partners.csv, line {line}, column 'lat': is empty; a value is required here",
        f"data/partners.csv, line {line}, column 'lon': is empty; a value is required here",
    ]


def test_val015_empty_and_binary_files(data_copy):
    (data_copy / "events.csv").write_bytes(b"")
    (data_copy / "home.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    problems = _problems(data_copy)
    assert "data/events.csv, line 1: the file is empty (no header line)" in problems
    assert "data/home.csv, line 1: this is not a text file (it contains NUL bytes)" in problems


def test_val016_error_message_lists_every_problem(data_copy):
    _edit(data_copy, "partners.csv", ",1958,", ",1x58,")
    _edit(data_copy, "partners.csv", ",1982,1982-07-14,", ",1x82,,")
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy, today=TODAY)
    text = str(caught.value)
    assert text.startswith("2 problems in data/partners.csv:")
    assert "'1x58'" in text and "'1x82'" in text


def test_val017_problems_are_codes_said_in_both_languages(data_copy):
    from citylinks.i18n.catalogue import texts

    line_tokyo = _line_of(data_copy, "partners.csv", "Tokyo,")
    _edit(data_copy, "partners.csv", ",1982,1982-07-14,", ",2091,1982-7-14,")
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy, today=TODAY)
    said = {(p.line, p.column): p for p in caught.value.problems}
    future, date = said[(line_tokyo, "year")], said[(line_tokyo, "date_signed")]
    assert (future.code, future.values) == ("year.future", {"latest": 2026, "found": "2091"})
    assert (date.code, date.values) == ("value.not_a_date", {"value": "1982-7-14"})
    assert texts("fr").problem(future) == (
        "est dans le futur (au plus tard\u00a0: 2026) (trouvé\u00a0: «\u00a02091\u00a0»)"
    )
    assert texts("fr").problem(date) == (
        "«\u00a01982-7-14\u00a0» n’est pas une date (AAAA, AAAA-MM ou AAAA-MM-JJ)"
    )


def test_val018_one_parser_of_dates_and_numbers():
    from citylinks.dataset.values import (
        parse_date,
        parse_finite_number,
        parse_integer,
        parse_iso_date,
        parse_number,
        parse_whole_number,
    )

    assert parse_date("1982-07-14").iso() == "1982-07-14"
    assert parse_date("1982-7").iso() == "1982-07" and parse_date("1982").year == 1982
    assert parse_date("14/03/1956", day_first=True).iso() == "1956-03-14"
    assert parse_date("14.03.1956", day_first=True).iso() == "1956-03-14"
    assert parse_date("14/03/1956") is None
    assert parse_date("2001-02-29") is None and parse_date("32/13/2001", day_first=True) is None
    # The data files keep dates as written: "1982-7-14" is not one of theirs.
    assert parse_iso_date("1982-7-14") is None and parse_iso_date(" 1982-07 ").iso() == "1982-07"
    assert parse_integer(" 1997 ") == 1997 and parse_integer("1997.0") is None
    assert parse_whole_number("1997,0") == 1997 and parse_whole_number("19.5") is None
    assert parse_finite_number("45,76", decimal_comma=True) == 45.76
    assert parse_finite_number("45,76") is None and parse_finite_number("inf") is None
    assert parse_number("inf") == float("inf") and parse_number("x") is None


def test_val020_source_titles_are_checked(data_copy):
    path = data_copy / "sources.csv"
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[1]
    path.write_text(text + first + "\n", encoding="utf-8-sig")  # the same id twice
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert "data/sources.csv, line 7, column 'id'" in str(error.value)
