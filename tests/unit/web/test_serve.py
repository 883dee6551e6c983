"""`make serve`'s server: gunicorn runs app:server with debug off and the security headers."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.unit.fresh_app import run_fresh

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve001_gunicorn_serves_the_app(tmp_path):
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    assert gunicorn, "gunicorn is a dependency of CityLinks"
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [gunicorn, "app:server", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--preload"],
        cwd=ROOT,
        env={**os.environ, "CITYLINKS_DATA": ""},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/")
                response = conn.getresponse()
                body = response.read().decode()
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.2)
        assert response.status == 200
        assert "CityLinks: Paris" in body
        assert "script-src 'self' 'sha256-" in response.getheader("Content-Security-Policy")
        conn.request("GET", "/_citylinks/view?year=1900")
        error = conn.getresponse()
        assert error.status == 400
        assert b"Traceback" not in error.read()
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def test_serve002_no_module_is_half_made_while_pages_are_encoded(tmp_path):
    """plotly's JSON encoder (every page, view and answer) looks for PIL.Image among the loaded
    modules; openpyxl imported it on the first spreadsheet, and a page encoded by another thread
    meanwhile found it half made: a 500 (seen under tests/server's attacks). The app imports it
    whole before it serves: a fresh process, as gunicorn's master makes it (app:server)."""
    script = (
        "import sys, app\n"
        "image = sys.modules.get('PIL.Image')\n"
        "assert image is not None and hasattr(image, 'Image'), image\n"
        "assert 'openpyxl' not in sys.modules  # still imported only for a workbook\n"
    )
    done = run_fresh(script, tmp_path)
    assert done.returncode == 0, done.stderr
