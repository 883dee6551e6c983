"""Figure builders: plain dicts that plotly draws, checked without a browser."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from citylinks.model.explorer import Explorer
from citylinks.render.layers import grid_groups
from citylinks.render.map import MapFigures
from citylinks.render.styles import AGREEMENT_STYLE


@pytest.fixture(scope="module")
def maps(dataset):
    return MapFigures(Explorer(dataset))


def _figure(maps, year, networks=(), mode="show", **kwargs):
    shown = maps.explorer.shown(year, list(networks), mode)
    return maps.figure(year, shown, list(networks), **kwargs)


def _traces(figure, role):
    return [t for t in figure["data"] if t["meta"]["role"] == role]


def test_fig001_all_lines_in_one_trace_per_agreement_type(maps):
    figure = _figure(maps, 2026)
    lines = _traces(figure, "arcs")
    assert len(lines) == len(AGREEMENT_STYLE) + 1  # and the year's new agreements
    # one segment per partner in force (60 less 3 whose agreements lapsed)
    assert sum(t["lat"].count(None) for t in lines) == 57
    # arcs (3 groups + new), partners (3 groups + new), events, home, selected
    assert len(figure["data"]) == 4 + 4 + 1 + 1 + 1
    assert _traces(figure, "selected")[0]["lat"] == []


def test_fig002_lines_are_home_then_partner_then_a_gap(maps):
    home = maps.data.home
    kyoto = maps.data.partners.set_index("city").loc["Kyoto"]
    by_kind = {t["meta"]["agreement"]: t for t in _traces(_figure(maps, 1959), "arcs")}
    friendship = by_kind["friendship_cooperation"]
    assert friendship["lat"] == [home.lat, round(kyoto["lat"], 4), None]
    assert friendship["lon"] == [home.lon, round(kyoto["lon"], 4), None]
    # In 1958, the year Kyoto signed, its line is the year's new line (grown by the page).
    by_kind = {t["meta"]["agreement"]: t for t in _traces(_figure(maps, 1958), "arcs")}
    assert by_kind["new"]["lat"] == [home.lat, round(kyoto["lat"], 4), None]
    assert by_kind["friendship_cooperation"]["lat"] == []


def test_fig003_year_markers_and_highlight(maps):
    figure = _figure(maps, 1958)
    partners = {t["meta"]["group"]: t for t in _traces(figure, "partners")}
    assert len(partners["twinning"]["lat"]) == 1  # Rome
    assert len(partners["friendship_cooperation"]["lat"]) == 0
    assert partners["new"]["customdata"] == [["Kyoto", "JP", "partner"]]
    assert partners["new"]["name"] == "Signed in 1958"
    layout = figure["layout"]
    assert layout["geo"]["fitbounds"] is False
    assert layout["uirevision"] == layout["geo"]["uirevision"]


def test_fig004_network_members_traces(maps):
    figure = _figure(maps, 2026, ["c40", "aimf"])
    members = {t["meta"]["network"]: t for t in _traces(figure, "members")}
    assert set(members) == {"c40", "aimf"}
    c40 = members["c40"]
    assert c40["name"] == "C40 members: 27 partners, 69 others"
    assert c40["marker"]["symbol"].count("circle-open") == 27
    assert "Paris" not in {k[0] for k in c40["customdata"]}


def test_fig005_events_of_the_year_only(maps):
    events = _traces(_figure(maps, 2016), "events")[0]
    assert {k[0] for k in events["customdata"]} == {"Rio de Janeiro", "Beirut", "Bogotá", "Paris"}


def test_fig006_data_text_is_escaped(dataset):
    evil = "<img src=x onerror=alert(1)>"
    partners = dataset.partners.copy()
    partners.loc[partners["city"] == "Kyoto", ["city", "notes", "themes"]] = [evil, evil, evil]
    maps = MapFigures(Explorer(dataclasses.replace(dataset, partners=partners)))
    figure = _figure(maps, 1958)  # Kyoto is the new one, with a text label
    shown_text = repr([[t.get("name"), t.get("text"), t.get("hovertext")] for t in figure["data"]])
    assert evil not in shown_text
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown_text


def test_fig007_empty_message_is_an_annotation(maps):
    figure = _figure(maps, 2026, ["cfl"], "any", empty_message="Nothing <b>")
    assert figure["layout"]["annotations"][0]["text"] == "Nothing &lt;b&gt;"
    assert all(len(t["lat"]) == 0 for t in _traces(figure, "partners"))


def test_fig008_lines_are_thinned_past_the_limit(dataset):
    maps = MapFigures(Explorer(dataset), line_limit=10)
    lines = _traces(_figure(maps, 2026), "arcs")
    assert sum(t["lat"].count(None) for t in lines) == 10
    assert lines[1]["name"] == "lines to the 10 most recent of 57"
    assert lines[1]["showlegend"] is True
    # the ten most recent agreements are the ones that keep a line (2019-2025)
    ends = {(round(t["lat"][i - 1], 1)) for t in lines for i, v in enumerate(t["lat"]) if v is None}
    hamburg = dataset.partners.set_index("city").loc["Hamburg", "lat"]
    assert round(hamburg, 1) in ends


def test_fig009_markers_are_grouped_past_the_limit(dataset):
    maps = MapFigures(Explorer(dataset), marker_limit=5, cell_degrees=10)
    partners = {t["meta"]["group"]: t for t in _traces(_figure(maps, 2026), "partners")}
    grouped = partners["friendship_cooperation"]
    assert grouped["meta"].get("grouped") is True
    assert "grouped by place: 47" in grouped["name"]
    assert len(grouped["lat"]) < 47
    assert any("partners near here" in text for text in grouped["hovertext"])


def test_fig010_grid_groups():
    lat = np.array([1.0, 1.5, 50.0, -10.0])
    lon = np.array([1.0, 1.2, 10.0, -170.0])
    mean_lat, mean_lon, counts, first = grid_groups(lat, lon, 2.0)
    assert sorted(counts.tolist()) == [1, 1, 2]
    pair = counts.tolist().index(2)
    assert mean_lat[pair] == pytest.approx(1.25) and mean_lon[pair] == pytest.approx(1.1)
    assert first[pair] == 0


def test_fig020_labels_of_close_cities_do_not_sit_on_each_other():
    import numpy as np

    from citylinks.render.labels import label_positions

    # Casablanca, Rabat (both signed in 2004), Tunis, and São Paulo far away.
    lats = np.array([33.59, 34.01, 36.82, -23.55])
    lons = np.array([-7.62, -6.83, 10.17, -46.64])
    assert label_positions(lats, lons) == [
        "top center",
        "bottom center",
        "top center",
        "top center",
    ]
    crowded = label_positions(np.zeros(6), np.zeros(6))
    assert crowded[:4] == ["top center", "bottom center", "middle right", "middle left"]


def test_fig021_the_selected_city_is_labelled_in_the_language(dataset):
    """In presentation mode the details panel is hidden: the ring carries the city's name."""
    from citylinks.i18n.catalogue import texts

    french = MapFigures(Explorer(dataset), texts("fr"))
    ring = _traces(_figure(french, 2026, selected=("Beijing", "CN")), "selected")[0]
    assert ring["mode"] == "markers+text" and ring["text"] == ["<b>Pékin</b>"]
    assert ring["lat"] and ring["lon"]
