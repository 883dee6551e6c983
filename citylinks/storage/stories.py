"""Saved stories, kept as saved maps are (citylinks/storage/maps.py): a story has a public id
(its view link, citylinks/storage/links.py `story_view_path`) and an edit secret (its edit
link), given once when it is saved and kept only as a sha256 hash; whoever holds the secret
may update or delete it, the id alone reads it. A story is for one map: the map the server
serves (`MAIN_MAP`, "main") or a saved map, by its id. Stories never expire.

The store keeps a story's JSON file as it is given (the page writes and checks it with
citylinks/model/story.py; the store, below the model, does not read it), within `story_bytes`,
and saved stories together within `stories_bytes` ("storage.stories_full": none is evicted).
An update may name the revision it was made from: when the story changed meanwhile it is
refused ("storage.story_conflict"), so that two editors (two tabs) never overwrite each other
unseen; an update replaces only the revision it read, so two saves at the same moment cannot both
pass (the second is refused).

A saved map's deletion leaves its stories (their view link says the map is gone); the people
who run the server list and delete them (`list_stories`, `admin_delete_story`).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from citylinks.storage.base import StoreBase
from citylinks.storage.engine import advisory_lock
from citylinks.storage.errors import StorageError, megabytes
from citylinks.storage.ids import (
    MAIN_MAP,
    SECRET_HASH,
    clean_name,
    hash_secret,
    is_map_id,
    is_story_id,
    new_map_id,
    new_secret,
    secret_matches,
)
from citylinks.storage.schema import maps, stories

STORIES_LOCK = 0x43_4C_53_54  # "CLST": the advisory lock of counting the stories' room
# What a story's information reads (never its secret's hash, nor its file).
STORY_INFO = (
    stories.c.id,
    stories.c.map_id,
    stories.c.title,
    stories.c.created,
    stories.c.updated,
    stories.c.revision,
    stories.c.size,
)


@dataclass(frozen=True)
class SavedStory:
    """A story just saved: its id, and its edit secret (shown once, kept only hashed)."""

    id: str
    edit_secret: str


@dataclass(frozen=True)
class StoryInfo:
    id: str
    map_id: str  # MAIN_MAP or a saved map's id
    title: str
    created: dt.datetime
    updated: dt.datetime
    revision: int  # 1 when saved, one more at each change
    size: int  # its JSON file's bytes


@dataclass(frozen=True)
class StoryData:
    info: StoryInfo
    document: str  # the story's JSON file, as given


def is_map_ref(value: object) -> bool:
    """What a story may be for: the served map, or a saved map's id."""
    return value == MAIN_MAP or is_map_id(value)


def story_info_of(row: Any) -> StoryInfo:  # a row of STORY_INFO
    return StoryInfo(
        row.id, row.map_id, row.title, row.created, row.updated, row.revision, row.size
    )


def read_story_info(connection: Connection, story_id: str) -> StoryInfo | None:
    row = connection.execute(select(*STORY_INFO).where(stories.c.id == story_id)).first()
    return None if row is None else story_info_of(row)


class StoryStore(StoreBase):
    def save_story(self, map_id: str, title: str, document: str) -> SavedStory:
        """Save a new story for a map (MAIN_MAP or a saved map's id); its id and edit secret.
        StorageError when the map does not exist, or the story does not fit."""
        kept_title = clean_name(title, self.limits.story_title_chars)
        content = self._story_content(document)
        secret, now = new_secret(), self.now()
        with self._write() as connection:
            if not self._story_map_exists(connection, map_id):
                raise StorageError("storage.story_no_map", map=str(map_id)[:20])
            self._check_story_room(connection, len(content), replacing=0)
            story_id = new_map_id()
            while read_story_info(connection, story_id) is not None:  # hardly ever
                story_id = new_map_id()
            connection.execute(
                insert(stories).values(
                    id=story_id,
                    map_id=map_id,
                    title=kept_title,
                    secret_hash=hash_secret(secret),
                    created=now,
                    updated=now,
                    revision=1,
                    size=len(content),
                    content=content,
                )
            )
        return SavedStory(story_id, secret)

    def story_info(self, story_id: str) -> StoryInfo | None:
        """The story's map, title, times, revision and size (not its file), or None."""
        if not is_story_id(story_id):
            return None
        with self._read() as connection:
            return read_story_info(connection, story_id)

    def story(self, story_id: str) -> StoryData | None:
        """The story's information and its JSON file, or None."""
        if not is_story_id(story_id):
            return None
        with self._read() as connection:
            info = read_story_info(connection, story_id)
            if info is None:
                return None
            content = connection.execute(
                select(stories.c.content).where(stories.c.id == story_id)
            ).scalar_one()
            return StoryData(info, bytes(content).decode("utf-8"))

    def can_edit_story(self, story_id: str, secret: str) -> bool:
        with self._read() as connection:
            return self._story_allowed(connection, story_id, secret)

    def update_story(
        self,
        story_id: str,
        secret: str,
        document: str,
        title: str | None = None,
        revision: int | None = None,
    ) -> StoryInfo | None:
        """Replace the story's file (and its title, when given); its new information, or None
        when the id or the secret is wrong. `revision`: the one the change was made from;
        StorageError "storage.story_conflict" when the story has changed since."""
        kept_title = None if title is None else clean_name(title, self.limits.story_title_chars)
        content = self._story_content(document)
        with self._write() as connection:
            if not self._story_allowed(connection, story_id, secret):
                return None
            old = read_story_info(connection, story_id)
            assert old is not None
            if revision is not None and revision != old.revision:
                raise StorageError("storage.story_conflict", revision=old.revision)
            self._check_story_room(connection, len(content), replacing=old.size)
            values: dict[str, Any] = {
                "updated": self.now(),
                "revision": stories.c.revision + 1,
                "size": len(content),
                "content": content,
            }
            if kept_title is not None:
                values["title"] = kept_title
            # Only the revision read above is replaced: an update committed meanwhile by another
            # connection (two tabs saving at once) leaves no row, and this one is refused.
            changed = connection.execute(
                update(stories)
                .where(stories.c.id == story_id, stories.c.revision == old.revision)
                .values(**values)
            ).rowcount
            if changed != 1:
                now = read_story_info(connection, story_id)
                raise StorageError(
                    "storage.story_conflict", revision=now.revision if now else old.revision
                )
            return read_story_info(connection, story_id)

    def delete_story(self, story_id: str, secret: str) -> bool:
        """Delete the story; False when the id or the secret is wrong."""
        with self._write() as connection:
            if not self._story_allowed(connection, story_id, secret):
                return False
            return delete_story_row(connection, story_id)

    def list_stories(self, map_id: str | None = None) -> list[StoryInfo]:
        """The stories of a map (every story when None), the last changed first."""
        query = select(*STORY_INFO).order_by(stories.c.updated.desc(), stories.c.id)
        if map_id is not None:
            if not is_map_ref(map_id):
                return []
            query = query.where(stories.c.map_id == map_id)
        with self._read() as connection:
            return [story_info_of(row) for row in connection.execute(query).all()]

    def admin_delete_story(self, story_id: str) -> bool:
        """Delete a story without its edit secret; False when there is no such story."""
        if not is_story_id(story_id):
            return False
        with self._write() as connection:
            return delete_story_row(connection, story_id)

    def stories_usage(self) -> tuple[int, int]:
        """How many stories are saved, and their files' bytes together."""
        with self._read() as connection:
            count, size = connection.execute(
                select(func.count(), func.coalesce(func.sum(stories.c.size), 0)).select_from(
                    stories
                )
            ).one()
        return int(count), int(size)

    def _story_content(self, document: str) -> bytes:
        """The story's file as kept (UTF-8), within `story_bytes`."""
        if not isinstance(document, str):
            raise TypeError(f"a story's document is text, not {type(document).__name__}")
        content = document.encode("utf-8")
        if len(content) > self.limits.story_bytes:
            raise StorageError(
                "storage.story_too_large", size=len(content), limit=self.limits.story_bytes
            )
        return content

    def _story_map_exists(self, connection: Connection, map_id: str) -> bool:
        if map_id == MAIN_MAP:
            return True
        if not is_map_id(map_id):
            return False
        return connection.execute(select(maps.c.id).where(maps.c.id == map_id)).first() is not None

    def _story_allowed(self, connection: Connection, story_id: str, secret: str) -> bool:
        if not is_story_id(story_id):
            return False
        stored = connection.execute(
            select(stories.c.secret_hash).where(stories.c.id == story_id)
        ).scalar()
        return stored is not None and secret_matches(secret, stored)

    def _check_story_room(self, connection: Connection, size: int, replacing: int) -> None:
        """Refuse `size` bytes more (less `replacing`, the story's own) when saved stories
        would take more than their room."""
        advisory_lock(connection, STORIES_LOCK)
        total = connection.execute(select(func.coalesce(func.sum(stories.c.size), 0))).scalar()
        if int(total or 0) - replacing + size > self.limits.stories_bytes:
            raise StorageError(
                "storage.stories_full", limit_mb=megabytes(self.limits.stories_bytes)
            )


def delete_story_row(connection: Connection, story_id: str) -> bool:
    return connection.execute(delete(stories).where(stories.c.id == story_id)).rowcount > 0


# --- backup and restore (citylinks/storage/backup.py) ----------------------------------------


def backup_stories(connection: Connection, archive: zipfile.ZipFile) -> Iterator[dict[str, Any]]:
    """Each story's file into the archive (stories/<id>.json), and its manifest record."""
    rows = connection.execute(select(stories).order_by(stories.c.created, stories.c.id)).all()
    for row in rows:
        archive.writestr(f"stories/{row.id}.json", bytes(row.content), zipfile.ZIP_DEFLATED)
        yield {
            "id": row.id,
            "map_id": row.map_id,
            "title": row.title,
            "secret_hash": row.secret_hash,
            "created": row.created.isoformat(),
            "updated": row.updated.isoformat(),
            "revision": row.revision,
        }


def check_story_record(record: dict[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    """A story's manifest record checked (ValueError, TypeError, KeyError); its times."""
    if not is_story_id(record["id"]) or not SECRET_HASH.match(record["secret_hash"]):
        raise ValueError(f"story {str(record['id'])[:20]!r}")
    if not is_map_ref(record["map_id"]) or not isinstance(record["title"], str):
        raise ValueError(f"story {record['id']}: its map or title")
    if not isinstance(record["revision"], int) or isinstance(record["revision"], bool):
        raise ValueError(f"story {record['id']}: its revision")
    created, updated = (dt.datetime.fromisoformat(record[key]) for key in ("created", "updated"))
    if created.tzinfo is None or updated.tzinfo is None:
        raise ValueError("a time without its time zone")
    return created, updated


def restore_story(
    connection: Connection, archive: zipfile.ZipFile, record: dict[str, Any], limit: int
) -> None:
    """Put back one story of a backup (its record checked), replacing one of the same id."""
    story_id = record["id"]
    name = f"stories/{story_id}.json"
    try:
        member = archive.getinfo(name)
    except KeyError:
        raise StorageError("storage.backup_invalid", reason=f"{name} is missing") from None
    if member.file_size > limit:
        raise StorageError("storage.backup_invalid", reason=f"{name} is too large")
    created, updated = check_story_record(record)
    content = archive.read(member)
    delete_story_row(connection, story_id)
    connection.execute(
        insert(stories).values(
            id=story_id,
            map_id=record["map_id"],
            title=record["title"],
            secret_hash=record["secret_hash"],
            created=created,
            updated=updated,
            revision=record["revision"],
            size=len(content),
            content=content,
        )
    )
