"""The table view's rows (citylinks/render/table.py) and its route."""

from __future__ import annotations

import pytest

from citylinks.i18n.catalogue import texts
from citylinks.model.explorer import Explorer
from citylinks.render.map import MapFigures
from citylinks.render.table import map_table


@pytest.fixture(scope="module")
def explorer(dataset):
    return Explorer(dataset)


def test_tab001_one_row_per_marker_of_the_view(explorer):
    maps = MapFigures(explorer)
    shown = explorer.shown(2016, ["c40"], "show")
    table = map_table(maps, 2016, shown, ["c40"])
    kinds = [row[2] for row in table.rows]
    assert table.total == len(table.rows) == int(shown.sum()) + 69 + kinds.count("Event")
    assert int(shown.sum()) == 49  # the 40 of the City's list and 9 signed 2009-2016
    assert kinds.count("C40 member") == 69  # as the legend says: 29 partners, 69 others
    assert kinds.count("Event") == int((maps.row_values.event_year == 2016).sum()) > 0
    assert table.caption == f"{table.total} rows: what the map shows in 2016"
    prague = next(row for row in table.rows if row[0] == "Prague")
    assert prague == [
        "Prague",
        "Czechia",
        "Friendship and cooperation agreement",
        1997,
        "",
        "EUROCITIES, UCEU",
        "risk prevention, flood alerts, new technologies, heritage conservation",
    ]


def test_tab002_filters_new_agreements_and_the_limit(explorer):
    maps = MapFigures(explorer)
    shown = explorer.shown(1997, ["eurocities"], "any")
    table = map_table(maps, 1997, shown, ["eurocities"])
    partner_rows = [row for row in table.rows if row[2] != "EUROCITIES member"]
    assert len(partner_rows) == int(shown.sum())
    every = map_table(maps, 1997, explorer.shown(1997, [], "show"), [])
    assert {row[2] for row in every.rows if row[3] == 1997} == {"Signed in 1997"}
    small = map_table(maps, 1997, shown, ["eurocities"], limit=3)
    assert len(small.rows) == 3 and small.total == table.total
    assert small.caption.endswith("(the first 3 are listed)")


def test_tab003_french_rows(explorer):
    maps = MapFigures(explorer, texts("fr"))
    table = map_table(maps, 2005, explorer.shown(2005, [], "show"), [])
    assert table.columns[4:6] == ["Accords ultérieurs", "Réseaux en commun avec Paris"]
    cairo = next(row for row in table.rows if row[0] == "Le Caire")
    assert cairo[1:4] == ["Égypte", "Accord d’amitié et de coopération", 1985]


def test_tab004_the_route(app):
    client = app.server.test_client()
    answer = client.get("/_citylinks/table?year=2016&network=c40&lang=fr").get_json()
    assert answer["total"] == len(answer["rows"]) > 100
    assert answer["caption"].startswith(f"{answer['total']} lignes")
    assert client.get("/_citylinks/table?year=1800").status_code == 400
