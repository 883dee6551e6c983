"""Saved maps through the app: an import saved with *Save this map* gets a view link that
opens it read-only (and nothing of the upload) and an edit link whose key renames and deletes
it; the same through the command line's `publish`; /healthz; several maps, one app."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from contextlib import redirect_stdout

import pytest

from app import create_app
from citylinks.__main__ import main as command_line
from citylinks.importing.folder import folder_files
from citylinks.importing.places import parse_home
from citylinks.importing.prepare import prepare
from citylinks.importing.workspace import store_in
from components import ids
from tests.unit.dashrequests import callback_key, callback_request, post_callback

CSV = "Ville;Pays;Année\nTurin;Italie;1956\nBirmingham;Royaume-Uni;1951\n".encode()


@pytest.fixture
def app(dataset, tmp_path):
    imports = store_in(tmp_path / "state")
    app = create_app(data=dataset, imports=imports)
    app.imports = imports  # for the test's own steps
    return app


def _saved_links(app, client) -> tuple[str, str]:
    """Upload a file, show it on the map, save it: its view and edit links."""
    token = client.post(
        "/_citylinks/import",
        data={"file": (io.BytesIO(CSV), "lyon.csv")},
        content_type="multipart/form-data",
    ).get_json()["token"]
    # *Show on the map* (its callback's column choices are pattern-matched: done directly)
    imports = app.imports
    result = prepare(imports.upload(token).source)
    assert imports.put_data(token, folder_files(result, parse_home("Lyon, FR"))[1])
    saved = post_callback(
        client,
        app,
        callback_key(app, f"{ids.IMPORT_SAVED}.children"),
        [1],
        ["Lyon's partners", {"token": token}, "", "en"],
    )
    text = json.dumps(saved.get_json())
    view = re.search(r"http://localhost(/maps/[A-Za-z0-9_-]{12}/)\"", text).group(1)
    edit = re.search(r"http://localhost(/maps/[A-Za-z0-9_-]{12}/edit#key=[A-Za-z0-9_-]+)", text)
    return view, edit.group(1)


def test_sav001_a_saved_import_opens_read_only_under_its_view_link(app):
    client = app.server.test_client()
    view, edit = _saved_links(app, client)
    page = client.get(view)
    assert page.status_code == 200 and "<title>CityLinks: Lyon&#x27;s partners</title>" in page.text
    layout = json.dumps(client.get(view + "_dash-layout").get_json())
    assert "Saved map: Lyon's partners" in layout
    # Read-only: no import panel, no edit panel, nothing of the upload.
    assert ids.IMPORT_PANEL not in layout and ids.EDIT_PANEL not in layout
    answer = client.get(view + "_citylinks/view?year=2000&mode=show").get_json()
    assert "Lyon" in answer["status"] and "Turin" in json.dumps(answer)
    assert client.get(view + "_citylinks/table?year=2000&mode=show").status_code == 200
    # The main map is still the main map.
    main = client.get("/_citylinks/view?year=2000&mode=show").get_json()
    assert "Paris" in main["status"]
    assert edit.startswith(view + "edit#key=")


def _edit(app, client, view: str, output: str, inputs: list, state: list):
    key = callback_key(app, output)
    return client.post(
        view + "_dash-update-component",
        data=callback_request(key, app.callback_map[key], inputs, state),
        content_type="application/json",
    )


def test_sav002_the_edit_key_renames_and_deletes_a_wrong_one_does_nothing(app):
    client = app.server.test_client()
    view, edit = _saved_links(app, client)
    secret = edit.split("#key=")[1]
    page = client.get(view + "edit")
    assert (
        page.status_code == 200
        and f'"requests_pathname_prefix":"{view}edit/"' in page.text.replace(" ", "")
    )
    layout = json.dumps(client.get(view + "edit/_dash-layout").get_json())
    assert ids.EDIT_PANEL in layout
    rename = f"{ids.EDIT_STATUS}.children"
    wrong = _edit(app, client, view, rename, [1], ["Stolen", "x" * 32, "en"]).get_json()
    assert "no key, or a wrong one" in json.dumps(wrong)
    assert "Lyon&#x27;s partners" in client.get(view).text
    done = _edit(app, client, view, rename, [1], ["Lyon 2026", secret, "fr"]).get_json()
    assert "Carte renommée" in json.dumps(done, ensure_ascii=False)
    assert "<title>CityLinks: Lyon 2026</title>" in client.get(view).text
    delete = f"{ids.EDIT_STATUS}.children@"
    key = next(k for k in app.callback_map if k.startswith(delete))
    assert _edit(app, client, view, key, [1], [secret, "en"]).status_code == 200
    gone = client.get(view)
    assert (
        gone.status_code == 404 and "No such map" in gone.text and "Carte introuvable" in gone.text
    )


def test_sav003_published_maps_are_served_by_id_and_health_says_the_database_is_current(
    tmp_path, dataset
):
    url = f"sqlite:///{tmp_path / 'state' / 'citylinks.sqlite3'}"
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert (
            command_line(["publish", "data", "--name", "Paris, published", "--database", url]) == 0
        )
    view = re.search(r"(/maps/[A-Za-z0-9_-]{12}/)", printed.getvalue()).group(1)
    app = create_app(data=dataset, imports=store_in(tmp_path / "state"))
    client = app.server.test_client()
    assert client.get(view).status_code == 200
    assert client.get(view[:-1]).status_code == 308
    for bad in ("/maps/../etc/", "/maps/" + "a" * 12 + "/", "/imported/" + "b" * 22 + "/"):
        assert client.get(bad).status_code == 404
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["ok"] is True


def test_sav004_the_edit_page_reopens_the_file_and_save_replaces_the_data_at_the_same_links(app):
    client = app.server.test_client()
    view, edit = _saved_links(app, client)
    secret = edit.split("#key=")[1]
    layout = json.dumps(client.get(view + "edit/_dash-layout").get_json())
    assert ids.IMPORT_PANEL in layout and "Lyon, FR" in layout  # the panel, its home city
    load = next(k for k in app.callback_map if f"{ids.IMPORT_TOKEN}.data" in k)
    wrong = _edit(app, client, view + "edit/", load, [1], ["y" * 32, "en"]).get_json()
    assert "no key, or a wrong one" in json.dumps(wrong)
    loaded = _edit(app, client, view + "edit/", load, [1], [secret, "en"]).get_json()
    token = loaded["response"][ids.IMPORT_TOKEN]["data"]["token"]
    assert loaded["response"][ids.IMPORT_PANEL]["hidden"] is False
    # The file as it was read comes back; fewer rows this time (Birmingham taken out).
    imports = app.imports
    source = imports.upload(token).source
    result = prepare(dataclasses.replace(source, rows=source.rows[:1], lines=source.lines[:1]))
    assert imports.put_data(token, folder_files(result, parse_home("Lyon, FR"))[1])
    save = callback_key(app, f"{ids.IMPORT_SAVED}.children")
    done = _edit(
        app, client, view + "edit/", save, [1], ["Lyon, 1 partner", {"token": token}, secret, "en"]
    )
    assert "shows the new data at the same links" in json.dumps(done.get_json())
    answer = json.dumps(client.get(view + "_citylinks/view?year=2000&mode=show").get_json())
    assert "Turin" in answer and "Birmingham" not in answer
    assert "<title>CityLinks: Lyon, 1 partner</title>" in client.get(view).text
