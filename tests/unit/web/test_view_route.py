"""The view route the page fetches for a year and filters, through Flask's test client."""

from __future__ import annotations

import datetime as dt

import pytest

from app import create_app
from citylinks.importing.workspace import store_in

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
        "time": "in_force",
        "period": [2010, 2010],
        "filters": [[], [], [], []],
        "view": None,
        "problems": [],
        "query": "?year=2010&network=c40&city=Tokyo&country=JP",
    }
    focused = client.get(
        "/_citylinks/state?year=2005&time=signed&from=1990&region=419&kind=twinning&view=europe"
    ).get_json()
    assert focused["time"] == "signed" and focused["period"] == [1990, 2005]
    assert focused["filters"] == [["twinning"], ["419"], [], []]
    assert focused["view"] == "europe" and focused["problems"] == []
    stale = client.get("/_citylinks/state?year=3000&network=gone").get_json()
    assert stale["year"] == THIS_YEAR and stale["networks"] == []
    assert len(stale["problems"]) == 2 and stale["query"] == ""


def test_route007_the_routes_take_the_address_names_too(client):
    """`country=` (the address's name, assets/scripts/map_view.js viewQuery) and `country_code=`."""
    by_address = client.get("/_citylinks/view?year=2026&city=Tokyo&country=JP")
    by_former = client.get("/_citylinks/view?year=2026&city=Tokyo&country_code=JP")
    assert by_address.status_code == by_former.status_code == 200
    assert by_address.get_data() == by_former.get_data()
    table = client.get("/_citylinks/table?year=2026&network=c40&mode=any&city=Tokyo&country=JP")
    assert table.status_code == 200 and table.get_json()["rows"]


def test_route008_the_snapshot_checks_its_theme_after_the_view(client):
    bad_view = client.get("/_citylinks/snapshot?year=1800&theme=pink")
    assert bad_view.status_code == 400 and "year must be" in bad_view.get_json()["error"]
    bad_theme = client.get("/_citylinks/snapshot?year=2000&theme=pink")
    assert bad_theme.get_json() == {"error": "theme must be one of light, dark"}
    page = client.get("/_citylinks/snapshot?year=2000&city=Tokyo&country=JP")
    assert page.status_code == 200
    assert page.headers["Content-Disposition"] == 'attachment; filename="citylinks-Paris-2000.html"'


def test_route009_the_routes_are_one_blueprint(dataset, tmp_path):
    app = create_app(data=dataset, imports=store_in(tmp_path))
    rules = {rule.rule: rule.endpoint for rule in app.server.url_map.iter_rules()}
    for route in ("view", "table", "snapshot", "state"):
        assert rules[f"/_citylinks/{route}"] == f"citylinks.{route}"
    assert rules["/_citylinks/import"] == "citylinks.upload"
    without_imports = create_app(data=dataset, imports=False)
    assert "/_citylinks/import" not in {r.rule for r in without_imports.server.url_map.iter_rules()}


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("de-DE,de;q=0.9,en;q=0.5,fr;q=0.4", "en"),
        ("de-CH, fr-CH;q=0.7", "fr"),
        ("en-US,fr", "en"),
        ("fr-ca;q=0.5, EN-gb;q=0.5", "fr"),
        ("FR", "fr"),
        ("es", "en"),
        ("", "en"),
        ("fr;q=0, en;q=0.1", "en"),
        ("fr;q=abc", "en"),
        ("*", "en"),
    ],
)
def test_route010_the_browser_language_from_accept_language(client, header, lang):
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    state = client.get("/_citylinks/state?year=3000", headers={"Accept-Language": header})
    said = state.get_json()["problems"][0]
    assert said.startswith("l’année" if lang == "fr" else "year"), said
