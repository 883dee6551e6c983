"""A view's answer under a period and filters (components/map_view.py): the partners, lines,
counts, status, timeline and table all follow the same filters."""

from __future__ import annotations

import numpy as np

from citylinks.dataset.loading import load_dataset
from citylinks.model.explorer import Explorer
from citylinks.model.filters import Filters, Period, latin_america
from citylinks.model.viewstate import ViewState
from citylinks.render.map import MapsByLanguage
from citylinks.render.table import map_table
from components import map_view

MAPS = MapsByLanguage(Explorer(load_dataset()))


def _partners(payload: dict) -> list[list[str]]:
    return [
        key
        for trace in payload["data"]
        if trace["meta"].get("role") == "partners"
        for key in trace.get("customdata", [])
    ]


def test_fview001_latin_america_everywhere_at_once():
    state = ViewState(year=2026, filters=Filters.of(regions=["419"]), lang="en")
    payload = map_view.view_payload(MAPS["en"], state)
    keys = _partners(payload)
    assert keys and all(code in latin_america() for _city, code, _role in keys)
    assert payload["cards"][0] == str(len(keys))
    assert "(filters applied)" in payload["status"]
    lines = sum(
        v is None for t in payload["data"] if t["meta"].get("role") == "arcs" for v in t["lat"]
    )
    assert lines == len(keys)
    assert payload["timeline"] is not None
    shown, focus = map_view.focused(MAPS["en"], state)
    table = map_table(MAPS["en"], 2026, shown, [], focus=focus)
    assert {row[0] for row in table.rows} <= {city for city, _c, _r in keys}


def test_fview002_signed_between_and_new_since():
    signed = ViewState(year=2005, period=Period("signed", 1990), lang="en")
    payload = map_view.view_payload(MAPS["en"], signed)
    years = MAPS.explorer.partner_year
    shown, _focus = map_view.focused(MAPS["en"], signed)
    assert shown.any() and np.all(years[shown] <= 2005)
    assert "signed from 1990 to 2005" in payload["status"]
    new = ViewState(year=2026, period=Period("new", 2015), lang="fr")
    payload = map_view.view_payload(MAPS["fr"], new)
    names = [t["name"] for t in payload["data"]]
    assert "Nouveaux depuis 2015" in names
    assert "depuis 2015" in payload["status"]
    assert payload["fit"]["lon"][0] < payload["fit"]["lon"][1]


def test_fview003_nothing_filtered_keeps_the_page_timeline():
    payload = map_view.view_payload(MAPS["en"], ViewState(year=2026, lang="en"))
    assert payload["timeline"] is None
    empty = ViewState(year=1960, filters=Filters.of(regions=["OC"]), lang="en")
    payload = map_view.view_payload(MAPS["en"], empty)
    assert (
        payload["annotations"]
        and "No partner matches these filters" in payload["annotations"][0]["text"]
    )
