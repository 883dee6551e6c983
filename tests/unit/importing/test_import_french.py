"""Every problem an import can report has its French (the `problem.<code>` keys of
citylinks/i18n/locales): bad files of every kind, imported, and each problem said in both
languages."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from citylinks.errors import DataError, InvalidInput, Problem
from citylinks.i18n.catalogue import Coded, catalogue, texts
from citylinks.importing.bounds import MAX_IMPORT_ROWS
from citylinks.importing.folder import write_folder
from citylinks.importing.places import CloseNameBudget, parse_home, pending_problem
from citylinks.importing.prepare import prepare
from citylinks.importing.source import MAX_IMPORT_BYTES, read_source
from tests.hostile import files as hostile

TODAY = dt.date(2026, 11, 22)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    return buffer.getvalue()


BAD_FILES = [
    ("empty.csv", b""),
    ("header.csv", b"city,country,year\n"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00" + bytes(50)),
    ("noise.csv", bytes(range(1, 32)) * 50),
    ("old.xls", b"\xd0\xcf\x11\xe0" + bytes(50)),
    ("fake.xlsx", b"city\nRome\n"),
    ("zip.csv", _zip()),
    ("bad.xlsx", b"PK\x03\x04" + bytes(50)),
    ("big.csv", b"city\n" + b"x" * MAX_IMPORT_BYTES),
    ("many.csv", ("city\n" + "Rome\n" * (MAX_IMPORT_ROWS + 1)).encode()),
    ("twice.csv", b"city,city\nRome,Rome\n"),
    ("bom.csv", b"\xef\xbb\xbfcity\n\xff\xfe\n"),
    # The bounds of an import (tests/hostile/files.py builds each attack).
    ("bomb.xlsx", hostile.xlsx_bomb(size=64 * hostile.MIB)),
    ("lying.xlsx", hostile.xlsx_lying_bomb(size=4 * hostile.MIB)),
    ("far.xlsx", hostile.xlsx_far_row()),
    ("strings.xlsx", hostile.xlsx_repeated_long_string()),
    ("parts.xlsx", hostile.xlsx_many_parts()),
    ("unpacked.xlsx", hostile.xlsx_big_unpacked()),
    ("huge.xlsx", hostile.xlsx_with_sheet(hostile.inline_row(1, {"A": "city"}), "A1:A2000000")),
    ("wide.xlsx", hostile.xlsx_with_sheet(hostile.inline_row(1, {"A": "city"}), "A1:IP2")),
    (
        "past.xlsx",
        hostile.xlsx_with_sheet(
            hostile.inline_row(1, {"A": "city"}) + hostile.inline_row(2, {"A": "Rome", "GS": "x"})
        ),
    ),
    ("wide.csv", hostile.wide_header_csv(1_000)),
    ("header.csv", hostile.long_header_csv(20_000)),
]

BAD_ROWS = (
    "Ville;Pays;Code;Année;Date;Type;Latitude;Longitude\n"
    "Turin;Italie;;1956;;Jumelage;;\n"
    ";Italie;;1956;;Jumelage;;\n"
    "Rome;Atlantide;;1956;;Jumelage;;\n"
    "Rome;;XX;1956;;Jumelage;;\n"
    "Rome;;;1956;;Jumelage;;\n"
    "Kyoto;Japon;;19x8;;Jumelage;;\n"
    "Oslo;Norvège;;;;Jumelage;;\n"
    "Lima;Pérou;;;32/13/2001;Jumelage;;\n"
    "Quito;Équateur;;2091;;Jumelage;;\n"
    "Cusco;Pérou;;900;;Jumelage;;\n"
    "Madrid;Espagne;;1990;1991-05-01;Jumelage;;\n"
    "Bern;Suisse;;1990;;vente;;\n"
    "Bonn;Allemagne;;1990;;Jumelage;95;7\n"
    "Köln;Allemagne;;1990;;Jumelage;50;190\n"
    "Atlantisville;France;;1990;;Jumelage;;\n"
    "Turin;Italie;;1956;;Jumelage;;\n"
    "Springfield;États-Unis;;2001;;Amitié;;\n"
    "Edinbrugh;Royaume-Uni;;1994;;Jumelage;;\n"
    "a;b;c;d;e;f;g;h;i;j\n"
)


def _problems() -> list[Coded]:
    """Every problem the corpus of bad files makes an import report (and the home city's)."""
    problems: list[Coded] = []
    for name, content in BAD_FILES:
        with pytest.raises(DataError) as err:
            read_source(name, content)
        problems += err.value.problems
    source = read_source("rows.csv", BAD_ROWS.encode())
    result = prepare(source, today=TODAY)
    problems += result.problems
    problems += [pending_problem(p, source.name) for p in result.pending]
    unsearched = prepare(source, today=TODAY, budget=CloseNameBudget(seconds=0))
    problems += [pending_problem(p, source.name) for p in unsearched.pending]
    for name, content in [
        ("cell.csv", hostile.long_cell_csv()),
        (
            "beyond.xlsx",
            hostile.xlsx_with_sheet(
                hostile.inline_row(1, {"A": "city"})
                + hostile.inline_row(2, {"A": "Rome", "C": "x"})
            ),
        ),
    ]:
        problems += read_source(name, content).problems
    chosen = prepare(source, choices={18: 1}, today=TODAY)
    problems += chosen.problems
    with pytest.raises(DataError) as err:
        prepare(read_source("x.csv", b"name;population\nRome;1\n"), today=TODAY)
    problems += err.value.problems
    with pytest.raises(DataError) as err:
        prepare(read_source("x.csv", b"city\nRome\n"), {"city": "Town"}, today=TODAY)
    problems += err.value.problems
    nothing = prepare(read_source("x.csv", b"city,country,year\nAtlantisville,FR,1990\n"))
    with pytest.raises(DataError) as err:
        write_folder(nothing, parse_home("Lyon, FR"), None)  # type: ignore[arg-type]
    problems += err.value.problems
    for home in ("Lyon, Atlantis", "Springfield", "Atlantisville, FR"):
        with pytest.raises(InvalidInput) as home_err:
            parse_home(home)
        problems.append(home_err.value)
    return problems


_SAID: dict[str, Coded] = {}  # each English message of the corpus, to its problem


def _messages() -> list[str]:
    """The English of every problem of the corpus (tests/golden lists them with their
    French: `in_language`)."""
    english = texts("en")
    problems = _problems()
    _SAID.update({english.problem(p): p for p in problems})
    return [english.problem(p) for p in problems]


def in_language(message: str, lang: str) -> str:
    """A message of the corpus (`_messages`) in a language."""
    return texts(lang).problem(_SAID[message])


def test_ipf001_every_problem_an_import_reports_has_its_french():
    problems = _problems()
    codes = {p.code for p in problems}
    assert len(codes) >= 36  # the corpus reaches the importer's and loader's problems
    english, french = catalogue("en"), catalogue("fr")
    assert sorted(c for c in codes if f"problem.{c}" not in french) == []
    for p in problems:
        said = texts("fr").problem(p)
        assert said and said != texts("en").problem(p), p.code
        assert english[f"problem.{p.code}"] != french[f"problem.{p.code}"]


def test_ipf002_values_are_carried_over():
    fr, en = texts("fr"), texts("en")
    year = Problem.of("a.csv", 3, "year", "value.not_a_year", value="19x8")
    assert fr.problem(year) == (
        "«\u00a019x8\u00a0» n’est pas une année (un nombre entier comme 1997)"
    )
    assert str(year) == (
        "a.csv, line 3, column 'year': '19x8' is not a year (a whole number such as 1997)"
    )
    future = Problem.of("a.csv", 4, "year", "year.future", latest=2026, found="2091")
    assert fr.problem(future) == (
        "est dans le futur (au plus tard\u00a0: 2026) (trouvé\u00a0: «\u00a02091\u00a0»)"
    )
    missing = Problem.of("a.csv", 1, "", "columns.not_found", missing=("country", "year"))
    assert fr.problem(missing) == (
        "aucune colonne trouvée pour le pays (country, pays ou country_code) ni pour "
        "l’année de signature (year, année ou date)"
    )
    assert en.problem(missing) == (
        "no column was found for the country (country, pays or country_code); "
        "nor for the year signed (year, année or date)"
    )
    rows = Problem.of("a.csv", 10001, "", "import.too_many_rows", limit=10_000)
    assert en.problem(rows) == "more than 10,000 rows: the limit for an import"
    assert fr.problem(rows) == "plus de 10\u202f000 lignes\u00a0: la limite d’un import"


def test_ipf003_a_problem_is_a_value():
    a = Problem.of("a.csv", 2, "year", "value.not_a_year", value="x")
    assert a == Problem.of("a.csv", 2, "year", "value.not_a_year", value="x")
    assert len({a, Problem.of("a.csv", 2, "year", "value.not_a_year", value="x")}) == 1
    assert a.values == {"value": "x"}
    with pytest.raises(AttributeError):
        a.line = 3  # type: ignore[misc]
    b = Problem.of("a.csv", 2, "year", "year.future", latest=2026, found="3000")
    # Sorted by file, line, column, then what they say in English, as the messages were.
    assert sorted([b, a]) == [a, b]
    column = Problem.of("a.csv", 2, "date_signed", "date.not_in_year", column="year")
    assert column.values == {"column": "year"} and column.column == "date_signed"
