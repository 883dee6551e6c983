"""Where an import made in the page is kept while someone works on it: a draft of the store
(citylinks/storage), reached by a random token that only that person's browser session knows.

A draft holds `source.json`, the file as read once at upload (citylinks/importing/source.py):
every later step works on this table, never on the raw file; and, once the import is shown
on the map, its data folder's files (partners.csv, home.csv, …), which /imported/<token>/
serves (web/served_maps.py). Drafts expire a day after their last change and the oldest are
evicted first when the store needs room (citylinks/storage/drafts.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from citylinks.dataset.loading import DATA_FILES
from citylinks.importing.folder import REJECTED
from citylinks.importing.source import SourceTable
from citylinks.settings import Settings
from citylinks.storage import LazyStore, StorageError, is_token, settings_url

if TYPE_CHECKING:
    from citylinks.storage import Store

SOURCE_FILE = "source.json"
IMPORT_FILES = (*DATA_FILES, REJECTED)  # what "Show on the map" writes

__all__ = [
    "SOURCE_FILE",
    "ImportStore",
    "Upload",
    "WorkspaceFull",
    "is_token",
    "store_in",
    "store_of",
    "token_of",
]


def token_of(upload_state: object) -> str | None:
    """The import's token as the page keeps it ({"token": …}, set after the upload), checked."""
    token = upload_state.get("token") if isinstance(upload_state, dict) else None
    return token if is_token(token) else None


class WorkspaceFull(RuntimeError):
    """The store cannot keep this import (too large for a draft)."""


@dataclass(frozen=True)
class Upload:
    token: str
    name: str  # the file's name as uploaded (shown, never used as a path)
    source: SourceTable


class ImportStore:
    """The page's imports, as drafts of `store`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def save(self, name: str, source: SourceTable) -> str:
        """Keep an uploaded file, as read; its token."""
        try:
            return self.store.create_draft(name, {SOURCE_FILE: source.to_json().encode()})
        except StorageError as err:
            raise WorkspaceFull(str(err)) from err

    def upload(self, token: str) -> Upload | None:
        found = self.store.draft_info(token)
        content = self.store.draft_file(token, SOURCE_FILE) if found else None
        if found is None or content is None:
            return None
        try:
            source = SourceTable.from_json(content.decode("utf-8"))
        except (KeyError, TypeError, ValueError):  # kept by an older version: as if expired
            return None
        return Upload(token, found[0], source)

    def name(self, token: str) -> str | None:
        """The file's name as uploaded, or None for no such import."""
        found = self.store.draft_info(token)
        return None if found is None else found[0]

    def put_data(self, token: str, files: dict[str, bytes]) -> bool:
        """The import's data folder, replacing the one shown before; False when the import
        has expired."""
        replaced: dict[str, bytes | None] = dict.fromkeys(IMPORT_FILES)
        replaced.update(files)
        try:
            return self.store.put_draft_files(token, replaced)
        except StorageError as err:
            raise WorkspaceFull(str(err)) from err

    def data_files(self, token: str) -> dict[str, bytes] | None:
        """The import's data folder's files (empty before it is shown on the map), or None."""
        return self.store.draft_files(token, list(IMPORT_FILES))


def store_of(settings: Settings) -> ImportStore:
    """The imports of the database the settings name (SQLite in the state directory unless
    CITYLINKS_DATABASE_URL says otherwise), opened and migrated on first use (ValueError now
    for a kind of database CityLinks does not use)."""
    # A LazyStore answers every Store method as the store it opens (citylinks/storage/lazy.py).
    return ImportStore(cast("Store", LazyStore(settings_url(settings))))


def store_in(folder: Path) -> ImportStore:
    """The imports of a SQLite database in `folder` (created 0700): for tests and one-off
    servers."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    from citylinks.storage import open_store

    return ImportStore(open_store(f"sqlite:///{folder / 'citylinks.sqlite3'}"))
