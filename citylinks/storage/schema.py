"""The store's tables, as the code reads and writes them (the migrations in migrations/versions
make them; tests/unit/storage checks that both agree).

maps        a saved map: id, name, hash of its edit secret, times, revision, size of its files
map_files   its files: `data` (the public data folder) or `private` (what only the editor reads)
drafts      an import being worked on: token, name, times, size of its files
draft_files its files
stories     a saved story (citylinks/model/story.py): id, the map it is for ("main" or a saved
            map's id), title, hash of its edit secret, times, revision, its JSON file and size
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect

DATA = "data"
PRIVATE = "private"
KINDS = (DATA, PRIVATE)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A moment in UTC, read back aware on SQLite (which keeps no time zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


metadata = MetaData()

maps = Table(
    "maps",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("name", Text, nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("created", UTCDateTime, nullable=False),
    Column("updated", UTCDateTime, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("size", BigInteger, nullable=False),
)

map_files = Table(
    "map_files",
    metadata,
    Column("map_id", String(16), ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("name", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

drafts = Table(
    "drafts",
    metadata,
    Column("token", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("created", UTCDateTime, nullable=False),
    Column("updated", UTCDateTime, nullable=False, index=True),
    Column("size", BigInteger, nullable=False),
)

draft_files = Table(
    "draft_files",
    metadata,
    Column("token", String(32), ForeignKey("drafts.token", ondelete="CASCADE"), primary_key=True),
    Column("name", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("map_id", String(16), nullable=False, index=True),  # MAIN_MAP or a saved map's id
    Column("title", Text, nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("created", UTCDateTime, nullable=False),
    Column("updated", UTCDateTime, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("content", LargeBinary, nullable=False),  # the story's JSON file, UTF-8
)
