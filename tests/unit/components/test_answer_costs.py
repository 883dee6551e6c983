"""What keeps a view's and a city's answers cheap under load (components/map_view.py,
components/details.py, citylinks/model/city_rows.py) answers exactly what the plain way does."""

from __future__ import annotations

import itertools

import numpy as np
from dash import html
from plotly.io.json import to_json_plotly

from citylinks.dataset.loading import load_dataset
from citylinks.i18n.catalogue import texts
from citylinks.model.city_rows import NO_ROWS, city_index
from citylinks.model.details import city_details
from citylinks.model.explorer import Explorer
from citylinks.model.filters import timeline_instruments
from citylinks.model.viewstate import ViewState
from citylinks.render.map import MapsByLanguage
from citylinks.render.timeline import timeline_traces
from components import details, map_view

EXPLORER = Explorer(load_dataset())
MAPS = MapsByLanguage(EXPLORER)


def test_cost001_views_keeping_the_same_rows_share_one_timeline():
    """The timeline is kept by the instrument rows it counts: many network filters and years
    keep the same rows, and get the same (one) timeline, the one counted from scratch."""
    maps = MAPS["en"]
    networks = maps.explorer.network_ids[:3]
    seen: dict[bytes, object] = {}
    for year, mode, count in itertools.product((1990, 2010, 2024, 2025), ("any", "all"), (1, 2)):
        state = ViewState(year=year, networks=tuple(networks[:count]), mode=mode, lang="en")
        answer = map_view.filtered_timeline(maps, state)
        kept = timeline_instruments(maps.explorer, year, networks[:count], mode)
        assert kept is not None
        expected = timeline_traces(maps.data, maps.texts, 1956, 2026, kept)
        assert to_json_plotly(answer) == to_json_plotly(expected)
        assert seen.setdefault(kept.tobytes(), answer) is answer
    assert len(seen) < 16


def test_cost002_fit_follows_the_partners_shown():
    maps = MAPS["en"]
    shown = maps.explorer.in_force(2000)
    assert map_view._fit(maps, shown) == map_view._fit(maps, shown.copy())
    assert map_view._fit(maps, np.zeros_like(shown)) is not None  # home alone


def test_cost003_city_index_finds_each_table_s_rows():
    data = EXPLORER.data
    index = city_index(EXPLORER)
    assert city_index(EXPLORER) is index
    rows = index.rows("Prague", "CZ")
    assert [data.partners["city"].iat[p] for p in rows.partners] == ["Prague"]
    assert all(data.memberships["city"].iat[p] == "Prague" for p in rows.memberships)
    assert index.rows("Atlantis", "FR") is NO_ROWS and NO_ROWS.empty
    record = index.records("partners", rows.partners, ["city", "country_code", "year"])
    assert record == [{"city": "Prague", "country_code": "CZ", "year": record[0]["year"]}]


def test_cost004_a_panel_as_plain_data_is_the_same_json():
    """The details panel is kept as plain data: Dash sends the same JSON as for components."""
    t = texts("fr")
    found = city_details(EXPLORER, "Prague", "CZ", 2026, t)
    assert found is not None
    panel = details.render(found, "Paris", 2026, t)
    plain = details.as_plain(panel)
    assert to_json_plotly(plain) == to_json_plotly(panel)
    assert details.as_plain(html.P(["a", html.B("b")], id="x")) == {
        "props": {
            "children": [
                "a",
                {"props": {"children": "b"}, "type": "B", "namespace": "dash_html_components"},
            ],
            "id": "x",
        },
        "type": "P",
        "namespace": "dash_html_components",
    }


def test_cost005_shared_parts_answer_as_a_fresh_map_does():
    """Traces, timelines and ranges kept from earlier views (citylinks/render/kept.py) give
    the same answer, byte for byte, as a map that never answered before."""
    shared = MapsByLanguage(EXPLORER)
    networks = EXPLORER.network_ids
    states = [
        ViewState(year=year, networks=tuple(networks[i : i + n]), mode=mode, lang=lang)
        for year, mode, lang, (i, n) in itertools.product(
            (1990, 2005, 2006, 2026), ("show", "any", "all"), ("en", "fr"), ((0, 0), (0, 2), (3, 3))
        )
    ]
    for state in states:
        fresh = MapsByLanguage(Explorer(EXPLORER.data))
        assert to_json_plotly(map_view.view_answer(shared, state)) == to_json_plotly(
            map_view.view_answer(fresh, state)
        )
    assert len(shared["en"]._map_data.kept) > 0
