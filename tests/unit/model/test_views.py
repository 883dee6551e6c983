"""Filtering, summaries and city details, without a browser."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from citylinks.dataset.instruments import build_instruments
from citylinks.i18n.catalogue import texts
from citylinks.model.details import agreements_per_year, city_details
from citylinks.model.explorer import Explorer


@pytest.fixture(scope="module")
def ex(dataset):
    return Explorer(dataset)


def _cities(explorer, mask):
    return set(explorer.data.partners["city"][mask])


def _member_cities(explorer, mask):
    return set(explorer.data.memberships["city"][mask])


def test_view001_partners_in_force_is_cumulative(ex):
    counts = {y: int(ex.in_force(y).sum()) for y in (1955, 1956, 1958, 2004, 2006)}
    assert counts == {1955: 0, 1956: 1, 1958: 2, 2004: 38, 2006: 40}


def test_view002_ended_agreements_drop_out(dataset):
    partners = dataset.partners.copy()
    partners.loc[partners["city"] == "Kyoto", "ended"] = 2000
    instruments, _ = build_instruments(partners, None)
    ended = Explorer(dataclasses.replace(dataset, partners=partners, instruments=instruments))
    assert "Kyoto" in _cities(ended, ended.in_force(1999))
    assert "Kyoto" not in _cities(ended, ended.in_force(2000))


def test_view003_memberships_as_of_a_year(ex):
    assert "Paris" in _member_cities(ex, ex.members(2015, ["100rc"]))
    assert not ex.members(2020, ["100rc"]).any()  # the programme ended in 2019
    m = ex.data.memberships
    moscow_c40 = ((m["city"] == "Moscow") & (m["network_id"] == "c40")).to_numpy()
    assert (ex.members(2016) & moscow_c40).any()
    assert not (ex.members(2017) & moscow_c40).any()  # former member, last listed 2016
    assert not ex.members(2003, ["uclg"]).any()  # founded 2004
    assert not ex.members(2026, ["no-such-network"]).any()


def test_view004_home_networks_over_time(ex):
    assert ex.home_networks(1970) == ["uceu"]
    assert ex.home_networks(2003) == ["aimf", "eurocities", "uceu"]
    assert "100rc" in ex.home_networks(2015)
    assert "100rc" not in ex.home_networks(2020)


def test_view005_filter_modes(ex):
    year = 2026
    # 60 partners, of which Rio de Janeiro (2011), Phnom Penh (2019) and Barcelona (2020)
    # are no longer in force.
    assert ex.shown(year, ["c40"], "show").sum() == 57
    in_c40 = ex.shown(year, ["c40"], "any")
    assert in_c40.sum() == 27
    assert "Moscow" not in _cities(ex, in_c40)
    assert {"Los Angeles", "Tel Aviv-Yafo", "Abidjan", "Istanbul"} <= _cities(ex, in_c40)
    assert _cities(ex, ex.shown(year, ["c40", "aimf"], "all")) == {"Montreal", "Casablanca"}
    assert ex.shown(year, ["c40", "aimf"], "any").sum() == 33
    assert not ex.shown(year, ["cfl"], "any").any()
    assert ex.shown(year, [], "all").sum() == 57


def test_view006_filter_needs_home_in_the_network_that_year(ex):
    # Moscow was in C40 in 2010, and so was Paris (C40 founded 2005, Paris's year unknown).
    assert "Moscow" in _cities(ex, ex.shown(2010, ["c40"], "any"))
    # In 2000 UCLG did not exist: nobody shares it.
    assert not ex.shown(2000, ["uclg"], "any").any()


def test_view007_summary_sentence(ex):
    summary = ex.summary(ex.shown(2004, [], "show"), 2004)
    assert summary.sentence("Paris") == "Paris: 38 partners in 32 countries as of 2004"
    assert summary.signed_this_year == 4
    one = ex.summary(ex.shown(1956, [], "show"), 1956)
    assert one.sentence("Paris") == "Paris: 1 partner in 1 country as of 1956"
    assert (one.continents, one.networks) == (1, 0)


def test_view012_filters_agree_with_a_plain_pandas_reading(ex):
    """The array queries give what a straightforward pandas reading of the rules gives."""
    p, m, i = ex.data.partners, ex.data.memberships, ex.data.instruments
    for year in range(1955, 2027, 3):
        live = (i["year"] <= year) & (i["in_force_to"].isna() | (i["in_force_to"] > year))
        force = live.groupby(i["partner"]).any().reindex(range(len(p)), fill_value=False)
        assert (ex.in_force(year) == force.to_numpy()).all()
        counts = (m["from_year"].isna() | (m["from_year"] <= year)) & (
            m["to_year"].isna() | (m["to_year"] >= year)
        )
        assert (ex.members(year) == counts.fillna(False).to_numpy(dtype=bool)).all()
        home = set(m.loc[counts & m["is_home"], "network_id"])
        for nets in (["c40"], ["c40", "aimf"], ["eurocities", "uceu", "aimf"]):
            shared = [n for n in nets if n in home]
            member_of = {
                n: set(
                    m[counts & (m["network_id"] == n)][["city", "country_code"]].itertuples(
                        index=False, name=None
                    )
                )
                for n in shared
            }
            keys = list(zip(p["city"], p["country_code"], strict=True))
            n_shared = [sum(k in member_of[n] for n in shared) for k in keys]
            expected_any = force.to_numpy() & (pd.Series(n_shared) >= 1).to_numpy()
            expected_all = force.to_numpy() & (pd.Series(n_shared) >= len(nets)).to_numpy()
            assert (ex.shown(year, nets, "any") == expected_any).all(), (year, nets)
            assert (ex.shown(year, nets, "all") == expected_all).all(), (year, nets)


def test_view008_agreements_per_year(dataset):
    per_year = agreements_per_year(dataset, 1956, 2026)
    assert len(per_year) == 71
    row = per_year.set_index("year").loc[1997]
    assert (row["count"], row["later"]) == (6, 0)
    assert "Prague" in row["cities"]
    assert per_year["count"].sum() == len(dataset.partners) == 60
    assert per_year["later"].sum() == len(dataset.instruments) - 60
    row = per_year.set_index("year").loc[2023]
    assert "Montreal" in row["later_cities"] and "Cotonou" in row["cities"]


def test_view009_city_details_of_a_partner(ex):
    details = city_details(ex, "Prague", "CZ", 2026)
    assert details.is_partner and details.year == 1997
    assert "flood alerts" in details.themes
    assert details.distance_km == pytest.approx(885, abs=10)
    networks = {m.network_id: m for m in details.memberships}
    assert networks["eurocities"].since == "1993"
    assert networks["eurocities"].shared_with_home
    assert [e["date"] for e in details.events] == ["2002"]
    # The City's page kept in the seeds is named by its title (data/sources.csv), not its path.
    assert details.sources[0].text.startswith("City of Paris, “Friendship and cooperation")
    assert not any(s.text.startswith("seeds/") for s in details.sources)
    french = city_details(ex, "Prague", "CZ", 2026, texts("fr"))
    assert french.sources[0].text.startswith("Ville de Paris, « Friendship and cooperation")


def test_view010_city_details_of_a_member_and_the_home(ex):
    toronto = city_details(ex, "Toronto", "CA", 2026)
    assert not toronto.is_partner and toronto.country == "Canada"
    assert [m.network_id for m in toronto.memberships] == ["c40"]
    home = city_details(ex, "Paris", "FR", 2026)
    assert home.is_home and home.distance_km is None
    assert {e["date"][:4] for e in home.events} >= {"2004", "2016"}
    assert city_details(ex, "Atlantis", "FR", 2026) is None


def test_view011_only_http_sources_become_links(dataset):
    data = dataclasses.replace(
        dataset,
        partners=dataset.partners.assign(
            source=lambda df: df["source"].where(
                df["city"] != "Sana'a", "javascript:alert(1) ; https://ok.example/a ; ftp://x"
            )
        ),
    )
    sources = city_details(Explorer(data), "Sana'a", "YE", 2026).sources
    assert [(s.text, s.url) for s in sources] == [
        ("javascript:alert(1)", None),
        ("https://ok.example/a", "https://ok.example/a"),
        ("ftp://x", None),
    ]
    assert isinstance(data.partners, pd.DataFrame)
