"""The server's store, opened the first time it is used rather than at start.

Opening it imports SQLAlchemy (0.3 s, a fifth of a start) and makes the tables current; a
server that is started to show the map needs neither before someone imports a file, saves a
map or a story, or asks /healthz. `LazyStore` stands for the `Store` at a URL: the first
method asked for opens it (once, whichever thread asks first), and every method is the
store's own. gunicorn's master opens it before it forks the workers (web/gunicorn_setup.py),
so that a bad database still stops `make serve` at start and the workers share what it
imported. The URL's kind is checked at once, without SQLAlchemy.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from citylinks.storage.location import check_scheme

if TYPE_CHECKING:
    from citylinks.storage.store import Store


class LazyStore:
    """The `Store` at `url`, opened on first use (ValueError now for a kind of database that
    CityLinks does not use)."""

    def __init__(self, url: str) -> None:
        check_scheme(url)
        self.url = url
        self._store: Store | None = None
        self._opening = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def open(self) -> Store:
        """The store, opened now if it was not (its tables made current)."""
        store = self._store
        if store is None:
            with self._opening:
                if self._store is None:
                    from citylinks.storage.store import open_store

                    self._store = open_store(self.url)
                store = self._store
        return store

    def __getattr__(self, name: str) -> Any:
        # Only for what this class does not define: the store's methods and attributes.
        if name.startswith("__") or name in ("url", "_store", "_opening"):
            raise AttributeError(name)
        return getattr(self.open(), name)
