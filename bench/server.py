"""The benchmarks' server side: the app started in its own process as a user starts it
(`Server`, timed to its first answer), `make serve`'s gunicorn command, the callback and view
requests a page made replayed on loopback, the processes' memory (/proc), and the percentiles
every benchmark reports. Used by bench/run.py, bench/load.py and the other benchmarks.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = {
    "citylinks": [sys.executable, str(ROOT / "app.py")],
    "baseline": [sys.executable, "-m", "bench.baseline_app"],
}
VIEW_ROUTE = "/_citylinks/view"
# As `make serve` starts the app (Makefile: WORKERS, THREADS, TIMEOUT, MALLOC_ARENA_MAX).
SERVE_WORKERS = 2
SERVE_THREADS = 32
SERVE = [
    str(Path(sys.executable).parent / "gunicorn"),
    "app:server",
    "-c",
    "web/gunicorn_setup.py",
    "--bind",
    "127.0.0.1:{port}",
    "--workers",
    str(SERVE_WORKERS),
    "--threads",
    str(SERVE_THREADS),
    "--timeout",
    "30",
]
SERVE_ENV = {"MALLOC_ARENA_MAX": "2"}
LANGUAGES = ("en", "fr")


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 1) if values else None,
        "p95_ms": round(percentile(values, 0.95) or 0.0, 1) if values else None,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The app in its own process, as a user starts it; start-up timed to the first 200."""

    def __init__(
        self, command: list[str], data_dir: Path | None, env: dict[str, str] | None = None
    ) -> None:
        """`command` may say {port}: the free port chosen for it; `env`: more of its
        environment."""
        self.port = free_port()
        env = {**os.environ, **(env or {}), "HOST": "127.0.0.1", "PORT": str(self.port)}
        env["CITYLINKS_DATA"] = str(data_dir) if data_dir else ""
        # The server's log goes to a file: a pipe nobody reads would fill up and stall it.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        started = time.perf_counter()
        command = [part.format(port=self.port) for part in command]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = started + 120
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(self.log.read().decode(errors="replace")[-2000:])
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.02)
        self.startup_s = round(time.perf_counter() - started, 2)
        self.url = f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:  # gunicorn waits for its workers' open connections
            self.process.kill()
            self.process.wait(10)
        self.log.close()


def measure_callbacks(port: int, posts: list[tuple[str, str | None]], repeats: int) -> dict:
    """Replay each callback's recorded requests (and the view route's) on one keep-alive
    connection."""
    by_output: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for url, body in posts:
        name = VIEW_ROUTE if body is None else json.loads(body)["output"]
        by_output[name].append((url, body))
    results = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}
    for output, bodies in sorted(by_output.items()):
        times = []
        for i in range(repeats):
            url, body = bodies[i % len(bodies)]
            start = time.perf_counter()
            if body is None:
                path = url[url.index("/", len("http://")) :]
                conn.request("GET", path, headers=headers)
            else:
                # As bytes: http.client would send a str as Latin-1, not the page's UTF-8.
                data = body.encode()
                conn.request("POST", "/_dash-update-component", body=data, headers=headers)
            response = conn.getresponse()
            response.read()
            times.append((time.perf_counter() - start) * 1000)
            if response.status not in (200, 204):
                raise RuntimeError(f"{output}: HTTP {response.status}")
        results[output[:60]] = summary(times)
    conn.close()
    return results


def _children(pid: int) -> list[int]:
    tasks = Path(f"/proc/{pid}/task")
    found: list[int] = []
    for task in tasks.iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return sorted(found)


def _memory_mb(pid: int) -> dict:
    """A process's resident memory (VmRSS), its peak (VmHWM) and proportional share (Pss)."""
    fields = {}
    for name in ("status", "smaps_rollup"):
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Pss") and value.strip().endswith("kB"):
                fields[key] = round(int(value.split()[0]) / 1024, 1)
    return {
        "rss_mb": fields.get("VmRSS"),
        "peak_mb": fields.get("VmHWM"),
        "pss_mb": fields.get("Pss"),
    }


def _views_everywhere(port: int, first: int, last: int, connections: int = 8) -> int:
    """Every year's view in both languages, on several connections at once (so that each
    worker answers some); the number of views asked for."""
    paths = [
        f"{VIEW_ROUTE}?year={year}&mode=show&lang={lang}"
        for year in range(first, last + 1)
        for lang in LANGUAGES
    ]

    def ask(share: list[str]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for path in share:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
        conn.close()

    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(ask, [paths[i::connections] for i in range(connections)]))
    return len(paths)


def _page_everywhere(port: int, connections: int = 16) -> None:
    """The page asked for on several connections at once, so that every worker has served
    it once before the browser's visits are measured (Dash records its scripts' paths when it
    makes the page: web/gunicorn_setup.py now makes it before the workers start, so this is
    no longer needed for the page to load, tests/server/test_first_requests.py)."""

    def ask(_: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/")
        conn.getresponse().read()
        conn.close()

    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(ask, range(connections * 2)))
