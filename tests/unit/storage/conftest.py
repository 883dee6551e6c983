"""The store's fixtures: every test that asks for `database_url` (or `engine`, `store`) runs
twice, on a SQLite file and on a real PostgreSQL server (`postgres_url`: tests/postgres.py,
a throwaway cluster; never skipped, never a mock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine

from citylinks.settings import LIMITS, Limits
from citylinks.storage import Store, make_engine, migrate

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store' / 'citylinks.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """An empty database of each kind."""
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


class Clock:
    """The store's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def small_limits(**values: int) -> Limits:
    return replace(LIMITS, **values)


@pytest.fixture
def store(engine: Engine, clock: Clock) -> Store:
    migrate(engine)
    return Store(engine, LIMITS, now=clock)
