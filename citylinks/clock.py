"""Today's date, for everything that depends on it (the last year of the slider, dates in
the future, the date an offline page was made). `CITYLINKS_TODAY=YYYY-MM-DD` pins it, so
that a test or a demonstration gives the same answers on any day."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    pinned = os.environ.get("CITYLINKS_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()
