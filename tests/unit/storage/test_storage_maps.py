"""Saved maps (citylinks/storage/maps.py): the id reads the data files, only the edit secret
(kept hashed) reads the private files or changes the map; each change raises the revision;
the saved maps' room is never made by evicting one; and the links (citylinks/storage/links.py)."""

from __future__ import annotations

import hashlib

import pytest
from conftest import small_limits
from sqlalchemy import select

from citylinks.storage import StorageError, Store, edit_path, is_map_id, migrate, view_path
from citylinks.storage.schema import maps

DATA = {"home.csv": b"city\nLyon\n", "partners.csv": b"city\nTurin\n"}
PRIVATE = {"source.json": b'{"rows": []}', "rejected.csv": b"line,problem\n"}


def test_sto201_a_saved_map_is_read_by_its_id(store: Store, clock):
    saved = store.save_map(" Lyon's\tpartners ", DATA, PRIVATE)
    assert is_map_id(saved.id) and len(saved.id) == 12
    assert len(saved.edit_secret) == 32
    info = store.map_info(saved.id)
    assert info is not None
    assert (info.id, info.name, info.revision) == (saved.id, "Lyon's partners", 1)
    assert info.created == info.updated == clock.now
    assert info.size == sum(map(len, DATA.values())) + sum(map(len, PRIVATE.values()))
    data = store.map_data(saved.id)
    assert data is not None and data.info == info and data.files == DATA  # no private file
    assert store.map_file(saved.id, "partners.csv") == DATA["partners.csv"]
    assert store.map_file(saved.id, "source.json") is None  # private
    assert store.map_private(saved.id, saved.edit_secret) == PRIVATE
    assert store.can_edit(saved.id, saved.edit_secret)
    clock.advance(days=400)
    assert store.map_info(saved.id) == info  # saved maps never expire
    other = store.save_map("Turin", DATA)
    assert other.id != saved.id and other.edit_secret != saved.edit_secret
    assert store.map_private(other.id, other.edit_secret) == {}


def test_sto202_the_edit_secret_is_kept_only_hashed(store: Store, engine):
    saved = store.save_map("Lyon", DATA, PRIVATE)
    with engine.connect() as connection:
        kept = connection.execute(select(maps.c.secret_hash)).scalar_one()
    assert kept == hashlib.sha256(saved.edit_secret.encode()).hexdigest()
    assert saved.edit_secret not in kept


def test_sto203_a_wrong_secret_reads_and_changes_nothing(store: Store):
    saved = store.save_map("Lyon", DATA, PRIVATE)
    other = store.save_map("Turin", DATA, PRIVATE)
    wrong = [
        other.edit_secret,  # another map's
        saved.edit_secret[:-1] + ("A" if saved.edit_secret[-1] != "A" else "B"),
        "",
        saved.edit_secret + "x",
        None,
        saved.id,
    ]
    for secret in wrong:
        assert store.map_private(saved.id, secret) is None  # type: ignore[arg-type]
        assert not store.can_edit(saved.id, secret)  # type: ignore[arg-type]
        assert store.replace_map(saved.id, secret, {"partners.csv": b""}) is None  # type: ignore[arg-type]
        assert store.rename_map(saved.id, secret, "Mine now") is None  # type: ignore[arg-type]
        assert not store.delete_map(saved.id, secret)  # type: ignore[arg-type]
    info = store.map_info(saved.id)
    assert info is not None and info.name == "Lyon" and info.revision == 1
    assert store.map_data(saved.id).files == DATA
    for unknown in ("", "A" * 12, "../../etc", None):
        assert store.map_info(unknown) is None  # type: ignore[arg-type]
        assert store.map_data(unknown) is None  # type: ignore[arg-type]
        assert store.map_private(unknown, saved.edit_secret) is None  # type: ignore[arg-type]
        assert not store.delete_map(unknown, saved.edit_secret)  # type: ignore[arg-type]


def test_sto204_each_change_raises_the_revision(store: Store, clock):
    saved = store.save_map("Lyon", DATA, PRIVATE)
    clock.advance(minutes=1)
    new_data = {"partners.csv": b"city\nTurin\nBirmingham\n", "home.csv": DATA["home.csv"]}
    info = store.replace_map(saved.id, saved.edit_secret, new_data)
    assert info is not None and info.revision == 2 and info.updated == clock.now
    assert info.name == "Lyon" and info.created != info.updated
    assert store.map_data(saved.id).files == new_data
    assert store.map_private(saved.id, saved.edit_secret) == PRIVATE  # kept when not given
    assert info.size == sum(map(len, new_data.values())) + sum(map(len, PRIVATE.values()))

    info = store.replace_map(
        saved.id, saved.edit_secret, DATA, private_files={"mapping.json": b"{}"}, name="Lyon 2"
    )
    assert info is not None and (info.revision, info.name) == (3, "Lyon 2")
    assert store.map_private(saved.id, saved.edit_secret) == {"mapping.json": b"{}"}
    assert store.map_data(saved.id).files == DATA

    info = store.rename_map(saved.id, saved.edit_secret, "  Lyon, 2026 ")
    assert info is not None and (info.revision, info.name) == (4, "Lyon, 2026")
    assert store.map_info(saved.id) == info
    with pytest.raises(StorageError) as refused:
        store.rename_map(saved.id, saved.edit_secret, " \n ")
    assert refused.value.code == "storage.name_empty"
    assert store.map_info(saved.id).revision == 4

    assert store.delete_map(saved.id, saved.edit_secret)
    assert store.map_info(saved.id) is None and store.map_data(saved.id) is None
    assert not store.can_edit(saved.id, saved.edit_secret)
    assert store.maps_usage() == (0, 0)


def test_sto205_names_are_cleaned_and_bounded(store: Store):
    saved = store.save_map("x" * 500 + "\x00", DATA)
    assert store.map_info(saved.id).name == "x" * 200
    saved = store.save_map("a\u200bb\r\nc", DATA)
    assert store.map_info(saved.id).name == "a b c"
    with pytest.raises(StorageError) as refused:
        store.save_map("   ", DATA)
    assert refused.value.code == "storage.name_empty"


def test_sto206_a_full_store_refuses_a_new_map_and_evicts_none(engine, clock):
    migrate(engine)
    limits = small_limits(maps_bytes=1000, map_bytes=600, drafts_bytes=600)
    store = Store(engine, limits, now=clock)
    first = store.save_map("First", {"partners.csv": b"a" * 500})
    second = store.save_map("Second", {"partners.csv": b"b" * 300}, {"source.json": b"s" * 100})
    with pytest.raises(StorageError) as refused:
        store.save_map("Third", {"partners.csv": b"c" * 201})
    assert refused.value.code == "storage.maps_full"
    assert "delete some first" in str(refused.value)
    assert store.maps_usage() == (2, 900)
    assert store.map_info(first.id) and store.map_info(second.id)
    # Replacing a map counts its own files as freed.
    assert store.replace_map(second.id, second.edit_secret, {"partners.csv": b"b" * 400})
    with pytest.raises(StorageError):
        store.replace_map(second.id, second.edit_secret, {"partners.csv": b"b" * 501})
    with pytest.raises(StorageError) as refused:
        store.save_map("Big", {"partners.csv": b"c" * 301}, {"source.json": b"s" * 300})
    assert refused.value.code == "storage.map_too_large"  # the private files count too
    assert store.delete_map(first.id, first.edit_secret)
    assert store.save_map("Third", {"partners.csv": b"c" * 201})
    # Drafts do not take the saved maps' room, nor the other way round.
    assert store.create_draft("d.csv", {"a.csv": b"d" * 550})


def test_sto207_file_names_of_maps_are_plain_names(store: Store):
    for files in ({"../partners.csv": b""}, {"data/partners.csv": b""}, {"..": b""}):
        with pytest.raises(StorageError) as refused:
            store.save_map("Lyon", files)
        assert refused.value.code == "storage.file_name"
        with pytest.raises(StorageError):
            store.save_map("Lyon", DATA, files)
    saved = store.save_map("Lyon", DATA)
    with pytest.raises(StorageError):
        store.replace_map(saved.id, saved.edit_secret, {"../x.csv": b""})
    assert store.map_file(saved.id, "../home.csv") is None


def test_sto208_the_links():
    assert view_path("AbC-_0123456") == "/maps/AbC-_0123456/"
    secret = "s" * 32
    assert edit_path("AbC-_0123456", secret) == f"/maps/AbC-_0123456/edit#key={secret}"
    assert "key" not in edit_path("AbC-_0123456", secret).partition("#")[0]
