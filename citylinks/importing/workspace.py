"""Where an import made in the page is kept while someone works on it: one folder per import,
named by a random token that only that person's browser session knows.

<root>/<token>/source.json      the file as read once, at upload (citylinks/importing/source.py):
                                every later step works on this table, never on the raw file
<root>/<token>/meta.json        its name as uploaded, and when
<root>/<token>/data/            the data folder, once the import is opened as a map

Nothing lists the imports: an import is reached only by its token (128 random bits), so it is
not shared with the other users of the server. The folders are the server's own (0700, files
0600). Imports older than `ttl` are deleted, and at most `limit` are kept.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from citylinks.importing.source import SourceTable
from citylinks.settings import LIMITS, Settings

TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
DEFAULT_ROOT = Settings().imports_dir
DEFAULT_TTL = LIMITS.import_hours * 3600
DEFAULT_LIMIT = LIMITS.imports_kept


class WorkspaceFull(RuntimeError):
    """Too many imports kept at once: the server refuses a new one for now."""


@dataclass(frozen=True)
class Upload:
    token: str
    name: str  # the file's name as uploaded (shown, never used as a path)
    source: SourceTable


def is_token(value: object) -> bool:
    return isinstance(value, str) and bool(TOKEN.match(value))


class ImportStore:
    def __init__(
        self, root: Path = DEFAULT_ROOT, ttl: float = DEFAULT_TTL, limit: int = DEFAULT_LIMIT
    ) -> None:
        self.root = Path(root)
        self.ttl = ttl
        self.limit = limit

    def _folder(self, token: str) -> Path | None:
        if not is_token(token):
            return None
        folder = self.root / token
        return folder if (folder / "meta.json").exists() else None

    def save(self, name: str, source: SourceTable) -> str:
        """Keep an uploaded file, as read; its token."""
        self.clean()
        self.root.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        self.root.chmod(PRIVATE_DIR)
        if sum(1 for _ in self.root.iterdir()) >= self.limit:
            raise WorkspaceFull(f"{self.limit} imports are already kept; try again later")
        token = secrets.token_urlsafe(16)
        folder = self.root / token
        folder.mkdir(mode=PRIVATE_DIR)
        (folder / "data").mkdir(mode=PRIVATE_DIR)
        _write_private(folder / "source.json", source.to_json())
        meta = {"name": Path(name).name[:200] or "upload", "created": time.time()}
        _write_private(folder / "meta.json", json.dumps(meta))
        return token

    def upload(self, token: str) -> Upload | None:
        folder = self._folder(token)
        if folder is None or not (folder / "source.json").exists():
            return None
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        try:
            source = SourceTable.from_json((folder / "source.json").read_text(encoding="utf-8"))
        except (KeyError, TypeError, ValueError):  # kept by an older version: as if expired
            return None
        return Upload(token, meta["name"], source)

    def name(self, token: str) -> str | None:
        """The file's name as uploaded, or None for no such import."""
        folder = self._folder(token)
        if folder is None:
            return None
        return str(json.loads((folder / "meta.json").read_text(encoding="utf-8"))["name"])

    def data_dir(self, token: str) -> Path | None:
        """The import's data folder (it may not be written yet), or None for no such import."""
        folder = self._folder(token)
        return None if folder is None else folder / "data"

    def clean(self, now: float | None = None) -> None:
        """Delete the imports older than the time to live."""
        if not self.root.exists():
            return
        now = time.time() if now is None else now
        for folder in self.root.iterdir():
            meta = folder / "meta.json"
            try:
                created = json.loads(meta.read_text(encoding="utf-8"))["created"]
            except (OSError, ValueError, KeyError):
                created = folder.stat().st_mtime
            if now - created > self.ttl:
                shutil.rmtree(folder, ignore_errors=True)


def _write_private(path: Path, text: str) -> None:
    """A file only the server's account can read, from its first byte."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
