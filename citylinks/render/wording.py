"""What the map, the table and the details panel call things, in one language: city and
country names, agreement types, the "signed on" line, what the data covers, and the HTML
escaping of the data's texts before they reach plotly (whose hover labels and annotations
understand a few HTML tags, so a name must never be read as one).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import numpy as np
import pandas as pd

from citylinks.dataset.loading import Home
from citylinks.dataset.schemas import AGREEMENT_TYPES
from citylinks.i18n.catalogue import Texts
from citylinks.render.styles import OTHER_GROUP


def escape_html(value: object) -> str:
    """A data value as HTML text for plotly ("" for a missing value)."""
    return (
        ""
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else html.escape(str(value))
    )


def escaped_array(values: Iterable[object]) -> np.ndarray:
    """The values as HTML text, in an object array (indexed by row numbers per view)."""
    return np.array([escape_html(v) for v in values], dtype=object)


def agreement_label(t: Texts, agreement: str) -> str:
    """ "Twinning", "Friendship and cooperation agreement"; an unknown type as it is."""
    key = f"agreement.{agreement}"
    return t(key) if agreement in AGREEMENT_TYPES else str(agreement)


def group_label(t: Texts, group: str) -> str:
    """The legend's name of a group of agreement types (render/styles.py's AGREEMENT_STYLE)."""
    return t("agreement.group.other") if group == OTHER_GROUP else agreement_label(t, group)


def signed_text(t: Texts, agreement: str, date_signed: object, year: object) -> str:
    """ "Twinning, signed 30 January 1956" (or "signed 1958" when only the year is known)."""
    label = agreement_label(t, agreement)
    if isinstance(date_signed, str) and date_signed.count("-") == 2:
        return t(
            "agreement.signed_on",
            agreement=label,
            of_date=t.of_date(date_signed),
        )
    known = date_signed if isinstance(date_signed, str) and date_signed else year
    return t(
        "agreement.signed_in",
        agreement=label,
        of_date=t.of_date(str(known)),
    )


def city_names(t: Texts, frame: pd.DataFrame) -> list[str]:
    """The rows' city names in the language (French names from `city_fr`)."""
    french = frame["city_fr"] if "city_fr" in frame.columns else [None] * len(frame)
    return [t.pick(city, fr) for city, fr in zip(frame["city"], french, strict=True)]


def country_names(t: Texts, frame: pd.DataFrame) -> list[str]:
    """The rows' country names in the language (the data's own name as a fallback)."""
    given = frame["country"] if "country" in frame.columns else [""] * len(frame)
    return [t.country(code, name) for code, name in zip(frame["country_code"], given, strict=True)]


def coverage_text(home: Home, t: Texts) -> str:
    """What the data covers and the day it was checked, as home.csv says ("" when it says
    nothing): the page shows it beside the timeline, the offline page in its footer."""
    coverage = t.pick(home.coverage, home.coverage_fr)
    if not coverage or not home.checked:
        return coverage
    return t("coverage.note", date=t.date(home.checked), coverage=coverage)
