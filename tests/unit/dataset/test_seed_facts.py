"""The bundled data says what the sources say: every agreement of the seed list, with its year."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"

# The seed list (paris.fr, "Friendship and cooperation agreements signed by the City of Paris"),
# with the letters the copy lost restored.
EXPECTED = {
    1956: ["Rome"],
    1958: ["Kyoto"],
    1982: ["Tokyo"],
    1985: ["Cairo"],
    1987: ["Amman", "Sana'a", "Berlin"],
    1991: ["Seoul"],
    1992: ["Moscow", "Beirut"],
    1995: ["Jakarta"],
    1996: ["Chicago", "San Francisco"],
    1997: ["Santiago de Chile", "Riyadh", "Beijing", "Prague", "Tbilisi", "Saint Petersburg"],
    1998: ["Lisbon", "Sofia", "Sydney", "Yerevan"],
    1999: ["Mexico City", "Warsaw", "Buenos Aires"],
    2000: ["Washington, D.C.", "Madrid", "Athens"],
    2001: ["London", "Porto Alegre"],
    2002: ["Geneva"],
    2003: ["Algiers", "Québec"],
    2004: ["São Paulo", "Rabat", "Casablanca", "Tunis"],
    2005: ["Copenhagen"],
    2006: ["Montreal"],
}
PAIRS = [(city, year) for year, cities in EXPECTED.items() for city in cities]


def _seed_partners(dataset):
    """The partners of the City's own list (seeds/002): the 40 signed to 2006."""
    return dataset.partners[dataset.partners["confidence"] == "official_list"]


def test_data001_forty_agreements(dataset):
    assert len(PAIRS) == 40
    listed = _seed_partners(dataset)
    assert len(listed) == 40
    assert sorted(listed["city"]) == sorted(city for city, _ in PAIRS)
    assert (listed["year"] <= 2006).all() and (dataset.partners["year"] > 2006).sum() == 20


@pytest.mark.parametrize(("city", "year"), PAIRS)
def test_data002_agreement_year(dataset, city, year):
    row = dataset.partners.set_index("city").loc[city]
    assert row["year"] == year
    expected_type = "twinning" if city == "Rome" else "friendship_cooperation"
    assert row["agreement"] == expected_type
    assert "seeds/002_33d3605279c310d9.txt" in row["source"]


def test_data003_only_rome_is_a_twinning(dataset):
    twins = dataset.partners[dataset.partners["agreement"] == "twinning"]
    assert twins["city"].tolist() == ["Rome"]
    assert twins["date_signed"].tolist() == ["1956-01-30"]


def test_data004_themes_from_the_seeds(dataset):
    themes = dataset.partners.set_index("city")["themes"]
    assert themes["Copenhagen"] == "bicycles;soft transport"
    assert themes["London"] == "social housing"
    assert set(themes["Prague"].split(";")) >= {"flood alerts", "new technologies"}
    assert "heritage conservation" in themes["Prague"]


def test_data005_names_in_unicode_not_copied_from_the_damaged_text(dataset):
    cities = set(dataset.partners["city"])
    assert {"São Paulo", "Sana'a", "Québec", "Tbilisi", "Saint Petersburg"} <= cities
    assert not cities & {"So Paulo", "San'a'", "Tbilissi", "Saint-Petersburg", "Quebec"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the checkout")
def test_data006_seed_list_matches_data(dataset):
    text = (SEEDS / "002_33d3605279c310d9.txt").read_text(encoding="utf-8")
    listed = {int(year) for year in re.findall(r"^(\d{4}): ", text, flags=re.M)}
    listed |= {int(year) for year in re.findall(r"(\d{4}): Exclusive twinning", text)}
    assert listed == set(_seed_partners(dataset)["year"])


def test_data007_every_row_has_a_source(dataset):
    for frame in (dataset.partners, dataset.networks, dataset.memberships, dataset.events):
        assert frame["source"].notna().all()
        assert (frame["source"].str.strip() != "").all()


def test_data008_networks_of_the_seeds(dataset):
    ids = set(dataset.networks["id"])
    assert {"uclg", "aimf", "eurocities", "uceu", "c40", "rcities", "cfl"} <= ids
    net = dataset.networks.set_index("id")
    assert net.loc["uclg", "founded_year"] == 2004
    assert net.loc["aimf", "founded_year"] == 1979
    assert net.loc["uceu", "founded_year"] == 1961
    assert "chaired" in net.loc["aimf", "home_role"]


def test_data009_home_memberships(dataset):
    home = dataset.memberships[dataset.memberships["is_home"]].set_index("network_id")
    assert home.loc["eurocities", "since"] == 2002
    assert home.loc["uclg", "since"] == 2004
    assert home.loc["uceu", "since"] == 1961
    assert "c40" in home.index


def test_data010_c40_member_list_complete(dataset):
    c40 = dataset.memberships[dataset.memberships["network_id"] == "c40"]
    current = c40[c40["to_year"].isna()]
    assert len(current) == 97
    former = c40[c40["to_year"].notna()]
    assert set(former["city"]) == {"Moscow", "Cairo"}


def test_data011_partner_members_are_flagged(dataset):
    m = dataset.memberships
    assert m[(m["city"] == "Rome") & (m["network_id"] == "c40")]["is_partner"].all()
    assert not m[(m["city"] == "Toronto")]["is_partner"].any()


def test_data012_events_from_the_seeds(dataset):
    events = dataset.events.set_index("date")
    assert events.loc["1979-05-01", "city"] == "Québec"
    assert events.loc["2004-05-05", "city"] == "Paris"
    assert events.loc["2015-08-31", "city"] == "Medellín"
    assert events.loc["2016-11-21", "city"] == "Paris"


def test_data013_derived_columns(dataset):
    partners = dataset.partners.set_index("city")
    assert partners.loc["Sydney", "continent"] == "OC"
    assert str(dataset.partners["year"].dtype) == "Int64"
    assert str(dataset.partners["lat"].dtype) == "Float64"
