"""Drafts: imports being worked on, not saved. Each is reached by its token only (128 random
bits; nothing lists them to the page), expires `import_hours` after its last change, and is
evicted, oldest change first, when a new or growing draft needs room: drafts' files together
stay within `drafts_bytes`, and at most `imports_kept` drafts are kept, so a stranger filling
the store only pushes out the oldest drafts and a new upload is never refused for want of
room. One draft's files stay within `map_bytes` (StorageError "storage.map_too_large").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, Row

from citylinks.storage.base import DRAFTS_LOCK, StoreBase, sizes_of
from citylinks.storage.engine import advisory_lock
from citylinks.storage.errors import StorageError
from citylinks.storage.ids import clean_name, is_file_name, is_token, new_token
from citylinks.storage.schema import draft_files, drafts

DEFAULT_NAME = "upload"


@dataclass(frozen=True)
class Draft:
    token: str
    name: str  # as the person gave it (shown, never used as a path)
    created: dt.datetime
    updated: dt.datetime
    files: dict[str, bytes]
    size: int  # the files' bytes together


class DraftStore(StoreBase):
    @property
    def draft_ttl(self) -> dt.timedelta:
        return dt.timedelta(hours=self.limits.import_hours)

    def create_draft(self, name: str, files: Mapping[str, bytes]) -> str:
        """Keep a new draft, making room by evicting the oldest drafts; its token."""
        sizes = sizes_of(files)
        size = self.check_files(sizes)
        try:
            kept_name = clean_name(name, self.limits.name_chars)
        except StorageError:
            kept_name = DEFAULT_NAME
        now = self.now()
        token = new_token()
        with self._write() as connection:
            advisory_lock(connection, DRAFTS_LOCK)
            self._expire(connection, now)
            self._evict_for(connection, size, keep=None)
            connection.execute(
                insert(drafts).values(
                    token=token, name=kept_name, created=now, updated=now, size=size
                )
            )
            _write_files(connection, token, files)
        return token

    def draft(self, token: str) -> Draft | None:
        """The draft and all its files, or None (no such draft, or expired)."""
        if not is_token(token):
            return None
        with self._read() as connection:
            row = self._live(connection, token)
            if row is None:
                return None
            files = connection.execute(
                select(draft_files.c.name, draft_files.c.content).where(
                    draft_files.c.token == token
                )
            ).all()
        return Draft(
            token, row.name, row.created, row.updated, {n: bytes(c) for n, c in files}, row.size
        )

    def draft_info(self, token: str) -> tuple[str, dt.datetime] | None:
        """A draft's name and last change, without its files, or None (no such draft)."""
        if not is_token(token):
            return None
        with self._read() as connection:
            row = self._live(connection, token)
        return None if row is None else (str(row.name), row.updated)

    def draft_files(self, token: str, names: list[str]) -> dict[str, bytes] | None:
        """Some of a draft's files (those it has of `names`), or None (no such draft)."""
        if not is_token(token) or not all(is_file_name(n) for n in names):
            return None
        with self._read() as connection:
            if self._live(connection, token) is None:
                return None
            rows = connection.execute(
                select(draft_files.c.name, draft_files.c.content).where(
                    draft_files.c.token == token, draft_files.c.name.in_(names)
                )
            ).all()
        return {name: bytes(content) for name, content in rows}

    def draft_file(self, token: str, name: str) -> bytes | None:
        """One file of a draft, or None (no such draft or file)."""
        if not is_token(token) or not is_file_name(name):
            return None
        with self._read() as connection:
            if self._live(connection, token) is None:
                return None
            content = connection.execute(
                select(draft_files.c.content).where(
                    draft_files.c.token == token, draft_files.c.name == name
                )
            ).scalar()
        return None if content is None else bytes(content)

    def put_draft_files(self, token: str, files: Mapping[str, bytes | None]) -> bool:
        """Add or replace a draft's files (None deletes one); False when there is no such
        draft. Its time to live starts again."""
        if not is_token(token):
            return False
        changes = sizes_of(files)
        now = self.now()
        with self._write() as connection:
            advisory_lock(connection, DRAFTS_LOCK)
            self._expire(connection, now)
            if self._live(connection, token) is None:
                return False
            sizes = dict(
                connection.execute(
                    select(draft_files.c.name, draft_files.c.size).where(
                        draft_files.c.token == token
                    )
                ).all()
            )
            sizes.update(changes)
            for name, content in files.items():
                if content is None:
                    sizes.pop(name, None)
            size = self.check_files(sizes)
            self._evict_for(connection, size, keep=token)
            connection.execute(
                delete(draft_files).where(
                    draft_files.c.token == token, draft_files.c.name.in_(list(files))
                )
            )
            _write_files(connection, token, {n: c for n, c in files.items() if c is not None})
            connection.execute(
                update(drafts).where(drafts.c.token == token).values(updated=now, size=size)
            )
        return True

    def delete_draft(self, token: str) -> bool:
        if not is_token(token):
            return False
        with self._write() as connection:
            return _delete(connection, [token]) > 0

    def expire_drafts(self) -> int:
        """Delete the drafts past their time to live; how many."""
        with self._write() as connection:
            advisory_lock(connection, DRAFTS_LOCK)
            return self._expire(connection, self.now())

    def drafts_usage(self) -> tuple[int, int]:
        """How many drafts are kept, and their files' bytes together."""
        with self._read() as connection:
            count, size = connection.execute(
                select(func.count(), func.coalesce(func.sum(drafts.c.size), 0))
            ).one()
        return int(count), int(size)

    def _live(self, connection: Connection, token: str) -> Row[Any] | None:
        row = connection.execute(select(drafts).where(drafts.c.token == token)).first()
        if row is None or row.updated <= self.now() - self.draft_ttl:
            return None
        return row

    def _expire(self, connection: Connection, now: dt.datetime) -> int:
        old = connection.execute(
            select(drafts.c.token).where(drafts.c.updated <= now - self.draft_ttl)
        ).scalars()
        return _delete(connection, list(old))

    def _evict_for(self, connection: Connection, size: int, keep: str | None) -> None:
        """Evict the drafts changed longest ago (never `keep`) until `size` more bytes and
        one more draft fit."""
        query = select(drafts.c.token, drafts.c.size)
        if keep is not None:
            query = query.where(drafts.c.token != keep)
        others = connection.execute(
            query.order_by(drafts.c.updated, drafts.c.created, drafts.c.token)
        ).all()
        count, total = len(others), sum(row.size for row in others)
        evicted = []
        for row in others:
            if count < self.limits.imports_kept and total + size <= self.limits.drafts_bytes:
                break
            evicted.append(row.token)
            count, total = count - 1, total - row.size
        _delete(connection, evicted)


def _write_files(connection: Connection, token: str, files: Mapping[str, bytes]) -> None:
    rows = [
        {"token": token, "name": name, "size": len(content), "content": content}
        for name, content in files.items()
    ]
    if rows:
        connection.execute(insert(draft_files), rows)


def _delete(connection: Connection, tokens: list[str]) -> int:
    deleted = 0
    for start in range(0, len(tokens), 500):
        chunk = tokens[start : start + 500]
        connection.execute(delete(draft_files).where(draft_files.c.token.in_(chunk)))
        result = connection.execute(delete(drafts).where(drafts.c.token.in_(chunk)))
        deleted += result.rowcount
    return deleted
