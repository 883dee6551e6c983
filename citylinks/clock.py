"""Today's date, for everything that depends on it (the last year of the slider, dates in
the future, the date an offline page was made). CITYLINKS_TODAY (citylinks/settings.py)
pins it, so that a test or a demonstration gives the same answers on any day."""

from __future__ import annotations

import datetime as dt

from citylinks.settings import pinned_today


def today() -> dt.date:
    return pinned_today() or dt.date.today()
