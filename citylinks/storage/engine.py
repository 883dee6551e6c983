"""The database connection: an engine made for CityLinks' use of the database at a URL (which
database the settings name: location.py).

SQLite (the default: one file in the state directory) is opened in WAL mode with a busy
timeout and foreign keys on, so that several server processes share the file: readers never
wait, and a writer waits its turn (`BEGIN IMMEDIATE`, asked for by `WRITE`) instead of failing.
PostgreSQL (`postgresql://…`, for several instances on several hosts) goes through psycopg 3,
its connections checked before use.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, Connection, make_url

from citylinks.storage.location import PRIVATE_DIR, check_scheme

BUSY_SECONDS = 5.0  # how long a SQLite writer waits for another's transaction to end
CONNECT_SECONDS = 5  # how long a PostgreSQL connection may take to open
PRIVATE_FILE = 0o600
# An execution option: the transaction writes (SQLite begins it IMMEDIATE, taking the write
# lock at once, so that it never fails half-way because another process wrote meanwhile).
WRITE = "citylinks_write"


def normalise_url(url: str | URL) -> URL:
    """The URL with its driver: `postgresql://` and `postgres://` mean psycopg 3."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL) -> Engine:
    """An engine for the database at `url` (SQLite or PostgreSQL), safe across fork: a child
    process (a gunicorn worker forked from the master that loaded the app) opens connections
    of its own instead of sharing its parent's."""
    engine = _engine(normalise_url(url))
    reference = weakref.ref(engine)

    def _forget_parent_connections() -> None:
        forked = reference()
        if forked is not None:
            forked.dispose(close=False)

    os.register_at_fork(after_in_child=_forget_parent_connections)
    return engine


def _engine(parsed: URL) -> Engine:
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        return create_engine(
            parsed,
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=10,
            pool_recycle=1800,
            connect_args={"connect_timeout": CONNECT_SECONDS},
        )
    check_scheme(parsed.drivername)  # says which, and why
    raise ValueError(f"unsupported database {parsed.drivername!r}")


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        path = Path(url.database).expanduser()
        path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        # The file only the server's account can read, from its first byte (SQLite gives its
        # -wal and -shm files the same permissions).
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE))
    engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own BEGIN is off: the "begin" event below says how each transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def advisory_lock(connection: Connection, key: int) -> None:
    """On PostgreSQL, wait for and hold `key` until the transaction ends; on SQLite the
    transaction (begun IMMEDIATE) already holds the one write lock."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
