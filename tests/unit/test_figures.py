"""Figure builders: plain dicts that plotly draws, checked without a browser."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pandas as pd

from citylinks.figures import AGREEMENT_STYLE, arcs, map_figure
from citylinks.views import filter_partners


def _traces(figure, role):
    return [t for t in figure["data"] if t["meta"]["role"] == role]


def test_fig001_all_lines_in_one_trace_per_agreement_type(dataset):
    shown = filter_partners(dataset, 2026, [], "show")
    figure = map_figure(dataset, 2026, shown, [])
    lines = _traces(figure, "arcs")
    assert len(lines) == len(AGREEMENT_STYLE)
    segments = sum(t["lat"].count(None) for t in lines)
    assert segments == 40  # one gap-terminated segment per partner
    # arcs, partners (+new), events, home, selected
    assert len(figure["data"]) == 2 + 3 + 1 + 1 + 1
    assert _traces(figure, "selected")[0]["lat"] == []


def test_fig002_lines_across_the_pacific_are_continuous():
    home = (35.69, 139.69)  # Tokyo
    points = pd.DataFrame({"lat": [37.77, -33.45], "lon": [-122.42, -70.65]})
    _, lons = arcs(home, points)
    segments = [list(g) for k, g in itertools.groupby(lons, key=lambda v: v is None) if not k]
    assert len(segments) == 2
    for segment in segments:
        steps = np.abs(np.diff(segment))
        assert steps.max() < 20, "a line jumps across the map at the antimeridian"
    # Tokyo -> San Francisco goes east over the Pacific, not west round the world.
    assert segments[0][-1] > 180


def test_fig003_year_markers_and_highlight(dataset):
    shown = filter_partners(dataset, 1958, [], "show")
    figure = map_figure(dataset, 1958, shown, [])
    partners = {t["meta"]["group"]: t for t in _traces(figure, "partners")}
    assert len(partners["twinning"]["lat"]) == 1  # Rome
    assert len(partners["friendship_cooperation"]["lat"]) == 0
    assert partners["new"]["customdata"] == [["Kyoto", "JP", "partner"]]
    assert partners["new"]["name"] == "Signed in 1958"
    assert figure["layout"]["geo"]["fitbounds"] is False
    assert figure["layout"]["uirevision"] == figure["layout"]["geo"]["uirevision"]


def test_fig004_network_members_traces(dataset):
    shown = filter_partners(dataset, 2026, ["c40", "aimf"], "show")
    figure = map_figure(dataset, 2026, shown, ["c40", "aimf"])
    members = {t["meta"]["network"]: t for t in _traces(figure, "members")}
    assert set(members) == {"c40", "aimf"}
    c40 = members["c40"]
    assert c40["name"] == "C40 members: 23 partners, 73 others"
    assert c40["marker"]["symbol"].count("circle-open") == 23
    assert "Paris" not in {k[0] for k in c40["customdata"]}


def test_fig005_events_of_the_year_only(dataset):
    shown = filter_partners(dataset, 2016, [], "show")
    events = _traces(map_figure(dataset, 2016, shown, []), "events")[0]
    assert {k[0] for k in events["customdata"]} == {"Rio de Janeiro", "Beirut", "Bogotá", "Paris"}


def test_fig006_data_text_is_escaped(dataset):
    evil = "<img src=x onerror=alert(1)>"
    partners = dataset.partners.copy()
    partners.loc[partners["city"] == "Kyoto", ["city", "notes", "themes"]] = [evil, evil, evil]
    data = dataclasses.replace(dataset, partners=partners)
    figure = map_figure(data, 2026, filter_partners(data, 2026, [], "show"), [])
    shown_text = repr([[t.get("name"), t.get("text"), t.get("hovertext")] for t in figure["data"]])
    assert evil not in shown_text
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown_text


def test_fig007_empty_message_is_an_annotation(dataset):
    figure = map_figure(dataset, 2026, dataset.partners.iloc[0:0], [], empty_message="Nothing <b>")
    assert figure["layout"]["annotations"][0]["text"] == "Nothing &lt;b&gt;"
