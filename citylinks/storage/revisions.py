"""The tables made current (`migrate`, at start-up) and whether they are (`health`, for
/healthz), with Alembic configured in code: its scripts live in citylinks/storage/migrations.

Alembic (about a quarter of a second to import) is imported only when tables are to be made:
a database already current is recognised from its `alembic_version` row and the scripts'
`revision` lines (tests/unit/storage check that this head is Alembic's own).

Several processes may start at once: the migration runs in one transaction that first takes a
lock (a PostgreSQL advisory lock; on SQLite the write lock of `BEGIN IMMEDIATE`), so the first
process migrates and the others then find the tables current.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from citylinks.storage.engine import WRITE, advisory_lock

SCRIPTS = Path(__file__).resolve().parent / "migrations"
MIGRATE_LOCK = 0x43_4C_4D_49  # "CLMI": the advisory lock the migrating process holds
VERSION_TABLE = "alembic_version"  # Alembic's default, which env.py keeps
# A script's own revision and the one it follows, as Alembic's template writes them.
REVISION_LINE = re.compile(r'^revision\s*(?::[^=]*)?=\s*"([^"]+)"', re.MULTILINE)
DOWN_REVISION_LINE = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)

if TYPE_CHECKING:
    from alembic.config import Config


@dataclass(frozen=True)
class Health:
    """Whether the database answers and its tables are those of this code."""

    reachable: bool
    current: str | None  # the database's revision (None: never migrated, or unreachable)
    head: str  # the revision this code needs
    ok: bool


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def head() -> str:
    """The latest revision of the scripts: the one no other script follows."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for script in (SCRIPTS / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revision = REVISION_LINE.search(source)
        if revision is None:
            continue
        revisions.add(revision.group(1))
        down = DOWN_REVISION_LINE.search(source)
        followed.update(re.findall(r'"([^"]+)"', down.group(1)) if down else ())
    heads = revisions - followed
    assert len(heads) == 1, f"the migration scripts have {len(heads)} heads"
    return heads.pop()


def migrate(engine: Engine) -> str:
    """Bring the database's tables to the latest revision; that revision."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            advisory_lock(connection, MIGRATE_LOCK)
            if _current(connection) != head():
                from alembic import command

                command.upgrade(alembic_config(connection), "head")
    return head()


def _current(connection: Connection) -> str | None:
    """The database's revision, as Alembic's `get_current_revision` reads it."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def health(engine: Engine) -> Health:
    """Whether the database is reachable and migrated to this code's revision."""
    try:
        with engine.connect() as connection:
            current = _current(connection)
    except SQLAlchemyError:
        return Health(reachable=False, current=None, head=head(), ok=False)
    return Health(reachable=True, current=current, head=head(), ok=current == head())
