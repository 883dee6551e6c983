"""What the people who run the server do (citylinks/storage/backup.py and `python -m citylinks
publish|maps`): list, delete, export a map as a data folder, back up the whole store and restore
it into SQLite or PostgreSQL alike, the edit secrets still working."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from citylinks.__main__ import main
from citylinks.dataset.loading import DEFAULT_DATA_DIR, load_dataset
from citylinks.storage import StorageError, Store, make_engine, migrate

DATA = {"home.csv": b"city\nLyon\n", "partners.csv": b"city\nTurin\n"}
PRIVATE = {"source.json": b'{"rows": []}'}


def _store(url: str, clock=None) -> Store:
    engine = make_engine(url)
    migrate(engine)
    return Store(engine) if clock is None else Store(engine, now=clock)


def test_sto301_list_and_delete_without_the_secret(store: Store, clock):
    first = store.save_map("First", DATA)
    clock.advance(minutes=1)
    second = store.save_map("Second", DATA, PRIVATE)
    listed = store.list_maps()
    assert [(m.id, m.name) for m in listed] == [(second.id, "Second"), (first.id, "First")]
    assert listed[0] == store.map_info(second.id)
    assert store.admin_delete(first.id)
    assert not store.admin_delete(first.id)
    assert not store.admin_delete("../x")
    assert [m.id for m in store.list_maps()] == [second.id]


def test_sto302_a_map_exported_is_a_data_folder(store: Store, tmp_path: Path):
    files = {p.name: p.read_bytes() for p in DEFAULT_DATA_DIR.glob("*.csv")}
    saved = store.save_map("Paris", files, PRIVATE)
    assert store.export_map(saved.id, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(files)  # no private
    exported = load_dataset(tmp_path / "out")
    assert len(exported.partners) == len(load_dataset(DEFAULT_DATA_DIR).partners)
    assert not store.export_map("A" * 12, tmp_path / "none")
    assert not (tmp_path / "none").exists()


def test_sto303_backup_from_sqlite_restores_into_postgresql(
    sqlite_url: str, postgres_url: str, tmp_path: Path, clock
):
    source = _store(sqlite_url, clock)
    saved = source.save_map("Lyon", DATA, PRIVATE)
    clock.advance(minutes=3)
    assert source.rename_map(saved.id, saved.edit_secret, "Lyon 2026")
    other = source.save_map("Turin", {"partners.csv": b"x" * 100_000})
    draft = source.create_draft("upload.csv", {"source.json": b"{}"})
    backup = tmp_path / "backup.zip"
    assert source.backup(backup) == 2
    assert backup.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["drafts"] == [] and len(manifest["maps"]) == 2
        assert saved.edit_secret not in archive.read("manifest.json").decode()

    target = _store(postgres_url, clock)
    assert target.restore(backup) == (2, 0)
    assert target.map_info(saved.id) == source.map_info(saved.id)  # name, times, revision
    assert target.map_data(other.id) == source.map_data(other.id)
    assert target.map_private(saved.id, saved.edit_secret) == PRIVATE  # the secret still works
    assert target.can_edit(other.id, other.edit_secret)
    assert not target.can_edit(saved.id, other.edit_secret)
    info = target.replace_map(saved.id, saved.edit_secret, DATA)
    assert info is not None and info.revision == 3
    assert target.draft(draft) is None
    # Restoring again replaces the maps of the same id, and keeps the others.
    kept = target.save_map("Only here", DATA)
    assert target.restore(backup) == (2, 0)
    assert target.map_info(saved.id).revision == 2
    assert target.map_info(kept.id) is not None
    target.engine.dispose()

    # Drafts too, when asked; and back into SQLite.
    assert source.backup(backup, drafts=True) == 2
    again = _store(sqlite_url.replace("citylinks.sqlite3", "again.sqlite3"), clock)
    assert again.restore(backup) == (2, 1)
    assert again.draft(draft) == source.draft(draft)
    again.engine.dispose()
    source.engine.dispose()


def test_sto304_a_file_that_is_not_a_backup_changes_nothing(store: Store, tmp_path: Path):
    saved = store.save_map("Lyon", DATA)
    not_zip = tmp_path / "x.zip"
    not_zip.write_bytes(b"hello")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "something else"}))
    forged = tmp_path / "forged.zip"
    store.backup(forged)
    with zipfile.ZipFile(forged) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        contents = {n: archive.read(n) for n in archive.namelist() if n != "manifest.json"}
    manifest["maps"][0]["files"]["data"].append("../../etc/passwd")
    with zipfile.ZipFile(forged, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, content in contents.items():
            archive.writestr(name, content)
    missing = tmp_path / "missing.zip"
    manifest["maps"][0]["files"]["data"][-1] = "absent.csv"
    with zipfile.ZipFile(missing, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
    store.admin_delete(saved.id)
    for path in (not_zip, other, forged, missing, tmp_path / "nowhere.zip"):
        with pytest.raises(StorageError) as refused:
            store.restore(path)
        assert refused.value.code == "storage.backup_invalid"
    assert store.list_maps() == []


def test_sto305_publish_then_list_export_and_delete(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert main(["publish", str(DEFAULT_DATA_DIR), "--database", database_url]) == 0
    out = capsys.readouterr().out
    view = re.search(r"view link \(to share\): (/maps/([A-Za-z0-9_-]{12})/)$", out, re.M)
    edit = re.search(r"edit link \(private\): +(/maps/(\S+)/edit#key=(\S+))$", out, re.M)
    assert view and edit, out
    map_id, secret = view.group(2), edit.group(3)
    assert edit.group(2) == map_id and "keep it private" in out

    assert main(["maps", "list", "--database", database_url]) == 0
    listed = capsys.readouterr().out
    assert map_id in listed and "Paris" in listed  # the home city names it

    folder = tmp_path / "exported"
    assert main(["maps", "export", map_id, str(folder), "--database", database_url]) == 0
    exported = load_dataset(folder)
    assert len(exported.partners) == len(load_dataset(DEFAULT_DATA_DIR).partners)
    assert exported.home.city == "Paris"

    store = _store(database_url)
    assert store.can_edit(map_id, secret)
    assert store.map_info(map_id).name == "Paris"
    store.engine.dispose()

    backup = tmp_path / "store.zip"
    assert main(["maps", "backup", str(backup), "--database", database_url]) == 0
    assert main(["maps", "delete", map_id, "--database", database_url]) == 0
    assert main(["maps", "delete", map_id, "--database", database_url]) == 1
    assert "no map" in capsys.readouterr().err
    assert main(["maps", "export", map_id, str(tmp_path / "x"), "--database", database_url]) == 1
    assert main(["maps", "restore", str(backup), "--database", database_url]) == 0
    assert main(["maps", "list", "--database", database_url]) == 0
    assert map_id in capsys.readouterr().out


def test_sto306_publish_names_and_refuses(
    sqlite_url: str, data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    args = ["--database", sqlite_url]
    assert main(["publish", str(data_copy), "--name", "Twin towns of Paris", *args]) == 0
    assert "saved as the map 'Twin towns of Paris'" in capsys.readouterr().out
    (data_copy / "partners.csv").write_text("city\nNowhere\n", encoding="utf-8")
    assert main(["publish", str(data_copy), *args]) == 1
    err = capsys.readouterr().err
    assert "partners.csv" in err and "problem" in err  # the data's own messages
    assert main(["publish", str(tmp_path / "absent"), *args]) == 1
    assert main(["maps", "list", *args]) == 0
    assert capsys.readouterr().out.count("\n") == 1  # only the first map was saved
    unreachable = f"postgresql://nobody@/none?host={tmp_path}&port=1"
    assert main(["maps", "list", "--database", unreachable]) == 1
    assert "cannot be used" in capsys.readouterr().err
    assert main(["maps", "list", "--database", "mysql://x/y"]) == 1
    assert main(["maps", "restore", str(data_copy / "home.csv"), *args]) == 1
    assert "not a backup" in capsys.readouterr().err


def test_sto307_the_database_comes_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.delenv("CITYLINKS_DATABASE_URL", raising=False)
    monkeypatch.setenv("CITYLINKS_STATE_DIR", str(tmp_path / "state"))
    assert main(["maps", "list"]) == 0
    assert "no saved map" in capsys.readouterr().out
    assert (tmp_path / "state" / "citylinks.sqlite3").is_file()
    monkeypatch.setenv("CITYLINKS_DATABASE_URL", f"sqlite:///{tmp_path / 'named.sqlite3'}")
    assert main(["publish", str(DEFAULT_DATA_DIR)]) == 0
    assert (tmp_path / "named.sqlite3").is_file()


def test_sto308_ids_never_read_as_options(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    """A new id begins with a letter or digit: one in 64 began with "-" and `maps export ID
    FOLDER` took it for an option (CI failed on it). A map saved before keeps its id and is
    named after "--"."""
    from citylinks.storage import ids

    drawn = iter(["-dashfirst12", "_underscore1", "Bgoodid12345"])
    monkeypatch.setattr(ids.secrets, "token_urlsafe", lambda _n: next(drawn))
    assert ids.new_map_id() == "Bgoodid12345"
    monkeypatch.undo()
    assert all(ids.new_map_id()[0].isalnum() for _ in range(2000))

    from citylinks.storage import maps as saved_maps

    monkeypatch.setattr(saved_maps, "new_map_id", lambda: "-legacy12345")
    assert main(["publish", str(DEFAULT_DATA_DIR), "--database", sqlite_url]) == 0
    assert "/maps/-legacy12345/" in capsys.readouterr().out
    folder = tmp_path / "exported"
    args = ["--database", sqlite_url, "--"]
    assert main(["maps", "export", *args, "-legacy12345", str(folder)]) == 0
    assert load_dataset(folder).home.city == "Paris"
    assert main(["maps", "delete", *args, "-legacy12345"]) == 0
