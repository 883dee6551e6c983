"""Every problem an import can report has its French (citylinks/i18n/problem_texts.py): bad files
of every kind, imported, and each message looked up."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from citylinks.errors import DataError
from citylinks.i18n.problem_texts import PATTERNS, french, in_language
from citylinks.importing.prepare import (
    CloseNameBudget,
    parse_home,
    pending_message,
    prepare,
    write_folder,
)
from citylinks.importing.source import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, read_source
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


def _messages() -> list[str]:
    messages = []
    for name, content in BAD_FILES:
        with pytest.raises(DataError) as err:
            read_source(name, content)
        messages += [p.message for p in err.value.problems]
    source = read_source("rows.csv", BAD_ROWS.encode())
    result = prepare(source, today=TODAY)
    messages += [p.message for p in result.problems]
    messages += [pending_message(p) for p in result.pending]
    unsearched = prepare(source, today=TODAY, budget=CloseNameBudget(seconds=0))
    messages += [pending_message(p) for p in unsearched.pending]
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
        messages += [p.message for p in read_source(name, content).problems]
    chosen = prepare(source, choices={18: 1}, today=TODAY)
    messages += [p.message for p in chosen.problems]
    with pytest.raises(DataError) as err:
        prepare(read_source("x.csv", b"name;population\nRome;1\n"), today=TODAY)
    messages += [p.message for p in err.value.problems]
    with pytest.raises(DataError) as err:
        prepare(read_source("x.csv", b"city\nRome\n"), {"city": "Town"}, today=TODAY)
    messages += [p.message for p in err.value.problems]
    nothing = prepare(read_source("x.csv", b"city,country,year\nAtlantisville,FR,1990\n"))
    with pytest.raises(DataError) as err:
        write_folder(nothing, parse_home("Lyon, FR"), None)  # type: ignore[arg-type]
    messages += [p.message for p in err.value.problems]
    for home in ("Lyon, Atlantis", "Springfield", "Atlantisville, FR"):
        with pytest.raises(ValueError) as home_err:
            parse_home(home)
        messages.append(str(home_err.value))
    return messages


def test_ipf001_every_problem_an_import_reports_has_its_french():
    messages = _messages()
    assert len(set(messages)) >= 36  # the corpus reaches the importer's and loader's messages
    missing = sorted({m for m in messages if french(m) is None})
    assert missing == []


def test_ipf002_values_are_carried_over():
    assert french("'19x8' is not a year (a whole number such as 1997)") == (
        "« 19x8 » n'est pas une année (un nombre entier comme 1997)"
    )
    assert french("is in the future (latest allowed: 2026) (found '2091')") == (
        "est dans le futur (au plus tard\u00a0: 2026) (trouvé\u00a0: « 2091 »)"
    )
    assert french(
        "no column was found for the country (country, pays or country_code); "
        "nor for the year signed (year, année or date)"
    ) == (
        "aucune colonne trouvée pour le pays (country, pays ou country_code) ni pour "
        "l'année de signature (year, année ou date)"
    )
    assert in_language("the city is empty", "en") == "the city is empty"
    assert in_language("something new", "fr") == "something new"  # never lost
    assert len(PATTERNS) == len({p for p, _ in PATTERNS})
