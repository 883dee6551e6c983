"""What each data file must contain: its columns, their types and the rules their values follow.

The README's "Data files" section describes the same columns for people; keep them in step.
"""

from __future__ import annotations

import pandas as pd

from citylinks.dataset.csvfile import (
    Col,
    RowRule,
    TableSpec,
    at_least,
    at_most,
    between,
    matching,
    one_of,
    row_rule,
    value_check,
)
from citylinks.geo.countries import country_codes

# The kinds of instrument a city signs with a partner: a partner's first one (partners.csv's
# `agreement`) and every later one (instruments.csv's `kind`).
AGREEMENT_TYPES = (
    "twinning",
    "friendship_cooperation",
    "cooperation_agreement",
    "administrative_convention",
    "memorandum",
    "letter_of_intent",
    "declaration",
    "programme",
)
# What a later instrument does to an earlier one (see citylinks/dataset/instruments.py).
INSTRUMENT_ACTIONS = ("renews", "replaces", "updates", "adds")
NETWORK_KINDS = ("network", "programme", "summit")
CONFIDENCE = ("verified", "unverified")
# How sure an agreement is: on the city's own list, confirmed by several pages, or by one.
AGREEMENT_CONFIDENCE = ("official_list", "several_pages", "one_page")
EARLIEST_YEAR = 1000
MAX_TERM_YEARS = 30  # how far ahead an agreement's known end may lie


def _year(current_year: int, *, nullable: bool = True, optional: bool = False) -> Col:
    checks = (
        value_check("year.future", at_most(current_year), latest=current_year),
        value_check("year.too_early", at_least(EARLIEST_YEAR), earliest=EARLIEST_YEAR),
    )
    return Col("int", nullable=nullable, optional=optional, checks=checks)


def _country_code() -> Col:
    check = value_check("country_code.unknown", one_of(country_codes()))
    return Col(nullable=False, checks=(check,))


def _coordinates(require: bool) -> dict[str, Col]:
    lat = value_check("latitude.out_of_range", between(-90, 90))
    lon = value_check("longitude.out_of_range", between(-180, 180))
    return {
        "lat": Col("float", nullable=not require, checks=(lat,)),
        "lon": Col("float", nullable=not require, checks=(lon,)),
        "coord_source": Col(optional=True),
    }


def _date_year_differs(date_column: str, year_column: str) -> RowRule:
    def bad(df: pd.DataFrame) -> pd.Series:
        years = pd.to_numeric(df[date_column].str.slice(0, 4), errors="coerce").astype("Int64")
        return df[date_column].notna() & df[year_column].notna() & (years != df[year_column])

    return row_rule(date_column, "date.not_in_year", bad, column=year_column)


def _missing_coordinates(require: bool) -> tuple[RowRule, ...]:
    """Without `require`, a row needs both coordinates or neither (the geocoder fills both)."""
    if require:
        return ()
    return (
        RowRule(
            "lon",
            "coordinates.no_longitude",
            lambda df: df["lat"].notna() & df["lon"].isna(),
        ),
        RowRule(
            "lat",
            "coordinates.no_latitude",
            lambda df: df["lon"].notna() & df["lat"].isna(),
        ),
    )


def _named_place(require_coordinates: bool) -> dict[str, Col]:
    """The columns that name and place a city, its country included (home and partners)."""
    return {
        "city": Col(nullable=False),
        "city_fr": Col(optional=True),
        "country": Col(nullable=False),
        "country_code": _country_code(),
        **_coordinates(require_coordinates),
    }


def home_spec(require_coordinates: bool = True) -> TableSpec:
    return TableSpec(
        columns={
            **_named_place(require_coordinates),
            "source": Col(nullable=False),
            # What the data covers, said on the page, and the day it was last checked.
            "coverage": Col(optional=True),
            "coverage_fr": Col(optional=True),
            "checked": Col("date", optional=True),
        },
        rules=_missing_coordinates(require_coordinates),
    )


def sources_spec() -> TableSpec:
    """sources.csv: a readable title for a source the other files name by a path or label."""
    return TableSpec(
        columns={
            "id": Col(nullable=False),
            "title": Col(nullable=False),
            "title_fr": Col(optional=True),
        },
        unique=("id",),
    )


def _agreement_kind() -> Col:
    kinds = ", ".join(AGREEMENT_TYPES)
    return Col(
        nullable=False,
        checks=(value_check("agreement.unknown", one_of(AGREEMENT_TYPES), kinds=kinds),),
    )


def _agreement_confidence(*, optional: bool) -> Col:
    levels = ", ".join(AGREEMENT_CONFIDENCE)
    check = value_check("confidence.unknown_level", one_of(AGREEMENT_CONFIDENCE), levels=levels)
    return Col(nullable=optional, optional=optional, checks=(check,))


def partners_spec(current_year: int, require_coordinates: bool = True) -> TableSpec:
    return TableSpec(
        columns={
            **_named_place(require_coordinates),
            "year": _year(current_year, nullable=False),
            "date_signed": Col("date", optional=True),
            "agreement": _agreement_kind(),
            "ended": _year(current_year, optional=True),
            "themes": Col(optional=True),
            "themes_fr": Col(optional=True),
            "notes": Col(optional=True),
            "notes_fr": Col(optional=True),
            "source": Col(nullable=False),
            "confidence": _agreement_confidence(optional=True),
        },
        unique=("city", "country_code"),
        rules=(
            RowRule("ended", "ended.before_signed", _ended_before_signed),
            _date_year_differs("date_signed", "year"),
            *_missing_coordinates(require_coordinates),
        ),
    )


def _ended_before_signed(df: pd.DataFrame) -> pd.Series:
    return df["ended"].notna() & (df["ended"] < df["year"])


def instruments_spec(current_year: int) -> TableSpec:
    """instruments.csv: a partner's later instruments (renewals, replacements, updates, further
    agreements), one row each; the partner's first one is its row of partners.csv. The
    checks that need partners.csv (a known partner, not before its first agreement, what a
    row refers to) are in citylinks/dataset/instruments.py."""
    actions = ", ".join(INSTRUMENT_ACTIONS)
    action = value_check("instrument.unknown_action", one_of(INSTRUMENT_ACTIONS), actions=actions)

    def ended_before(df: pd.DataFrame) -> pd.Series:
        return df["ended"].notna() & (df["ended"] < _date_years(df["date"]))

    return TableSpec(
        columns={
            "city": Col(nullable=False),
            "country_code": _country_code(),
            "date": Col("date", nullable=False),
            "kind": _agreement_kind(),
            "action": Col(nullable=False, checks=(action,)),
            "refers_to": Col(optional=True),
            # An agreement for a term may end after this year (a 2023–2026 protocol ends 2027).
            "ended": _year(current_year + MAX_TERM_YEARS, optional=True),
            "themes": Col(optional=True),
            "themes_fr": Col(optional=True),
            "signatories": Col(optional=True),
            "confidence": _agreement_confidence(optional=False),
            "notes": Col(optional=True),
            "notes_fr": Col(optional=True),
            "source": Col(nullable=False),
        },
        unique=("city", "country_code", "date", "kind"),
        rules=(
            _future_date("date", current_year),
            RowRule("ended", "ended.before_signed", ended_before),
        ),
    )


def _date_years(dates: pd.Series) -> pd.Series:
    """The year of each (partial) date."""
    return pd.to_numeric(dates.str.slice(0, 4), errors="coerce")


def _future_date(column: str, current_year: int) -> RowRule:
    """A date (YYYY, YYYY-MM or YYYY-MM-DD) in a year after this one."""
    return row_rule(
        column,
        "date.future",
        lambda df: _date_years(df[column]) > current_year,
        latest=current_year,
    )


def networks_spec(current_year: int) -> TableSpec:
    kind = value_check(
        "network.unknown_kind", one_of(NETWORK_KINDS), kinds=", ".join(NETWORK_KINDS)
    )
    ident = value_check("network.bad_id", matching(r"^[a-z0-9][a-z0-9_-]*$"))
    return TableSpec(
        columns={
            "id": Col(nullable=False, checks=(ident,)),
            "name": Col(nullable=False),
            "name_fr": Col(optional=True),
            "acronym": Col(nullable=False),
            "acronym_fr": Col(optional=True),
            "kind": Col(nullable=False, checks=(kind,)),
            "founded_year": _year(current_year),
            "ended_year": _year(current_year, optional=True),
            "founded_place": Col(optional=True),
            "seat": Col(optional=True),
            "members": Col(optional=True),
            "members_as_of": Col(optional=True),
            "home_role": Col(optional=True),
            "website": Col(optional=True),
            "source": Col(nullable=False),
        },
        unique=("id",),
        rules=(
            row_rule(
                "ended_year",
                "year.before_column",
                lambda df: (
                    df["ended_year"].notna()
                    & df["founded_year"].notna()
                    & (df["ended_year"] < df["founded_year"])
                ),
                column="founded_year",
            ),
        ),
    )


def memberships_spec(
    current_year: int, network_ids: list[str], require_coordinates: bool = True
) -> TableSpec:
    known = value_check(
        "network_id.unknown_listed", one_of(network_ids), ids=", ".join(network_ids)
    )
    confidence = value_check("confidence.unknown", one_of(CONFIDENCE))
    return TableSpec(
        columns={
            "network_id": Col(nullable=False, checks=(known,)),
            "city": Col(nullable=False),
            "city_fr": Col(optional=True),
            "country_code": _country_code(),
            **_coordinates(require_coordinates),
            "geocode_as": Col(optional=True),
            "since": _year(current_year),
            "until": _year(current_year),
            "last_seen": _year(current_year, optional=True),
            "confidence": Col(nullable=False, checks=(confidence,)),
            "note": Col(optional=True),
            "note_fr": Col(optional=True),
            "source": Col(nullable=False),
        },
        unique=("network_id", "city", "country_code"),
        rules=(
            row_rule(
                "until",
                "year.before_column",
                lambda df: df["until"].notna() & df["since"].notna() & (df["until"] < df["since"]),
                column="since",
            ),
            *_missing_coordinates(require_coordinates),
        ),
    )


def events_spec(
    current_year: int, network_ids: list[str], require_coordinates: bool = True
) -> TableSpec:
    known = value_check("network_id.unknown", one_of(network_ids))
    confidence = value_check("confidence.unknown", one_of(CONFIDENCE))

    return TableSpec(
        columns={
            "date": Col("date", nullable=False),
            "title": Col(nullable=False),
            "title_fr": Col(optional=True),
            "city": Col(nullable=False),
            "country_code": _country_code(),
            **_coordinates(require_coordinates),
            "network_id": Col(checks=(known,)),
            "confidence": Col(nullable=False, checks=(confidence,)),
            "source": Col(nullable=False),
        },
        rules=(
            _future_date("date", current_year),
            *_missing_coordinates(require_coordinates),
        ),
    )
