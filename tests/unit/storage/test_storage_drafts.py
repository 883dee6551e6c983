"""Drafts (citylinks/storage/drafts.py): kept by token, changed file by file, expired after
`import_hours`, and evicted oldest first when the drafts' room is full, so that a new upload is
never refused for want of room; one draft over its own limit is refused with a clear error."""

from __future__ import annotations

import threading

import pytest
from conftest import small_limits

from citylinks.storage import StorageError, Store, is_token


def test_sto101_a_draft_is_kept_read_changed_and_deleted(store: Store, clock):
    token = store.create_draft("  Partners\n2024.xlsx ", {"source.json": b"{}", "a.csv": b"x"})
    assert is_token(token) and len(token) == 22
    draft = store.draft(token)
    assert draft is not None
    assert draft.name == "Partners 2024.xlsx"
    assert draft.files == {"source.json": b"{}", "a.csv": b"x"}
    assert draft.size == 3 and draft.created == draft.updated == clock.now
    assert store.draft_file(token, "a.csv") == b"x"
    assert store.draft_file(token, "b.csv") is None

    clock.advance(minutes=5)
    assert store.put_draft_files(token, {"a.csv": None, "mapping.json": b'{"city": "Ville"}'})
    draft = store.draft(token)
    assert draft is not None
    assert draft.files == {"source.json": b"{}", "mapping.json": b'{"city": "Ville"}'}
    assert draft.size == 2 + 17 and draft.updated == clock.now != draft.created
    assert store.put_draft_files(token, {"source.json": b"[1]"})
    assert store.draft_file(token, "source.json") == b"[1]"

    assert store.delete_draft(token)
    assert store.draft(token) is None
    assert not store.delete_draft(token)
    assert not store.put_draft_files(token, {"a.csv": b"x"})
    assert store.drafts_usage() == (0, 0)


def test_sto102_unknown_and_malformed_tokens_find_nothing(store: Store):
    for token in ("", "short", "x" * 22, "../" * 8, None, 42):
        assert store.draft(token) is None  # type: ignore[arg-type]
        assert store.draft_file(token, "a.csv") is None  # type: ignore[arg-type]
        assert not store.put_draft_files(token, {"a.csv": b""})  # type: ignore[arg-type]
        assert not store.delete_draft(token)  # type: ignore[arg-type]
    assert store.create_draft("", {}) != store.create_draft("", {})
    assert {store.draft(t).name for t in [store.create_draft("\n", {})]} == {"upload"}


def test_sto103_drafts_expire_a_day_after_their_last_change(store: Store, clock):
    old = store.create_draft("old.csv", {"a.csv": b"1"})
    clock.advance(hours=12)
    touched = store.create_draft("touched.csv", {"a.csv": b"2"})
    clock.advance(hours=11)
    assert store.put_draft_files(touched, {"b.csv": b"3"})
    clock.advance(hours=1, seconds=1)
    assert store.draft(old) is None  # 24 h after it was made
    assert store.draft(touched) is not None  # changed 1 h ago
    assert store.expire_drafts() == 1
    assert not store.put_draft_files(old, {"b.csv": b"3"})
    assert store.drafts_usage() == (1, 2)
    clock.advance(hours=24)
    assert store.draft(touched) is None
    assert store.expire_drafts() == 1


def test_sto104_a_full_store_evicts_the_oldest_drafts_never_saved_maps(engine, clock):
    store = Store(
        engine, small_limits(drafts_bytes=1000, maps_bytes=10_000, imports_kept=50), now=clock
    )
    from citylinks.storage import migrate

    migrate(engine)
    saved = store.save_map("Kept", {"partners.csv": b"p" * 900})
    tokens = []
    for index in range(4):
        tokens.append(store.create_draft(f"{index}.csv", {"source.json": b"s" * 300}))
        clock.advance(minutes=1)
    # 3 drafts of 300 bytes fit in 1000: the fourth evicted the first.
    assert store.draft(tokens[0]) is None
    assert all(store.draft(t) is not None for t in tokens[1:])
    assert store.drafts_usage() == (3, 900)
    # The draft changed longest ago goes first, not the one made first.
    assert store.put_draft_files(tokens[1], {"more.csv": b"m"})
    clock.advance(minutes=1)
    stranger = store.create_draft("big.csv", {"source.json": b"b" * 600})
    assert store.draft(stranger) is not None
    assert store.draft(tokens[2]) is None and store.draft(tokens[3]) is None
    assert store.draft(tokens[1]) is not None
    # A draft that grows makes room too, but never by evicting itself.
    assert store.put_draft_files(tokens[1], {"more.csv": b"m" * 650})
    assert store.draft(stranger) is None
    assert store.drafts_usage() == (1, 950)
    # Saved maps are never evicted.
    assert store.map_data(saved.id).files == {"partners.csv": b"p" * 900}


def test_sto105_at_most_imports_kept_drafts(engine, clock):
    from citylinks.storage import migrate

    migrate(engine)
    store = Store(engine, small_limits(imports_kept=3), now=clock)
    tokens = []
    for index in range(5):
        tokens.append(store.create_draft(f"{index}.csv", {"a.csv": b"a"}))
        clock.advance(seconds=1)
    assert [store.draft(t) is not None for t in tokens] == [False, False, True, True, True]
    assert store.drafts_usage() == (3, 3)


def test_sto106_one_draft_over_its_limit_is_refused(engine, clock):
    from citylinks.storage import migrate

    migrate(engine)
    store = Store(engine, small_limits(map_bytes=1024 * 1024, map_files=3), now=clock)
    kept = store.create_draft("kept.csv", {"a.csv": b"a"})
    with pytest.raises(StorageError) as refused:
        store.create_draft("huge.csv", {"source.json": b"x" * (1024 * 1024 + 1)})
    assert refused.value.code == "storage.map_too_large"
    assert dict(refused.value.params) == {"size_mb": pytest.approx(1.0, abs=0.01), "limit_mb": 1.0}
    assert str(refused.value) == "the files take 1.0 MB; the limit for one map is 1.0 MB"
    with pytest.raises(StorageError) as refused:
        store.put_draft_files(kept, {"b.csv": b"b" * (1024 * 1024)})
    assert refused.value.code == "storage.map_too_large"
    with pytest.raises(StorageError) as refused:
        store.put_draft_files(kept, {"b.csv": b"", "c.csv": b"", "d.csv": b""})
    assert refused.value.code == "storage.too_many_files"
    assert dict(refused.value.params) == {"files": 4, "limit": 3}
    assert store.draft(kept).files == {"a.csv": b"a"}  # unchanged
    assert store.drafts_usage() == (1, 1)


@pytest.mark.parametrize(
    "name", ["../etc/passwd", "a/b.csv", "..", ".hidden", "", "a" * 65, "é.csv"]
)
def test_sto107_file_names_are_plain_names(store: Store, name: str):
    with pytest.raises(StorageError) as refused:
        store.create_draft("x.csv", {name: b"1"})
    assert refused.value.code == "storage.file_name"
    token = store.create_draft("x.csv", {"partners.csv": b"1"})
    with pytest.raises(StorageError):
        store.put_draft_files(token, {name: b"1"})
    with pytest.raises(TypeError):
        store.create_draft("x.csv", {"a.csv": "text, not bytes"})  # type: ignore[dict-item]


def test_sto108_many_uploads_at_once_keep_within_the_room(engine, clock):
    """Threads of one process (as a server's) share the engine; each upload waits its turn."""
    from citylinks.storage import migrate

    migrate(engine)
    store = Store(engine, small_limits(drafts_bytes=2000, imports_kept=6), now=clock)
    errors: list[BaseException] = []

    def upload(index: int) -> None:
        try:
            for turn in range(4):
                token = store.create_draft(f"{index}-{turn}.csv", {"source.json": b"x" * 300})
                store.put_draft_files(token, {"mapping.json": b"{}"})
        except BaseException as err:  # reported below
            errors.append(err)

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    count, size = store.drafts_usage()
    assert count == 6 and size == 6 * 302
