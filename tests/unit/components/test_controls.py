"""Play/pause logic of the year control, without a browser."""

from __future__ import annotations

from components import ids
from components.controls import _marks, next_play_state

FIRST, LAST = 1956, 2026


def test_ctl001_play_starts_and_pause_stops_where_it_is():
    assert next_play_state(ids.PLAY, 1990, FIRST, LAST, running=False) == (None, True)
    assert next_play_state(ids.PLAY, 1993, FIRST, LAST, running=True) == (None, False)


def test_ctl002_ticks_advance_and_stop_at_the_end():
    assert next_play_state(ids.TICKER, 1990, FIRST, LAST, running=True) == (1991, True)
    assert next_play_state(ids.TICKER, LAST - 1, FIRST, LAST, running=True) == (LAST, False)
    # a tick that arrives after pause changes nothing
    assert next_play_state(ids.TICKER, 1990, FIRST, LAST, running=False) == (None, False)


def test_ctl003_play_at_the_end_starts_again_from_the_first_year():
    assert next_play_state(ids.PLAY, LAST, FIRST, LAST, running=False) == (FIRST, True)


def test_ctl004_slider_marks_every_decade():
    marks = _marks(FIRST, LAST)
    assert list(marks) == [1960, 1970, 1980, 1990, 2000, 2010, 2020]
    assert [label for label in marks.values() if label] == ["1960", "1980", "2000", "2020"]
