"""The server's store, opened the first time it is used rather than at start.

Opening it imports SQLAlchemy (0.3 s, a fifth of a start) and makes the tables current; a
server that is started to show the map needs neither before someone imports a file, saves a
map or a story, or asks /healthz. `LazyStore` stands for the `Store` at a URL: the first
method asked for opens it (once, whichever thread asks first), and every method is the
store's own. gunicorn's master opens it before it forks the workers (web/gunicorn_setup.py),
so that a bad database still stops `make serve` at start and the workers share what it
imported. The URL's kind is checked at once, without SQLAlchemy.

A store that cannot be opened (the database does not answer) is `StorageError`
"storage.unavailable", which the page says in its language; it is tried again at most every
RETRY_SECONDS, so that a database that is down does not hold every request for its connection
timeout in turn.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from citylinks.storage.errors import StorageError
from citylinks.storage.location import check_scheme

if TYPE_CHECKING:
    from citylinks.storage.store import Store

RETRY_SECONDS = 10.0
log = logging.getLogger("citylinks")


class LazyStore:
    """The `Store` at `url`, opened on first use (ValueError now for a kind of database that
    CityLinks does not use)."""

    def __init__(self, url: str, clock: Any = time.monotonic) -> None:
        check_scheme(url)
        self.url = url
        self._clock = clock
        self._store: Store | None = None
        self._failed_at: float | None = None
        self._opening = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def open(self) -> Store:
        """The store, opened now if it was not (its tables made current); StorageError
        "storage.unavailable" when it cannot be, or could not be less than RETRY_SECONDS ago."""
        store = self._store
        if store is not None:
            return store
        with self._opening:
            if self._store is None:
                failed_at = self._failed_at
                if failed_at is not None and self._clock() - failed_at < RETRY_SECONDS:
                    raise StorageError("storage.unavailable")
                self._store = self._open_now()
            return self._store

    def _open_now(self) -> Store:
        from citylinks.storage.store import open_store

        try:
            return open_store(self.url)
        except Exception as err:  # whatever the database or its driver raises: said, kept
            self._failed_at = self._clock()
            log.error("CityLinks: the store cannot be opened: %s", err)
            raise StorageError("storage.unavailable") from err

    def __getattr__(self, name: str) -> Any:
        # Only for what this class does not define: the store's public methods and attributes
        # (a private or special name is never the store's: not opened for it).
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.open(), name)
