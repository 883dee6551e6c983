"""What every part of the store shares: the engine, the limits, the clock, and transactions
(a read sees one state of the database; a write takes the write lock first, see engine.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from citylinks.settings import LIMITS, Limits
from citylinks.storage.engine import WRITE
from citylinks.storage.errors import StorageError, megabytes
from citylinks.storage.ids import check_file_names

NO_FILES: Mapping[str, bytes] = MappingProxyType({})
# The PostgreSQL advisory locks that keep two processes from counting room at once.
DRAFTS_LOCK = 0x43_4C_44_52  # "CLDR"
MAPS_LOCK = 0x43_4C_4D_41  # "CLMA"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StoreBase:
    def __init__(
        self,
        engine: Engine,
        limits: Limits = LIMITS,
        now: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.engine = engine
        self.limits = limits
        self._now = now

    def now(self) -> dt.datetime:
        return self._now().astimezone(dt.UTC)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            connection.execution_options(**{WRITE: True})
            with connection.begin():
                yield connection

    @property
    def file_limit(self) -> int:
        """The most bytes one map's or draft's files may take together."""
        return min(self.limits.map_bytes, self.limits.drafts_bytes, self.limits.maps_bytes)

    def check_files(self, sizes: Mapping[str, int]) -> int:
        """Check the files' names, and their number and size together; their size."""
        check_file_names(list(sizes))
        return self.check_budget(len(sizes), sum(sizes.values()))

    def check_budget(self, count: int, size: int) -> int:
        """Refuse a map or draft of more files, or more bytes, than one may have; its size."""
        if count > self.limits.map_files:
            raise StorageError("storage.too_many_files", files=count, limit=self.limits.map_files)
        if size > self.file_limit:
            raise StorageError(
                "storage.map_too_large",
                size_mb=megabytes(size),
                limit_mb=megabytes(self.file_limit),
            )
        return size


def sizes_of(files: Mapping[str, bytes | None]) -> dict[str, int]:
    """Each file's size (0 for None: a file to delete); TypeError for contents not bytes."""
    sizes = {}
    for name, content in files.items():
        if content is not None and not isinstance(content, bytes):
            raise TypeError(f"the content of {name!r} is {type(content).__name__}, not bytes")
        sizes[name] = 0 if content is None else len(content)
    return sizes
