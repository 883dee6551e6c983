"""Several instances on one PostgreSQL database, end to end, as the README's production set-up
runs them: a map published with the command line opens on both instances and after a restart;
a rename through one instance shows on the other; a delete through one is gone on the other;
/healthz answers on each. Real gunicorn processes, a real PostgreSQL server (tests/postgres.py).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import create_app
from citylinks.importing.workspace import store_in
from components import ids
from tests.unit.dashrequests import callback_request

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _request(port: int, method: str, path: str, body: bytes = b"") -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"} if body else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


class Instance:
    """`make serve`'s gunicorn (1 worker) on a free port and the given database."""

    def __init__(self, database_url: str, folder: Path) -> None:
        self.port = _free_port()
        self.log = (folder / f"instance-{self.port}.log").open("w")
        env = {**os.environ, "CITYLINKS_DATABASE_URL": database_url, "CITYLINKS_DATA": ""}
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            [
                gunicorn,
                "app:server",
                "-c",
                "web/gunicorn_setup.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                if _request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            assert self.process.poll() is None, "the instance stopped"
            assert time.monotonic() < deadline, "the instance did not answer within 90 s"
            time.sleep(0.3)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(20)
        self.log.close()


def _edit_body(key_part: str, inputs: list, state: list) -> bytes:
    app = create_app(imports=store_in(Path(os.environ["CITYLINKS_TEST_STATE"])))
    key = next(k for k in app.callback_map if k.startswith(key_part))
    return callback_request(key, app.callback_map[key], inputs, state).encode()


@pytest.fixture
def instances(postgres_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CITYLINKS_TEST_STATE", str(tmp_path / "state"))
    started = [Instance(postgres_url, tmp_path), Instance(postgres_url, tmp_path)]
    yield started
    for instance in started:
        if instance.process.poll() is None:
            instance.stop()


def test_ins001_two_instances_share_the_saved_maps_through_the_database(
    instances, postgres_url, tmp_path
):
    first, second = instances
    published = subprocess.run(
        [
            sys.executable,
            "-m",
            "citylinks",
            "publish",
            "data",
            "--name",
            "Paris, shared",
            "--database",
            postgres_url,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    view = re.search(r"(/maps/[A-Za-z0-9_-]{12}/)", published).group(1)
    secret = re.search(r"edit#key=([A-Za-z0-9_-]+)", published).group(1)
    for instance in (first, second):
        status, page = _request(instance.port, "GET", view)
        assert status == 200 and "<title>CityLinks: Paris, shared</title>" in page
        status, answer = _request(
            instance.port, "GET", view + "_citylinks/view?year=2000&mode=show"
        )
        assert status == 200 and "Paris" in json.loads(answer)["status"]
        status, health = _request(instance.port, "GET", "/healthz")
        assert status == 200 and json.loads(health)["database"] == "reachable"
    # The view link's page has no import panel: nothing of an upload is reachable from it.
    assert ids.IMPORT_PANEL not in _request(second.port, "GET", view + "_dash-layout")[1]

    # Renamed through the first instance (its edit page's callback): the second shows it.
    rename = _edit_body(f"{ids.EDIT_STATUS}.children", [1], ["Paris, renamed", secret, "en"])
    status, said = _request(first.port, "POST", view + "edit/_dash-update-component", rename)
    assert status == 200 and "Renamed" in said
    assert "<title>CityLinks: Paris, renamed</title>" in _request(second.port, "GET", view)[1]

    # The second instance restarted: the map is still there (the database keeps it).
    second.stop()
    restarted = Instance(postgres_url, tmp_path)
    instances[1] = restarted
    assert _request(restarted.port, "GET", view)[0] == 200

    # Deleted through the restarted instance (with the key): gone on the first one too.
    wrong = _edit_body(f"{ids.EDIT_STATUS}.children@", [1], ["z" * 32, "en"])
    assert (
        "wrong one"
        in _request(restarted.port, "POST", view + "edit/_dash-update-component", wrong)[1]
    )
    assert _request(first.port, "GET", view)[0] == 200
    delete = _edit_body(f"{ids.EDIT_STATUS}.children@", [1], [secret, "en"])
    status, said = _request(restarted.port, "POST", view + "edit/_dash-update-component", delete)
    assert status == 200 and "Deleted" in said
    status, page = _request(first.port, "GET", view)
    assert status == 404 and "This map does not exist" in page
