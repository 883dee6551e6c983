"""Saved maps: they never expire. A map has a public id (its view link) and an edit secret
(its edit link), given once when it is saved and kept only as a hash: whoever holds it may
read the map's private files (the upload, its column mapping, the rejected rows), replace,
rename or delete it; the id alone reads only the data files. Saved maps' files together stay
within `maps_bytes`: a map that does not fit is refused ("storage.maps_full"), no saved map is
ever evicted; one map's files stay within `map_bytes`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from citylinks.storage.base import MAPS_LOCK, NO_FILES, StoreBase, sizes_of
from citylinks.storage.engine import advisory_lock
from citylinks.storage.errors import StorageError, megabytes
from citylinks.storage.ids import (
    check_file_names,
    clean_name,
    hash_secret,
    is_file_name,
    is_map_id,
    new_map_id,
    new_secret,
    secret_matches,
)
from citylinks.storage.schema import DATA, PRIVATE, map_files, maps

# What a map's information reads (never its secret's hash, nor its files).
INFO = (maps.c.id, maps.c.name, maps.c.created, maps.c.updated, maps.c.revision, maps.c.size)


@dataclass(frozen=True)
class SavedMap:
    """A map just saved: its id, and its edit secret (shown once, kept only hashed)."""

    id: str
    edit_secret: str


@dataclass(frozen=True)
class MapInfo:
    id: str
    name: str
    created: dt.datetime
    updated: dt.datetime
    revision: int  # 1 when saved, one more at each change
    size: int  # its files' bytes together, private ones included


@dataclass(frozen=True)
class MapData:
    info: MapInfo
    files: dict[str, bytes]  # the data folder's files, by name


def info_of(row: Any) -> MapInfo:  # a row of INFO
    return MapInfo(row.id, row.name, row.created, row.updated, row.revision, row.size)


def read_info(connection: Connection, map_id: str) -> MapInfo | None:
    row = connection.execute(select(*INFO).where(maps.c.id == map_id)).first()
    return None if row is None else info_of(row)


def read_files(connection: Connection, map_id: str, kind: str) -> dict[str, bytes]:
    rows = connection.execute(
        select(map_files.c.name, map_files.c.content).where(
            map_files.c.map_id == map_id, map_files.c.kind == kind
        )
    ).all()
    return {name: bytes(content) for name, content in rows}


def file_names(connection: Connection, map_id: str, kind: str) -> list[str]:
    return list(
        connection.execute(
            select(map_files.c.name)
            .where(map_files.c.map_id == map_id, map_files.c.kind == kind)
            .order_by(map_files.c.name)
        ).scalars()
    )


def read_file(connection: Connection, map_id: str, kind: str, name: str) -> bytes | None:
    content = connection.execute(
        select(map_files.c.content).where(
            map_files.c.map_id == map_id, map_files.c.kind == kind, map_files.c.name == name
        )
    ).scalar()
    return None if content is None else bytes(content)


def write_files(connection: Connection, map_id: str, kind: str, files: Mapping[str, bytes]) -> None:
    """Replace the map's files of that kind by these."""
    connection.execute(
        delete(map_files).where(map_files.c.map_id == map_id, map_files.c.kind == kind)
    )
    rows = [
        {"map_id": map_id, "kind": kind, "name": n, "size": len(c), "content": c}
        for n, c in files.items()
    ]
    if rows:
        connection.execute(insert(map_files), rows)


def delete_rows(connection: Connection, map_id: str) -> bool:
    connection.execute(delete(map_files).where(map_files.c.map_id == map_id))
    return connection.execute(delete(maps).where(maps.c.id == map_id)).rowcount > 0


class MapStore(StoreBase):
    def save_map(
        self,
        name: str,
        data_files: Mapping[str, bytes],
        private_files: Mapping[str, bytes] = NO_FILES,
    ) -> SavedMap:
        """Save a new map; its id and edit secret. StorageError when it does not fit."""
        kept_name = clean_name(name, self.limits.name_chars)
        data, private = _checked_sizes(data_files, private_files)
        size = self.check_budget(
            len(data) + len(private), sum(data.values()) + sum(private.values())
        )
        secret, now = new_secret(), self.now()
        with self._write() as connection:
            self._check_room(connection, size, replacing=0)
            map_id = new_map_id()
            while read_info(connection, map_id) is not None:  # 72 random bits: hardly ever
                map_id = new_map_id()
            connection.execute(
                insert(maps).values(
                    id=map_id,
                    name=kept_name,
                    secret_hash=hash_secret(secret),
                    created=now,
                    updated=now,
                    revision=1,
                    size=size,
                )
            )
            write_files(connection, map_id, DATA, data_files)
            write_files(connection, map_id, PRIVATE, private_files)
        return SavedMap(map_id, secret)

    def map_info(self, map_id: str) -> MapInfo | None:
        """The map's name, times, revision and size (no files), or None."""
        if not is_map_id(map_id):
            return None
        with self._read() as connection:
            return read_info(connection, map_id)

    def map_data(self, map_id: str) -> MapData | None:
        """The map's information and its data files (never the private ones), or None."""
        if not is_map_id(map_id):
            return None
        with self._read() as connection:
            info = read_info(connection, map_id)
            if info is None:
                return None
            return MapData(info, read_files(connection, map_id, DATA))

    def map_file(self, map_id: str, name: str) -> bytes | None:
        """One data file of the map, or None."""
        if not is_map_id(map_id) or not is_file_name(name):
            return None
        with self._read() as connection:
            return read_file(connection, map_id, DATA, name)

    def map_private(self, map_id: str, secret: str) -> dict[str, bytes] | None:
        """The map's private files, for the holder of its edit secret only (else None)."""
        with self._read() as connection:
            if not self._allowed(connection, map_id, secret):
                return None
            return read_files(connection, map_id, PRIVATE)

    def can_edit(self, map_id: str, secret: str) -> bool:
        with self._read() as connection:
            return self._allowed(connection, map_id, secret)

    def replace_map(
        self,
        map_id: str,
        secret: str,
        data_files: Mapping[str, bytes],
        private_files: Mapping[str, bytes] | None = None,
        name: str | None = None,
    ) -> MapInfo | None:
        """Replace the map's data files (and its private ones, and name, when given); its new
        information, or None when the id or the secret is wrong."""
        kept_name = None if name is None else clean_name(name, self.limits.name_chars)
        data, private = _checked_sizes(data_files, private_files or NO_FILES)
        with self._write() as connection:
            if not self._allowed(connection, map_id, secret):
                return None
            if private_files is None:  # the private files kept as they are
                private = self._sizes(connection, map_id, PRIVATE)
            size = self.check_budget(
                len(data) + len(private), sum(data.values()) + sum(private.values())
            )
            old = read_info(connection, map_id)
            assert old is not None
            self._check_room(connection, size, replacing=old.size)
            write_files(connection, map_id, DATA, data_files)
            if private_files is not None:
                write_files(connection, map_id, PRIVATE, private_files)
            self._touch(connection, map_id, size=size, name=kept_name)
            return read_info(connection, map_id)

    def rename_map(self, map_id: str, secret: str, name: str) -> MapInfo | None:
        """Rename the map; its new information, or None when the id or secret is wrong."""
        kept_name = clean_name(name, self.limits.name_chars)
        with self._write() as connection:
            if not self._allowed(connection, map_id, secret):
                return None
            self._touch(connection, map_id, name=kept_name)
            return read_info(connection, map_id)

    def delete_map(self, map_id: str, secret: str) -> bool:
        """Delete the map; False when the id or the secret is wrong."""
        with self._write() as connection:
            return self._allowed(connection, map_id, secret) and delete_rows(connection, map_id)

    def maps_usage(self) -> tuple[int, int]:
        """How many maps are saved, and their files' bytes together."""
        with self._read() as connection:
            count, size = connection.execute(
                select(func.count(), func.coalesce(func.sum(maps.c.size), 0))
            ).one()
        return int(count), int(size)

    def _allowed(self, connection: Connection, map_id: str, secret: str) -> bool:
        if not is_map_id(map_id):
            return False
        stored = connection.execute(select(maps.c.secret_hash).where(maps.c.id == map_id)).scalar()
        return stored is not None and secret_matches(secret, stored)

    def _sizes(self, connection: Connection, map_id: str, kind: str) -> dict[str, int]:
        rows = connection.execute(
            select(map_files.c.name, map_files.c.size).where(
                map_files.c.map_id == map_id, map_files.c.kind == kind
            )
        ).all()
        return {name: int(size) for name, size in rows}

    def _check_room(self, connection: Connection, size: int, replacing: int) -> None:
        """Refuse `size` bytes more (less `replacing`, the map's own) when saved maps would
        take more than their room."""
        advisory_lock(connection, MAPS_LOCK)
        total = connection.execute(select(func.coalesce(func.sum(maps.c.size), 0))).scalar()
        if int(total or 0) - replacing + size > self.limits.maps_bytes:
            raise StorageError("storage.maps_full", limit_mb=megabytes(self.limits.maps_bytes))

    def _touch(
        self, connection: Connection, map_id: str, size: int | None = None, name: str | None = None
    ) -> None:
        values: dict[str, Any] = {"updated": self.now(), "revision": maps.c.revision + 1}
        if size is not None:
            values["size"] = size
        if name is not None:
            values["name"] = name
        connection.execute(update(maps).where(maps.c.id == map_id).values(**values))


def _checked_sizes(
    data_files: Mapping[str, bytes], private_files: Mapping[str, bytes]
) -> tuple[dict[str, int], dict[str, int]]:
    """Each file's size, the names checked."""
    data, private = sizes_of(data_files), sizes_of(private_files)
    check_file_names([*data, *private])
    return data, private
