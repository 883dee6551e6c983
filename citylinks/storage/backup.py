"""What the people who run the server do with the store (the command line's `maps`): list the
saved maps, delete one, export one as a data folder, and back up and restore the whole store.

A backup is one ZIP file, the same whichever the database (SQLite or PostgreSQL):

manifest.json                   format, version, when, and each map's (and draft's) record:
                                id, name, times, revision, the hash of its edit secret, files
maps/<id>/data/<name>           a map's data files
maps/<id>/private/<name>        its private files
drafts/<token>/<name>           a draft's files (only when drafts are backed up)
stories/<id>.json               a saved story's file (the manifest keeps its record: id, map,
                                title, times, revision, the hash of its edit secret)

Files are read and written one at a time, so neither a backup nor a restore holds more than
one file in memory; a restore runs in one transaction (all of it, or nothing).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from citylinks.storage.base import StoreBase
from citylinks.storage.errors import StorageError
from citylinks.storage.ids import SECRET_HASH, is_file_name, is_map_id, is_token
from citylinks.storage.maps import (
    INFO,
    MapInfo,
    delete_rows,
    file_names,
    info_of,
    read_file,
    read_info,
)
from citylinks.storage.revisions import head
from citylinks.storage.schema import DATA, KINDS, draft_files, drafts, map_files, maps
from citylinks.storage.stories import backup_stories, check_story_record, restore_story

FORMAT = "citylinks-store"
VERSION = 1
MANIFEST = "manifest.json"


class AdminStore(StoreBase):
    def list_maps(self) -> list[MapInfo]:
        """Every saved map, the last changed first (no files are read)."""
        with self._read() as connection:
            rows = connection.execute(
                select(*INFO).order_by(maps.c.updated.desc(), maps.c.id)
            ).all()
        return [info_of(row) for row in rows]

    def admin_delete(self, map_id: str) -> bool:
        """Delete a map without its edit secret; False when there is no such map."""
        if not is_map_id(map_id):
            return False
        with self._write() as connection:
            return delete_rows(connection, map_id)

    def export_map(self, map_id: str, folder: Path) -> bool:
        """Write the map's data files into `folder` (made if needed), a data folder
        `load_dataset` reads; False when there is no such map."""
        if not is_map_id(map_id):
            return False
        with self._read() as connection:
            if read_info(connection, map_id) is None:
                return False
            folder.mkdir(parents=True, exist_ok=True)
            for name in file_names(connection, map_id, DATA):
                content = read_file(connection, map_id, DATA, name)
                assert content is not None
                (folder / name).write_bytes(content)
        return True

    def backup(self, path: Path, drafts: bool = False) -> int:
        """Write the whole store (drafts too, when asked) to one ZIP file; how many maps.
        The file appears complete or not at all."""
        path = Path(path)
        descriptor, partial = tempfile.mkstemp(prefix=".backup-", dir=path.parent)
        os.close(descriptor)
        try:
            with self._snapshot() as connection, zipfile.ZipFile(partial, "w") as archive:
                records = list(_backup_maps(connection, archive))
                draft_records = list(_backup_drafts(connection, archive)) if drafts else []
                story_records = list(backup_stories(connection, archive))
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "revision": head(),
                    "created": self.now().isoformat(),
                    "maps": records,
                    "drafts": draft_records,
                    "stories": story_records,
                }
                archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
            Path(partial).chmod(0o600)
            Path(partial).replace(path)
        finally:
            Path(partial).unlink(missing_ok=True)
        return len(records)

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """A read transaction that sees one state of the whole database throughout (SQLite's
        read transactions do; PostgreSQL's need REPEATABLE READ)."""
        with self.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                yield connection

    def restore(self, path: Path) -> tuple[int, int]:
        """Put back every map (and draft, and story) of a backup, replacing those of the same
        id and keeping the others; how many maps and drafts (`stories_usage` counts stories).
        StorageError for a file that is not a backup; nothing is changed then."""
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as err:
            raise StorageError("storage.backup_invalid", reason=str(err)) from None
        with archive:
            manifest = _manifest(archive)
            with self._write() as connection:
                for record in manifest["maps"]:
                    _restore_map(connection, archive, record, self.limits.map_bytes)
                for record in manifest["drafts"]:
                    _restore_draft(connection, archive, record, self.limits.map_bytes)
                for record in manifest["stories"]:
                    restore_story(connection, archive, record, self.limits.story_bytes)
        return len(manifest["maps"]), len(manifest["drafts"])


def _backup_maps(connection: Connection, archive: zipfile.ZipFile) -> Iterator[dict[str, Any]]:
    rows = connection.execute(select(maps).order_by(maps.c.created, maps.c.id)).all()
    for row in rows:
        files: dict[str, list[str]] = {}
        for kind in KINDS:
            files[kind] = file_names(connection, row.id, kind)
            for name in files[kind]:
                content = read_file(connection, row.id, kind, name)
                assert content is not None
                archive.writestr(f"maps/{row.id}/{kind}/{name}", content, zipfile.ZIP_DEFLATED)
        yield {
            "id": row.id,
            "name": row.name,
            "secret_hash": row.secret_hash,
            "created": row.created.isoformat(),
            "updated": row.updated.isoformat(),
            "revision": row.revision,
            "files": files,
        }


def _backup_drafts(connection: Connection, archive: zipfile.ZipFile) -> Iterator[dict[str, Any]]:
    rows = connection.execute(select(drafts).order_by(drafts.c.created, drafts.c.token)).all()
    for row in rows:
        names = list(
            connection.execute(
                select(draft_files.c.name)
                .where(draft_files.c.token == row.token)
                .order_by(draft_files.c.name)
            ).scalars()
        )
        for name in names:
            content = connection.execute(
                select(draft_files.c.content).where(
                    draft_files.c.token == row.token, draft_files.c.name == name
                )
            ).scalar_one()
            archive.writestr(f"drafts/{row.token}/{name}", bytes(content), zipfile.ZIP_DEFLATED)
        yield {
            "token": row.token,
            "name": row.name,
            "created": row.created.isoformat(),
            "updated": row.updated.isoformat(),
            "files": names,
        }


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as err:
        raise StorageError("storage.backup_invalid", reason=f"{MANIFEST}: {err}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StorageError("storage.backup_invalid", reason=f"{MANIFEST} names another format")
    if manifest.get("version") != VERSION:
        raise StorageError(
            "storage.backup_invalid", reason=f"version {manifest.get('version')!r} is unknown"
        )
    manifest.setdefault("drafts", [])
    manifest.setdefault("stories", [])  # a backup made before stories were kept has none
    try:
        for record in manifest["maps"]:
            _check_map_record(record)
        for record in manifest["drafts"]:
            _check_draft_record(record)
        for record in manifest["stories"]:
            check_story_record(record)
    except (KeyError, TypeError, ValueError) as err:
        raise StorageError("storage.backup_invalid", reason=f"a record is wrong: {err}") from None
    return manifest


def _check_map_record(record: dict[str, Any]) -> None:
    if not is_map_id(record["id"]) or not SECRET_HASH.match(record["secret_hash"]):
        raise ValueError(f"map {str(record['id'])[:20]!r}")
    if not isinstance(record["name"], str) or not isinstance(record["revision"], int):
        raise ValueError(f"map {record['id']}: its name or revision")
    _times(record)
    for kind in KINDS:
        _check_names(record["files"][kind])


def _check_draft_record(record: dict[str, Any]) -> None:
    if not is_token(record["token"]) or not isinstance(record["name"], str):
        raise ValueError(f"draft {str(record['token'])[:30]!r}")
    _times(record)
    _check_names(record["files"])


def _check_names(names: list[str]) -> None:
    if not isinstance(names, list):
        raise TypeError("files are not a list")
    bad = [name for name in names if not is_file_name(name)]
    if bad:
        raise ValueError(f"file name {str(bad[0])[:80]!r}")


def _times(record: dict[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    created, updated = (dt.datetime.fromisoformat(record[key]) for key in ("created", "updated"))
    if created.tzinfo is None or updated.tzinfo is None:
        raise ValueError("a time without its time zone")
    return created, updated


def _members(
    archive: zipfile.ZipFile, folder: str, names: list[str], limit: int
) -> dict[str, zipfile.ZipInfo]:
    """The backup's entries for these files, checked: there, and not larger than one map."""
    members = {}
    for name in names:
        try:
            members[name] = archive.getinfo(f"{folder}/{name}")
        except KeyError:
            reason = f"{folder}/{name} is missing"
            raise StorageError("storage.backup_invalid", reason=reason) from None
    if sum(info.file_size for info in members.values()) > limit:
        raise StorageError("storage.backup_invalid", reason=f"{folder} is too large")
    return members


def _restore_map(
    connection: Connection, archive: zipfile.ZipFile, record: dict[str, Any], limit: int
) -> None:
    map_id = record["id"]
    members = {
        kind: _members(archive, f"maps/{map_id}/{kind}", record["files"][kind], limit)
        for kind in KINDS
    }
    created, updated = _times(record)
    delete_rows(connection, map_id)
    connection.execute(
        insert(maps).values(
            id=map_id,
            name=str(record["name"]),
            secret_hash=record["secret_hash"],
            created=created,
            updated=updated,
            revision=int(record["revision"]),
            size=sum(info.file_size for kind in KINDS for info in members[kind].values()),
        )
    )
    for kind in KINDS:
        for name, info in members[kind].items():
            content = archive.read(info)
            connection.execute(
                insert(map_files).values(
                    map_id=map_id, kind=kind, name=name, size=len(content), content=content
                )
            )


def _restore_draft(
    connection: Connection, archive: zipfile.ZipFile, record: dict[str, Any], limit: int
) -> None:
    token = record["token"]
    members = _members(archive, f"drafts/{token}", record["files"], limit)
    created, updated = _times(record)
    connection.execute(delete(draft_files).where(draft_files.c.token == token))
    connection.execute(delete(drafts).where(drafts.c.token == token))
    connection.execute(
        insert(drafts).values(
            token=token,
            name=str(record["name"]),
            created=created,
            updated=updated,
            size=sum(info.file_size for info in members.values()),
        )
    )
    for name, info in members.items():
        content = archive.read(info)
        connection.execute(
            insert(draft_files).values(token=token, name=name, size=len(content), content=content)
        )
