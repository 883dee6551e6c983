"""A dataset's rows by city, for the details panel (citylinks/model/details.py): where each
city's rows are in the partners, memberships and events tables, found once per explorer, and
the values of a few rows as plain Python records.

A click on a city used to filter each table with a comparison over every row, and read the
rows found with pandas' `itertuples` and `iloc`: about 10 ms a city with the bundled data,
nearly all of it pandas' own overhead on the tables' string and nullable columns. Looking the
city up in a dict and reading only its rows' columns costs a fraction of a millisecond.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from citylinks.model.explorer import Explorer

Key = tuple[str, str]  # (city, country code), as the tables write them
Record = dict[str, Any]


@dataclass(frozen=True)
class CityRows:
    """The positions of one city's rows in each table, in the tables' order."""

    partners: tuple[int, ...] = ()
    memberships: tuple[int, ...] = ()
    events: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.partners or self.memberships or self.events)


NO_ROWS = CityRows()
TABLES = ("partners", "memberships", "events", "instruments", "networks")
# Where an explorer keeps its index once built (in its own __dict__, as filters.py's
# `filter_index` does: the index goes with the explorer).
_KEPT_AS = "_citylinks_city_rows"


class CityIndex:
    """A dataset's rows by city, and its tables' columns as pandas arrays (pandas 3 makes a
    new Series at each `frame[column]`: ~40 µs, more than reading a city's values)."""

    def __init__(self, explorer: Explorer) -> None:
        data = explorer.data
        self._tables: dict[str, pd.DataFrame] = {name: getattr(data, name) for name in TABLES}
        partners, memberships, events = (
            _positions(self._tables[name]) for name in ("partners", "memberships", "events")
        )
        self._rows = {
            key: CityRows(
                tuple(partners.get(key, ())),
                tuple(memberships.get(key, ())),
                tuple(events.get(key, ())),
            )
            for key in {*partners, *memberships, *events}
        }
        # (table, column) -> the column's values; filled as columns are asked for (a
        # column's array is the table's own, not a copy)
        self._arrays: dict[tuple[str, str], Any] = {}

    def rows(self, city: str, country_code: str) -> CityRows:
        """Where the rows of (`city`, `country_code`) are (NO_ROWS: in no table)."""
        return self._rows.get((city, country_code), NO_ROWS)

    def column(self, table: str, column: str) -> Any:
        """A table's column as its pandas array."""
        key = (table, column)
        array = self._arrays.get(key)
        if array is None:
            array = self._arrays[key] = self._tables[table][column].array
        return array

    def records(self, table: str, positions: Sequence[int], columns: Sequence[str]) -> list[Record]:
        """The rows at `positions` as dicts of the `columns` given (pandas' values: pd.NA
        where a value is missing, as `itertuples` gives them), read an item at a time."""
        arrays = [self.column(table, column) for column in columns]
        return [
            {column: array[position] for column, array in zip(columns, arrays, strict=True)}
            for position in positions
        ]


def _positions(frame: pd.DataFrame) -> dict[Key, list[int]]:
    found: dict[Key, list[int]] = {}
    if frame.empty:
        return found
    keys = zip(frame["city"].tolist(), frame["country_code"].tolist(), strict=True)
    for position, key in enumerate(keys):
        found.setdefault(key, []).append(position)
    return found


def city_index(explorer: Explorer) -> CityIndex:
    """The explorer's `CityIndex`, built on first use and kept with the explorer."""
    index = explorer.__dict__.get(_KEPT_AS)
    if index is None:
        index = explorer.__dict__[_KEPT_AS] = CityIndex(explorer)
    return index
