"""Filtering and summaries, without a browser."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from citylinks.views import (
    agreements_per_year,
    city_details,
    filter_partners,
    home_networks,
    members_as_of,
    partners_in_force,
    summarize,
)


def test_view001_partners_in_force_is_cumulative(dataset):
    counts = {
        y: len(partners_in_force(dataset.partners, y)) for y in (1955, 1956, 1958, 2004, 2006)
    }
    assert counts == {1955: 0, 1956: 1, 1958: 2, 2004: 38, 2006: 40}


def test_view002_ended_agreements_drop_out(dataset):
    partners = dataset.partners.copy()
    partners.loc[partners["city"] == "Kyoto", "ended"] = 2000
    cities = set(partners_in_force(partners, 1999)["city"])
    assert "Kyoto" in cities
    assert "Kyoto" not in set(partners_in_force(partners, 2000)["city"])


def test_view003_memberships_as_of_a_year(dataset):
    m = dataset.memberships
    in_2015 = members_as_of(m, 2015, ["100rc"])
    assert "Paris" in set(in_2015["city"])
    assert members_as_of(m, 2020, ["100rc"]).empty  # the programme ended in 2019
    moscow_c40 = m[(m["city"] == "Moscow") & (m["network_id"] == "c40")]
    assert not members_as_of(moscow_c40, 2016).empty
    assert members_as_of(moscow_c40, 2017).empty  # former member, last listed 2016
    assert members_as_of(m, 2003, ["uclg"]).empty  # founded 2004


def test_view004_home_networks_over_time(dataset):
    assert home_networks(dataset, 1970) == ["uceu"]
    assert home_networks(dataset, 2003) == ["aimf", "eurocities", "uceu"]
    assert "100rc" in home_networks(dataset, 2015)
    assert "100rc" not in home_networks(dataset, 2020)


def test_view005_filter_modes(dataset):
    year = 2026
    assert len(filter_partners(dataset, year, ["c40"], "show")) == 40
    in_c40 = filter_partners(dataset, year, ["c40"], "any")
    assert len(in_c40) == 23
    assert "Moscow" not in set(in_c40["city"])
    both = filter_partners(dataset, year, ["c40", "aimf"], "all")
    assert set(both["city"]) == {"Montreal", "Casablanca"}
    either = filter_partners(dataset, year, ["c40", "aimf"], "any")
    assert len(either) == 29
    assert filter_partners(dataset, year, ["cfl"], "any").empty
    assert len(filter_partners(dataset, year, [], "all")) == 40


def test_view006_filter_needs_home_in_the_network_that_year(dataset):
    # Moscow was in C40 in 2010, and so was Paris (C40 founded 2005, Paris's year unknown).
    assert "Moscow" in set(filter_partners(dataset, 2010, ["c40"], "any")["city"])
    # In 2000 UCLG did not exist: nobody shares it.
    assert filter_partners(dataset, 2000, ["uclg"], "any").empty


def test_view007_summary_sentence(dataset):
    shown = filter_partners(dataset, 2004, [], "show")
    summary = summarize(dataset, shown, 2004)
    assert summary.sentence("Paris") == "Paris: 38 partners in 32 countries as of 2004"
    assert summary.signed_this_year == 4
    one = summarize(dataset, filter_partners(dataset, 1956, [], "show"), 1956)
    assert one.sentence("Paris") == "Paris: 1 partner in 1 country as of 1956"
    assert (one.continents, one.networks) == (1, 0)


def test_view008_agreements_per_year(dataset):
    per_year = agreements_per_year(dataset.partners, 1956, 2026)
    assert len(per_year) == 71
    row = per_year.set_index("year").loc[1997]
    assert row["count"] == 6
    assert "Prague" in row["cities"]
    assert per_year["count"].sum() == 40


def test_view009_city_details_of_a_partner(dataset):
    details = city_details(dataset, "Prague", "CZ", 2026)
    assert details.is_partner and details.year == 1997
    assert "flood alerts" in details.themes
    assert details.distance_km == pytest.approx(885, abs=10)
    networks = {m.network_id: m for m in details.memberships}
    assert networks["eurocities"].since == "1993"
    assert networks["eurocities"].shared_with_home
    assert [e["date"] for e in details.events] == ["2002"]
    assert any(s.url is None and s.text.startswith("seeds/") for s in details.sources)


def test_view010_city_details_of_a_member_and_the_home(dataset):
    toronto = city_details(dataset, "Toronto", "CA", 2026)
    assert not toronto.is_partner and toronto.country == "Canada"
    assert [m.network_id for m in toronto.memberships] == ["c40"]
    home = city_details(dataset, "Paris", "FR", 2026)
    assert home.is_home and home.distance_km is None
    assert {e["date"][:4] for e in home.events} >= {"2004", "2016"}
    assert city_details(dataset, "Atlantis", "FR", 2026) is None


def test_view011_only_http_sources_become_links(dataset):
    data = dataclasses.replace(
        dataset,
        partners=dataset.partners.assign(
            source=lambda df: df["source"].where(
                df["city"] != "Sana'a", "javascript:alert(1) ; https://ok.example/a ; ftp://x"
            )
        ),
    )
    sources = city_details(data, "Sana'a", "YE", 2026).sources
    assert [(s.text, s.url) for s in sources] == [
        ("javascript:alert(1)", None),
        ("https://ok.example/a", "https://ok.example/a"),
        ("ftp://x", None),
    ]
    assert isinstance(data.partners, pd.DataFrame)
