"""The focus's controls read into a view (components/focus.py): the store's period and filters
as the address's parameters, read by the routes' strict parser, and refused when not valid."""

from __future__ import annotations

from citylinks.dataset.loading import load_dataset
from citylinks.model.filters import Filters, Period
from components.focus import focus_params, initial_focus, state_of

DATA = load_dataset()
FIRST, LAST = DATA.first_year, 2026


def test_foc001_the_default_focus_is_the_default_view():
    state = state_of(DATA, FIRST, LAST, 2004, [], "show", initial_focus())
    assert state is not None
    assert state.year == 2004 and state.period == Period() and state.filters.empty


def test_foc002_a_signed_window_moves_with_the_year_and_new_since_stays():
    signed = {**initial_focus(), "time": "signed", "span": 15}
    assert focus_params(signed, 2005)["from"] == ["1990"]
    assert focus_params(signed, 2010)["from"] == ["1995"]
    new = {**initial_focus(), "time": "new", "from": 2015}
    assert focus_params(new, 2020)["from"] == ["2015"]
    assert focus_params(new, 2010)["from"] == ["2010"]  # never after the year
    state = state_of(DATA, FIRST, LAST, 2005, [], "show", signed)
    assert state is not None and state.period == Period("signed", 1990)


def test_foc003_filters_are_read_canonically_and_bad_ones_refused():
    focus = {**initial_focus(), "region": ["419"], "kind": ["twinning"], "topic": ["Heritage"]}
    state = state_of(DATA, FIRST, LAST, 2026, ["c40"], "any", focus)
    assert state is not None
    assert state.filters == Filters.of(kinds=["twinning"], regions=["419"], themes=["heritage"])
    assert state.networks == ("c40",) and state.mode == "any"
    for bad in (
        {**initial_focus(), "region": ["Atlantis"]},
        {**initial_focus(), "time": "sometimes"},
        {**initial_focus(), "kind": ["twinning"] * 500},
    ):
        assert state_of(DATA, FIRST, LAST, 2026, [], "show", bad) is None
    # a store that is not one reads as no focus at all
    default = state_of(DATA, FIRST, LAST, 2026, [], "show", "not a focus")
    assert default is not None and default.filters.empty
    assert state_of(DATA, FIRST, LAST, "2026", [], "show", initial_focus()) is None
    assert state_of(DATA, FIRST, LAST, 2026, "c40", "show", initial_focus()) is None
