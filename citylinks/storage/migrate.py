"""The tables made current (`migrate`, at start-up) and whether they are (`health`, for
/healthz), with Alembic configured in code: its scripts live in citylinks/storage/migrations.

Several processes may start at once: the migration runs in one transaction that first takes a
lock (a PostgreSQL advisory lock; on SQLite the write lock of `BEGIN IMMEDIATE`), so the first
process migrates and the others then find the tables current.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from citylinks.storage.engine import WRITE, advisory_lock

SCRIPTS = Path(__file__).resolve().parent / "migrations"
MIGRATE_LOCK = 0x43_4C_4D_49  # "CLMI": the advisory lock the migrating process holds


@dataclass(frozen=True)
class Health:
    """Whether the database answers and its tables are those of this code."""

    reachable: bool
    current: str | None  # the database's revision (None: never migrated, or unreachable)
    head: str  # the revision this code needs
    ok: bool


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def head() -> str:
    """The latest revision of the scripts."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None, "no migration script"
    return revision


def migrate(engine: Engine) -> str:
    """Bring the database's tables to the latest revision; that revision."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            advisory_lock(connection, MIGRATE_LOCK)
            if _current(connection) != head():
                command.upgrade(alembic_config(connection), "head")
    return head()


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def health(engine: Engine) -> Health:
    """Whether the database is reachable and migrated to this code's revision."""
    try:
        with engine.connect() as connection:
            current = _current(connection)
    except SQLAlchemyError:
        return Health(reachable=False, current=None, head=head(), ok=False)
    return Health(reachable=True, current=current, head=head(), ok=current == head())
