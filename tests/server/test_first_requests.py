"""`make serve` answers Dash's own scripts from its first request on, whichever worker takes it.

Dash records the paths of its scripts (/_dash-component-suites/…) only when it makes the page,
and answers 404 for a path it has not recorded; so a worker that had not made the page yet
answered 404 to the scripts of a page another worker had made, and the first visitors right
after a start could get a blank page. web/gunicorn_setup.py makes the page once before the
workers start. Real gunicorn, 2 workers, as the Makefile's `serve` runs it.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2
CONNECTIONS = 24  # each script asked for on this many new connections at once
SCRIPT = re.compile(r'<script src="(/_dash-component-suites/[^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture
def fresh_server(tmp_path: Path):
    """`make serve`'s gunicorn, just started: only /healthz has been asked for (it does not
    make the page), so no worker has made the page through a request."""
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    env = {**os.environ, "CITYLINKS_DATA": "", "MALLOC_ARENA_MAX": "2"}
    env["CITYLINKS_STATE_DIR"] = str(tmp_path / "state")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "app:server",
            "-c",
            "web/gunicorn_setup.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--threads",
            "8",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "gunicorn did not answer within 90 s"
            time.sleep(0.05)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(15)
        log.close()


def test_srv010_every_worker_answers_dashs_scripts_from_the_first_request(fresh_server):
    port = fresh_server
    status, page = _get(port, "/")
    assert status == 200
    scripts = SCRIPT.findall(page.decode())
    assert any("dash_renderer" in s or "dash-renderer" in s for s in scripts), scripts
    # Every script on many new connections at once, so that every worker answers some.
    asks = [path for path in scripts for _ in range(CONNECTIONS)]
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        statuses = list(pool.map(lambda path: (path, _get(port, path)[0]), asks))
    failed = sorted({f"{path}: {status}" for path, status in statuses if status != 200})
    assert not failed, failed
