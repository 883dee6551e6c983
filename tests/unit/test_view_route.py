"""The view route the page fetches for a year and filters, through Flask's test client."""

from __future__ import annotations

import datetime as dt

import pytest

from app import create_app

THIS_YEAR = dt.date.today().year


@pytest.fixture(scope="module")
def client(dataset):
    return create_app(data=dataset).server.test_client()


def _partner_count(view: dict) -> int:
    return sum(
        len(trace["lat"])
        for trace in view["data"]
        if trace["meta"]["role"] == "partners" and not trace["meta"].get("grouped")
    )


def test_route001_a_year_gives_map_status_and_cards(client):
    response = client.get("/_citylinks/view?year=2004&mode=show")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    view = response.get_json()
    assert view["status"] == "Paris: 38 partners in 32 countries as of 2004"
    assert view["cards"][0] == "38"
    assert _partner_count(view) == 38
    assert view["annotations"] == []


def test_route002_networks_and_mode_filter_the_partners(client):
    view = client.get("/_citylinks/view?year=2026&mode=all&network=c40&network=aimf").get_json()
    assert _partner_count(view) == 2
    assert view["status"].endswith("(filtered by network)")
    roles = {trace["meta"].get("network") for trace in view["data"]}
    assert {"c40", "aimf"} <= roles


def test_route003_an_empty_result_says_so(client):
    view = client.get("/_citylinks/view?year=1960&mode=any&network=c40").get_json()
    assert _partner_count(view) == 0
    assert "No partner shares C40" in view["annotations"][0]["text"]


def test_route004_selected_city_gets_its_ring(client):
    view = client.get("/_citylinks/view?year=2026&city=Tokyo&country_code=JP").get_json()
    ring = next(t for t in view["data"] if t["meta"]["role"] == "selected")
    assert len(ring["lat"]) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=1900", f"year must be a whole number from 1956 to {THIS_YEAR}"),
        ("year=abc", "year must be a whole number"),
        ("", "year must be a whole number"),
        ("year=2000&network=nato", "unknown network id: 'nato'"),
        ("year=2000&mode=some", "mode must be one of show, any, all"),
        ("year=2000&city=" + "x" * 300, "city must be a name of up to 200 characters"),
    ],
)
def test_route005_bad_requests_get_a_clear_400(client, query, message):
    response = client.get(f"/_citylinks/view?{query}")
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_route006_state_route_reads_an_address(client):
    state = client.get("/_citylinks/state?year=2010&network=c40&city=Tokyo&country=JP").get_json()
    assert state == {
        "year": 2010,
        "networks": ["c40"],
        "mode": "show",
        "selected": {"city": "Tokyo", "country_code": "JP"},
        "present": False,
        "problems": [],
        "query": "?year=2010&network=c40&city=Tokyo&country=JP",
    }
    stale = client.get("/_citylinks/state?year=3000&network=gone").get_json()
    assert stale["year"] == THIS_YEAR and stale["networks"] == []
    assert len(stale["problems"]) == 2 and stale["query"] == ""
