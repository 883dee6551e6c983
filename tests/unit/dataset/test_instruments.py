"""Agreements over time: a partner's instruments, their life (in force, renewed, replaced,
lapsed) and the checks on instruments.csv, on a copy of the bundled data with a file of
instruments written here (so the rules are tested apart from the data's own rows)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from citylinks.dataset.instruments import status_in
from citylinks.dataset.loading import load_dataset
from citylinks.errors import DataError
from citylinks.i18n.catalogue import texts
from citylinks.model.details import agreements_per_year, city_details
from citylinks.model.explorer import Explorer

TODAY = dt.date(2026, 12, 1)
HEADER = (
    "city,country_code,date,kind,action,refers_to,ended,themes,themes_fr,signatories,"
    "confidence,notes,notes_fr,source\n"
)
ROWS = [
    # Rome 1956 twinning, relaunched by a letter of intent (renews).
    "Rome,IT,2022-07-07,letter_of_intent,renews,,,culture,culture,A; B,several_pages,"
    "Relaunch.,Relance.,https://example.org/rome",
    # Rabat 2004 pact updated by a declaration in 2010, and replaced (with its update) in 2019.
    "Rabat,MA,2010-10-28,declaration,updates,,,,,,several_pages,,,https://example.org/rabat-2010",
    "Rabat,MA,2019-12,friendship_cooperation,replaces,2004,,,,,several_pages,,,"
    "https://example.org/rabat-2019",
    # Sydney 1998 (made to lapse in 2010 by the test), a new agreement 2015 lapsing in 2020.
    "Sydney,AU,2015,cooperation_agreement,renews,,2020,,,,one_page,,,https://example.org/syd",
    # Tokyo 1982 with a thematic agreement that ends, which must not end the pact.
    "Tokyo,JP,2015-10-28,cooperation_agreement,adds,,2019,,,,several_pages,,,"
    "https://example.org/tokyo",
]


def _folder(data_copy: Path, rows: list[str] = ROWS) -> Path:
    (data_copy / "instruments.csv").write_text(HEADER + "\n".join(rows) + "\n", "utf-8-sig")
    partners = data_copy / "partners.csv"
    text = partners.read_text("utf-8-sig")
    line = next(line for line in text.splitlines() if line.startswith("Sydney,"))
    fields = line.split(",")
    ended = fields.index("friendship_cooperation") + 1
    fields[ended] = "2010"
    partners.write_text(text.replace(line, ",".join(fields)), "utf-8-sig")
    return data_copy


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(folder, today=TODAY)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def explorer(data_copy: Path) -> Explorer:
    return Explorer(load_dataset(_folder(data_copy), today=TODAY))


def _in_force(explorer: Explorer, city: str, year: int) -> bool:
    row = int(np.flatnonzero(explorer.data.partners["city"].to_numpy() == city)[0])
    return bool(explorer.in_force(year)[row])


def _states(explorer: Explorer, city: str, year: int) -> list[tuple[str, int | None]]:
    instruments = explorer.data.instruments
    rows = np.flatnonzero(instruments["city"].to_numpy() == city)
    return [status_in(instruments, int(row), year) for row in rows]


def test_ins001_first_and_later_instruments_in_one_frame(explorer):
    instruments = explorer.data.instruments
    assert len(instruments) == len(explorer.data.partners) + len(ROWS)
    rabat = instruments[instruments["city"] == "Rabat"]
    assert rabat["action"].tolist() == ["first", "updates", "replaces"]
    assert rabat["date"].tolist() == ["2004", "2010-10-28", "2019-12"]


def test_ins002_renewed_instrument_gives_way_but_the_partner_stays(explorer):
    assert _states(explorer, "Rome", 2021) == [("in_force", None), ("later", None)]
    assert _states(explorer, "Rome", 2022) == [("renewed", 2022), ("in_force", None)]
    assert all(_in_force(explorer, "Rome", year) for year in (1956, 2021, 2022, 2026))


def test_ins003_replaced_with_its_update_by_a_row_naming_the_earlier_one(explorer):
    assert _states(explorer, "Rabat", 2018) == [("in_force", None)] * 2 + [("later", None)]
    assert _states(explorer, "Rabat", 2019) == [
        ("replaced", 2019),
        ("replaced", 2019),
        ("in_force", None),
    ]
    assert _in_force(explorer, "Rabat", 2018) and _in_force(explorer, "Rabat", 2026)


def test_ins004_lapsed_partner_leaves_the_map_and_comes_back(explorer):
    years = {year: _in_force(explorer, "Sydney", year) for year in (2009, 2010, 2014, 2015, 2019)}
    assert years == {2009: True, 2010: False, 2014: False, 2015: True, 2019: True}
    assert not _in_force(explorer, "Sydney", 2020)
    assert _states(explorer, "Sydney", 2020) == [("ended", 2010), ("ended", 2020)]


def test_ins005_a_further_agreement_ending_does_not_end_the_pact(explorer):
    assert _states(explorer, "Tokyo", 2019) == [("in_force", None), ("ended", 2019)]
    assert _in_force(explorer, "Tokyo", 2024)


def test_ins006_without_instruments_csv_one_row_per_partner_as_before(dataset):
    plain = Explorer(dataset)
    signed = dataset.partners["year"].to_numpy()
    assert (plain.in_force(1990) == (signed <= 1990)).all()


def test_ins007_timeline_tells_new_partners_from_later_agreements(explorer):
    per_year = agreements_per_year(explorer.data, 1956, 2026).set_index("year")
    assert per_year.loc[2004, "count"] == 4 and per_year.loc[2004, "later"] == 0
    assert per_year.loc[2015, "later"] == 2
    assert per_year.loc[2015, "later_cities"] == "Sydney, Tokyo"
    assert per_year.loc[2022, "later_cities"] == "Rome"


def test_ins008_details_list_the_chronology(explorer):
    t = texts("en")
    details = city_details(explorer, "Rabat", "MA", 2026, t)
    assert details is not None
    lines = [(i.date, i.kind, i.action, i.status) for i in details.instruments]
    assert lines == [
        ("2004", "friendship_cooperation", "first agreement", "replaced in 2019"),
        ("2010-10-28", "declaration", "updates the agreement of 2004", "replaced in 2019"),
        ("2019-12", "friendship_cooperation", "replaces the agreement of 2004", "in force in 2026"),
    ]
    assert details.instruments[2].sources[0].url == "https://example.org/rabat-2019"
    sydney = city_details(explorer, "Sydney", "AU", 2012, texts("fr"))
    assert sydney is not None and not sydney.in_force
    assert sydney.instruments[1].status == "signature postérieure à 2012"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "Atlantis,FR,2010,memorandum,adds,,,,,,one_page,,,x",
            "column 'city': is not a partner of partners.csv (Atlantis, FR)",
        ),
        (
            "Rome,IT,1950,memorandum,adds,,,,,,one_page,,,x",
            "column 'date': is before the partner's first agreement (1956)",
        ),
        (
            "Rome,IT,2010,memorandum,renews,1957,,,,,one_page,,,x",
            "column 'refers_to': names no earlier agreement of this partner (found '1957'): "
            "write the date of one as the data gives it",
        ),
        (
            "Rome,IT,2010,memorandum,extends,,,,,,one_page,,,x",
            "column 'action': must be one of renews, replaces, updates, adds (found 'extends')",
        ),
        (
            "Rome,IT,2010,treaty,adds,,,,,,one_page,,,x",
            "column 'kind': is not an agreement type (twinning, friendship_cooperation, "
            "cooperation_agreement, administrative_convention, memorandum, letter_of_intent, "
            "declaration, programme) (found 'treaty')",
        ),
        (
            "Rome,IT,2010,memorandum,adds,,2009,,,,one_page,,,x",
            "column 'ended': is before the year the agreement was signed",
        ),
        (
            "Rome,IT,2010,memorandum,adds,,,,,,rumour,,,x",
            "column 'confidence': must be one of official_list, several_pages, one_page "
            "(found 'rumour')",
        ),
        (
            "Rome,IT,2030,memorandum,adds,,,,,,one_page,,,x",
            "column 'date': is in the future (latest allowed: 2026)",
        ),
    ],
)
def test_ins009_bad_rows_name_file_line_and_column(data_copy, row, expected):
    folder = _folder(data_copy, [*ROWS, row])
    assert _problems(folder) == [f"data/instruments.csv, line {len(ROWS) + 2}, {expected}"]
