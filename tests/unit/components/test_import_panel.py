"""The import panel's server side: the upload route and its limits, where imports are kept,
and the map of an import served under /imported/<token>/."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import stat

import pytest

from app import create_app
from citylinks.importing.folder import folder_files
from citylinks.importing.places import parse_home
from citylinks.importing.prepare import prepare
from citylinks.importing.source import read_source
from citylinks.importing.workspace import ImportStore, is_token, store_in
from citylinks.settings import LIMITS
from citylinks.storage import Store, make_engine, migrate

CSV = "Ville;Pays;Année\nTurin;Italie;1956\nBirmingham;Royaume-Uni;1951\n".encode()


@pytest.fixture
def store(tmp_path):
    return store_in(tmp_path / "imports")


@pytest.fixture
def client(store, dataset):
    return create_app(data=dataset, imports=store).server.test_client()


def _upload(client, content: bytes, name: str = "lyon.csv"):
    return client.post(
        "/_citylinks/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_ipn001_an_upload_is_kept_under_a_token(client, store, tmp_path):
    response = _upload(client, CSV)
    assert response.status_code == 200
    answer = response.get_json()
    assert is_token(answer["token"]) and answer["name"] == "lyon.csv"
    upload = store.upload(answer["token"])
    assert upload.source == read_source("lyon.csv", CSV) and upload.name == "lyon.csv"
    # Kept as read, never as the raw file, in a database only the server's account can open.
    assert store.store.draft_info(answer["token"])[0] == "lyon.csv"
    assert set(store.data_files(answer["token"])) == set()
    folder = tmp_path / "imports"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for database in folder.iterdir():
        assert stat.S_IMODE(database.stat().st_mode) == 0o600, database.name


def test_ipn002_the_server_refuses_what_is_too_big_or_not_a_table(client):
    big = _upload(client, b"city\n" + b"x" * (6 * 1024 * 1024))
    assert big.status_code == 413
    assert "request body over" in big.get_json()["error"]
    binary = _upload(client, b"\x89PNG\r\n\x1a\n" + bytes(100), "photo.csv")
    assert binary.status_code == 422
    assert binary.get_json()["error"].startswith("photo.csv, 3: this is not a text file")
    assert client.post("/_citylinks/import", data={}).status_code == 400
    # Every other path keeps the small limit.
    assert client.post("/_dash-update-component", data=b"x" * 300_000).status_code == 413


def test_ipn003_an_imported_map_is_served_under_its_token(client, store):
    token = _upload(client, CSV).get_json()["token"]
    assert client.get(f"/imported/{token}/").status_code == 404  # not opened yet
    upload = store.upload(token)
    result = prepare(upload.source)
    assert store.put_data(token, folder_files(result, parse_home("Lyon, FR"))[1])
    page = client.get(f"/imported/{token}/")
    assert page.status_code == 200 and "CityLinks: Lyon" in page.get_data(as_text=True)
    assert client.get(f"/imported/{token}").status_code == 308
    view = client.get(f"/imported/{token}/_citylinks/view?year=2000&mode=show").get_json()
    assert view["status"] == "Lyon: 2 partners in 2 countries as of 2000"
    layout = json.dumps(client.get(f"/imported/{token}/_dash-layout").get_json())
    assert "Imported from lyon.csv" in layout and "import-panel" not in layout
    for bad in ("../etc", "x" * 22, "not-a-token"):
        assert client.get(f"/imported/{bad}/").status_code == 404
    # The main map is still the main map.
    assert "Paris" in client.get("/_citylinks/view?year=2000&mode=show").get_json()["status"]


def test_ipn004_imports_expire_and_the_oldest_make_room(tmp_path):
    now = [dt.datetime(2026, 12, 1, tzinfo=dt.UTC)]
    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    migrate(engine)
    limits = dataclasses.replace(LIMITS, imports_kept=2)
    store = ImportStore(Store(engine, limits, now=lambda: now[0]))
    source = read_source("a.csv", CSV)

    def save(name: str) -> str:
        now[0] += dt.timedelta(seconds=1)
        return store.save(name, source)

    first, second = save("a.csv"), save("b.csv")
    third = save("c.csv")  # a full store evicts the oldest, never refuses
    assert store.upload(first) is None and store.upload(second) and store.upload(third)
    now[0] += dt.timedelta(hours=LIMITS.import_hours, seconds=1)
    assert store.upload(third) is None  # expired a day after its last change
    assert is_token(store.save("d.csv", source))
    assert store.upload("../../etc/passwd") is None and store.data_files("..") is None


def test_ipn005_a_kept_table_keeps_its_problems_and_an_older_one_is_expired(store):
    content = "Ville;Pays;Année\nTurin;Italie;1956;x;y\nRome;Italie;1956\n".encode()
    source = read_source("a.csv", content)
    assert [p.code for p in source.problems] == ["import.field_count"]
    token = store.save("a.csv", source)
    assert store.upload(token).source == source
    # A table kept by a version whose problems were sentences: as if it had expired.
    kept = json.loads(store.store.draft_file(token, "source.json"))
    kept["problems"] = [{"file": "a.csv", "line": 2, "column": "", "message": "5 fields"}]
    store.store.put_draft_files(token, {"source.json": json.dumps(kept).encode()})
    assert store.upload(token) is None


def test_ipn006_the_panel_says_problems_in_the_page_language():
    from citylinks.errors import DataError, Problem
    from citylinks.i18n.catalogue import texts
    from components.import_choices import home_city as _home
    from components.import_panel import _problems
    from components.import_view import first_problem

    source = read_source("rows.csv", b"city,country,year\nRome,Atlantide,1956\n")
    result = prepare(source)
    _, items = _problems(texts("fr"), result)
    assert [li.children for li in items.children] == [
        "2 · country\u00a0: «\u00a0Atlantide\u00a0» n’est pas un nom de pays connu de l’import"
    ]
    _, items = _problems(texts("en"), result)
    assert items.children[0].children == (
        "2 · country: 'Atlantide' is not a country name the import knows"
    )
    empty = DataError([Problem.of("lyon.csv", 1, "", "file.empty")])
    assert first_problem(empty, texts("fr")) == "lyon.csv\u00a0: le fichier est vide"
    assert _home("Lyon, Atlantis", texts("fr")) == (
        None,
        "ville de référence\u00a0: «\u00a0Atlantis\u00a0» n’est ni un nom de pays "
        "ni un code à deux lettres",
    )
    assert _home("Lyon, Atlantis", texts("en"))[1] == (
        "home: 'Atlantis' is not a country name or a two-letter code"
    )
