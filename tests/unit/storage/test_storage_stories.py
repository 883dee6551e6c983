"""Saved stories (citylinks/storage/stories.py), on SQLite and on PostgreSQL: kept as saved maps
are (the id reads, only the edit secret, kept hashed, changes or deletes), for the served map
or a saved one, each change raising the revision and a stale one refused, bounded, listed, and
backed up and restored with the maps."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from conftest import small_limits
from sqlalchemy import select

from citylinks.model.story import Slide, new_story, story_from_json, story_to_json
from citylinks.storage import (
    MAIN_MAP,
    StorageError,
    Store,
    is_story_id,
    make_engine,
    migrate,
    story_edit_path,
    story_view_path,
)
from citylinks.storage.schema import stories

DATA = {"home.csv": b"city\nLyon\n"}
STORY = story_to_json(new_story("Paris and the world", [Slide("?year=1997", "Prague")]))


def test_sto401_a_story_is_saved_for_a_map_and_read_by_its_id(store: Store, clock):
    saved = store.save_story(MAIN_MAP, " Our first\tpacts ", STORY)
    assert is_story_id(saved.id) and len(saved.id) == 12 and len(saved.edit_secret) == 32
    info = store.story_info(saved.id)
    assert info is not None
    assert (info.id, info.map_id, info.title, info.revision) == (
        saved.id,
        MAIN_MAP,
        "Our first pacts",
        1,
    )
    assert info.created == info.updated == clock.now and info.size == len(STORY.encode())
    data = store.story(saved.id)
    assert data is not None and data.info == info and data.document == STORY
    assert story_from_json(data.document).slides[0].title == "Prague"
    assert store.can_edit_story(saved.id, saved.edit_secret)
    on_map = store.save_map("Lyon", DATA)
    other = store.save_story(on_map.id, "Lyon", STORY)
    assert store.story_info(other.id).map_id == on_map.id
    for unknown_map in ("A" * 12, "../x", "", None):
        with pytest.raises(StorageError) as refused:
            store.save_story(unknown_map, "T", STORY)  # type: ignore[arg-type]
        assert refused.value.code == "storage.story_no_map"
    for unknown in ("", "A" * 12, "../../etc", None):
        assert store.story(unknown) is None  # type: ignore[arg-type]
        assert store.story_info(unknown) is None  # type: ignore[arg-type]
    clock.advance(days=400)
    assert store.story_info(saved.id) == info  # stories never expire


def test_sto402_the_edit_secret_is_kept_only_hashed_and_a_wrong_one_changes_nothing(
    store: Store, engine
):
    saved = store.save_story(MAIN_MAP, "Paris", STORY)
    other = store.save_story(MAIN_MAP, "Lyon", STORY)
    with engine.connect() as connection:
        kept = connection.execute(
            select(stories.c.secret_hash).where(stories.c.id == saved.id)
        ).scalar_one()
    assert kept == hashlib.sha256(saved.edit_secret.encode()).hexdigest()
    wrong = [other.edit_secret, saved.edit_secret[:-1] + "?", "", saved.id, None]
    for secret in wrong:
        assert not store.can_edit_story(saved.id, secret)  # type: ignore[arg-type]
        assert store.update_story(saved.id, secret, "{}") is None  # type: ignore[arg-type]
        assert not store.delete_story(saved.id, secret)  # type: ignore[arg-type]
    assert store.story(saved.id).document == STORY
    assert store.story_info(saved.id).revision == 1
    assert not store.delete_story("A" * 12, saved.edit_secret)


def test_sto403_each_update_raises_the_revision_and_a_stale_one_is_refused(store: Store, clock):
    saved = store.save_story(MAIN_MAP, "Paris", STORY)
    clock.advance(minutes=2)
    longer = story_to_json(
        new_story("Paris and the world", [Slide("?year=1997"), Slide("?year=2001")])
    )
    info = store.update_story(saved.id, saved.edit_secret, longer, revision=1)
    assert info is not None and info.revision == 2 and info.updated == clock.now
    assert info.title == "Paris" and info.created != info.updated
    assert store.story(saved.id).document == longer and info.size == len(longer.encode())
    # An editor who opened revision 1 is told that it changed meanwhile.
    with pytest.raises(StorageError) as refused:
        store.update_story(saved.id, saved.edit_secret, STORY, revision=1)
    assert refused.value.code == "storage.story_conflict"
    assert dict(refused.value.params) == {"revision": 2}
    assert "revision 2" in str(refused.value)
    assert store.story(saved.id).document == longer
    info = store.update_story(saved.id, saved.edit_secret, STORY, title=" Paris, 2026 ")
    assert info is not None and (info.revision, info.title) == (3, "Paris, 2026")
    assert store.delete_story(saved.id, saved.edit_secret)
    assert store.story(saved.id) is None and not store.can_edit_story(saved.id, saved.edit_secret)
    assert not store.delete_story(saved.id, saved.edit_secret)
    assert store.stories_usage() == (0, 0)


def test_sto404_stories_are_bounded(engine, clock):
    migrate(engine)
    store = Store(engine, small_limits(story_bytes=2000, stories_bytes=4500), now=clock)
    with pytest.raises(StorageError) as refused:
        store.save_story(MAIN_MAP, "Big", "x" * 2001)
    assert refused.value.code == "storage.story_too_large"
    assert dict(refused.value.params) == {"size": 2001, "limit": 2000}
    assert store.save_story(MAIN_MAP, "é" * 500, "é" * 1000).id  # 2,000 bytes: fits
    assert store.list_stories()[0].title == "é" * 120  # titles cut to story_title_chars
    kept = store.save_story(MAIN_MAP, "Two", "y" * 2000)
    with pytest.raises(StorageError) as refused:
        store.save_story(MAIN_MAP, "Three", "z" * 501)
    assert refused.value.code == "storage.stories_full"
    assert store.stories_usage() == (2, 4000)
    # An update counts the story's own room as free.
    assert store.update_story(kept.id, kept.edit_secret, "w" * 1000) is not None
    assert store.save_story(MAIN_MAP, "Three", "z" * 1000).id
    with pytest.raises(StorageError) as refused:
        store.update_story(kept.id, kept.edit_secret, "v" * 1501)
    assert refused.value.code == "storage.stories_full"
    assert store.update_story(kept.id, kept.edit_secret, "v" * 1500) is not None
    assert store.stories_usage() == (3, 4500)
    with pytest.raises(StorageError) as refused:
        store.save_story(MAIN_MAP, " \n ", "{}")
    assert refused.value.code == "storage.name_empty"
    with pytest.raises(TypeError):
        store.save_story(MAIN_MAP, "Bytes", b"{}")  # type: ignore[arg-type]


def test_sto405_listed_by_map_and_deleted_by_the_people_who_run_the_server(store: Store, clock):
    lyon = store.save_map("Lyon", DATA)
    first = store.save_story(MAIN_MAP, "First", STORY)
    clock.advance(minutes=1)
    second = store.save_story(lyon.id, "Second", STORY)
    clock.advance(minutes=1)
    third = store.save_story(MAIN_MAP, "Third", STORY)
    assert [s.id for s in store.list_stories()] == [third.id, second.id, first.id]
    assert [s.id for s in store.list_stories(MAIN_MAP)] == [third.id, first.id]
    assert [s.id for s in store.list_stories(lyon.id)] == [second.id]
    assert store.list_stories("../x") == [] and store.list_stories("B" * 12) == []
    assert store.admin_delete_story(first.id)
    assert not store.admin_delete_story(first.id) and not store.admin_delete_story("../x")
    assert [s.id for s in store.list_stories(MAIN_MAP)] == [third.id]
    # A saved map's deletion leaves its stories, for the people who run the server to see.
    assert store.delete_map(lyon.id, lyon.edit_secret)
    assert store.story(second.id) is not None


def _store(url: str, clock) -> Store:
    engine = make_engine(url)
    migrate(engine)
    return Store(engine, now=clock)


def test_sto406_stories_are_backed_up_and_restored(
    sqlite_url: str, postgres_url: str, tmp_path: Path, clock
):
    source = _store(sqlite_url, clock)
    lyon = source.save_map("Lyon", DATA)
    saved = source.save_story(lyon.id, "Lyon's story", STORY)
    clock.advance(minutes=3)
    assert source.update_story(saved.id, saved.edit_secret, STORY, title="Lyon, 2026")
    main = source.save_story(MAIN_MAP, "Paris", "é" * 10)
    backup = tmp_path / "backup.zip"
    assert source.backup(backup) == 1
    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert [r["id"] for r in manifest["stories"]] == [saved.id, main.id]
        assert archive.read(f"stories/{saved.id}.json").decode() == STORY
        assert saved.edit_secret not in archive.read("manifest.json").decode()

    target = _store(postgres_url, clock)
    kept = target.save_story(MAIN_MAP, "Only here", STORY)
    assert target.restore(backup) == (1, 0)
    assert target.story(saved.id) == source.story(saved.id)  # title, times, revision, file
    assert target.story(main.id) == source.story(main.id)
    assert target.story(kept.id) is not None
    assert target.can_edit_story(saved.id, saved.edit_secret)  # the secret still works
    info = target.update_story(saved.id, saved.edit_secret, STORY, revision=2)
    assert info is not None and info.revision == 3
    assert target.restore(backup) == (1, 0)  # again: the story of the same id replaced
    assert target.story_info(saved.id).revision == 2
    target.engine.dispose()
    source.engine.dispose()


def test_sto407_a_backup_without_stories_or_with_a_bad_one(store: Store, tmp_path: Path):
    saved = store.save_story(MAIN_MAP, "Paris", STORY)
    backup = tmp_path / "backup.zip"
    store.backup(backup)
    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        contents = {n: archive.read(n) for n in archive.namelist() if n != "manifest.json"}

    def rewrite(path: Path, manifest: dict, contents: dict[str, bytes]) -> Path:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("manifest.json", json.dumps(manifest))
            for name, content in contents.items():
                archive.writestr(name, content)
        return path

    del_stories = dict(manifest)
    del del_stories["stories"]  # a backup made before stories were kept
    older = rewrite(tmp_path / "older.zip", del_stories, contents)
    assert store.restore(older) == (0, 0)
    bad_records = [
        {**manifest["stories"][0], "id": "../../etc"},
        {**manifest["stories"][0], "map_id": "nowhere!"},
        {**manifest["stories"][0], "secret_hash": "x"},
        {**manifest["stories"][0], "created": "2026-12-01T09:00:00"},
        {**manifest["stories"][0], "revision": "2"},
    ]
    store.admin_delete_story(saved.id)
    for record in bad_records:
        path = rewrite(tmp_path / "bad.zip", {**manifest, "stories": [record]}, contents)
        with pytest.raises(StorageError) as refused:
            store.restore(path)
        assert refused.value.code == "storage.backup_invalid"
    missing = rewrite(tmp_path / "missing.zip", manifest, {})
    with pytest.raises(StorageError) as refused:
        store.restore(missing)
    assert refused.value.code == "storage.backup_invalid"
    assert store.list_stories() == []


def test_sto408_the_links():
    assert story_view_path("AbC-_123xyz0") == "/stories/AbC-_123xyz0/"
    assert story_edit_path("AbC-_123xyz0", "s" * 32) == "/stories/AbC-_123xyz0/edit#key=" + "s" * 32
    assert story_view_path("a/b") == "/stories/a%2Fb/"


def test_sto409_two_tabs_editing_one_story_never_overwrite_each_other(store: Store, clock):
    """Tab A and tab B open the story at revision 1; A saves; B's save, made from revision 1,
    is refused with a coded problem said in both languages; B may save its story as a new one;
    A's is kept as it was saved."""
    from citylinks.i18n.catalogue import texts

    saved = store.save_story(MAIN_MAP, "Paris", STORY)
    tab_a = story_to_json(new_story("From tab A", [Slide("?year=2001", "A")]))
    tab_b = story_to_json(new_story("From tab B", [Slide("?year=1960", "B")]))
    opened = store.story_info(saved.id).revision
    assert opened == 1
    clock.advance(minutes=1)
    assert store.update_story(saved.id, saved.edit_secret, tab_a, revision=opened).revision == 2
    with pytest.raises(StorageError) as refused:
        store.update_story(saved.id, saved.edit_secret, tab_b, title="B", revision=opened)
    assert refused.value.code == "storage.story_conflict"
    assert (
        texts("en")
        .problem(refused.value)
        .startswith(
            "this story was changed elsewhere since you opened it (it is now at revision 2)"
        )
    )
    assert (
        texts("fr")
        .problem(refused.value)
        .startswith("ce récit a été modifié ailleurs depuis que vous l’avez ouvert")
    )
    kept = store.story(saved.id)
    assert kept.document == tab_a and kept.info.revision == 2 and kept.info.title == "Paris"
    # B saves its story as a new one: both are kept
    other = store.save_story(MAIN_MAP, "From tab B", tab_b)
    assert other.id != saved.id and store.story(other.id).document == tab_b
    assert store.story(saved.id).document == tab_a
    # B reloads (revision 2) and saves from there
    assert store.update_story(saved.id, saved.edit_secret, tab_b, revision=2).revision == 3


def test_sto410_two_saves_at_the_same_moment_cannot_both_pass(database_url: str, clock):
    """Two server processes (two engines) save the same revision at once, many times: each
    time exactly one passes, the other is told of the conflict."""
    import threading

    engines = [make_engine(database_url) for _ in range(2)]
    try:
        migrate(engines[0])
        stores = [Store(engine, small_limits(), now=clock) for engine in engines]
        saved = stores[0].save_story(MAIN_MAP, "Paris", STORY)

        def save(store: Store, name: str, revision: int, start, results: list) -> None:
            document = story_to_json(new_story(name, [Slide("?year=1997", name)]))
            start.wait()
            try:
                store.update_story(saved.id, saved.edit_secret, document, revision=revision)
                results.append("saved")
            except StorageError as err:
                results.append(err.code)

        for revision in range(1, 9):
            results: list[str] = []
            start = threading.Barrier(2)
            threads = [
                threading.Thread(target=save, args=(store, f"tab {n}", revision, start, results))
                for n, store in enumerate(stores)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
            assert sorted(results) == ["saved", "storage.story_conflict"], results
            assert stores[1].story_info(saved.id).revision == revision + 1
    finally:
        for engine in engines:
            engine.dispose()


def test_sto411_the_largest_story_the_limits_allow_is_kept(store: Store):
    """Every slide at its limits (the longest view, title, caption and callouts, in 4-byte
    characters): the story's file fits LIMITS.story_bytes (1 MB), and the store keeps it."""
    from citylinks.settings import LIMITS
    from tests.unit.story_samples import largest_story

    document = story_to_json(largest_story())
    assert 700_000 < len(document.encode()) <= LIMITS.story_bytes
    saved = store.save_story(MAIN_MAP, "Largest", document)
    assert story_from_json(store.story(saved.id).document) == largest_story()
