"""Views as links: query strings read and written, and what happens to bad or stale ones."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import replace

import pytest

from citylinks.model.viewstate import ViewState, parse_args, parse_query, to_query

NETWORKS = ["uclg", "aimf", "c40"]
FIRST, LAST = 1956, 2026


def parse(query: str) -> ViewState:
    return parse_query(query, NETWORKS, FIRST, LAST)


def test_url001_empty_query_is_the_default_view():
    state = parse("")
    assert state == ViewState(year=LAST)
    assert state.problems == ()
    assert to_query(state, LAST) == ""


def test_url002_round_trip():
    state = ViewState(
        year=1997,
        networks=("uclg", "c40"),
        mode="any",
        city="São Paulo",
        country_code="BR",
        present=True,
    )
    query = to_query(state, LAST)
    assert query == (
        "?year=1997&network=uclg&network=c40&mode=any&city=S%C3%A3o+Paulo&country=BR&present=1"
    )
    assert parse(query) == state
    assert parse(query).problems == ()


def test_url003_networks_keep_the_data_order_without_repeats():
    assert parse("?network=c40&network=uclg&network=c40").networks == ("uclg", "c40")


@pytest.mark.parametrize(
    ("query", "expected", "problem"),
    [
        ("?year=1900", ViewState(year=LAST), "year '1900' is not a year from 1956 to 2026"),
        ("?year=abc", ViewState(year=LAST), "year 'abc' is not a year from 1956 to 2026"),
        (
            "?year=2000&network=nato&network=c40",
            ViewState(year=2000, networks=("c40",)),
            "network 'nato' is not in this map's data",
        ),
        ("?mode=some", ViewState(year=LAST), "mode 'some' is not one of show, any, all"),
        ("?city=Tokyo", ViewState(year=LAST), "city needs a name and a two-letter country code"),
        ("?present=yes", ViewState(year=LAST), "present 'yes' should be 1 or 0"),
        ("?zoom=3", ViewState(year=LAST), "'zoom' is not a setting of this page"),
        ("?year=1990&year=1991", ViewState(year=1990), "year was given 2 times"),
    ],
)
def test_url004_bad_or_stale_parameters_fall_back_and_say_so(query, expected, problem):
    state = parse(query)
    assert state == expected
    assert len(state.problems) == 1
    assert state.problems[0].startswith(problem)


def strict(query: str) -> ViewState:
    return parse_args(urllib.parse.parse_qs(query, keep_blank_values=True), NETWORKS, FIRST, LAST)


def test_url005_the_routes_read_the_same_names_strictly():
    state = strict("year=1997&network=c40&network=uclg&mode=any&city=Tokyo&country=JP")
    assert state == ViewState(
        year=1997, networks=("uclg", "c40"), mode="any", city="Tokyo", country_code="JP", lang="en"
    )
    assert state.selected == {"city": "Tokyo", "country_code": "JP"}
    # the routes' former name of `country` is still taken
    assert strict("year=1997&city=Tokyo&country_code=JP") == replace(
        state, networks=(), mode="show"
    )
    assert strict("year=2000&lang=fr").lang == "fr"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", f"year must be a whole number from {FIRST} to {LAST}"),
        ("year=2000&network=nato", "unknown network id: 'nato'"),
        ("year=2000&mode=some", "mode must be one of show, any, all"),
        (
            "year=2000&city=Tokyo&country=JPN",
            "city must be a name of up to 200 characters, country_code 2 letters",
        ),
        ("year=2000&lang=de", "lang must be one of en, fr"),
    ],
)
def test_url006_strict_reading_says_the_first_thing_wrong(query, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        strict(query)


def test_url007_what_is_written_is_read_back_the_same_both_ways():
    state = ViewState(year=1997, networks=("aimf",), mode="all", city="Lomé", country_code="TG")
    query = to_query(state, LAST)
    assert parse(query) == state
    assert strict(query.lstrip("?")) == replace(state, lang="en")
