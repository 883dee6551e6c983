"""Load on loopback: `make load` (or `python -m bench.load`). Not part of `make test`.

Starts CityLinks under gunicorn on 127.0.0.1 (as `make serve` does) and runs locust in this
process against it, bounded in users and time:

1. 200 simulated users (starting 20 a second; measured once all have started) for 60 s, each
   opening the page and then doing what a person does in a
   meeting: sweeping the year slider one year at a time (the view route), toggling network
   filters and modes, and now and then clicking a city for its details (Dash callbacks, with
   the request bodies the page sends);
2. the same users for 30 s while 2 clients keep posting 5 MB bodies from another process
   (bench/oversized.py), which the server must refuse (413) without slowing the others.

Prints requests per second, p50/p95 and errors for each phase, and writes bench/load.json.
Beside locust's times (from the client: its own queueing included) it reports the server's
(gunicorn's access log, `%(D)s`: from the request read to the answer written) and the CPU
each side used during the phase (/proc: locust's process, gunicorn's master and workers), in
cores of the machine's two.
Targets (the README's performance section): phase 1 no errors and p95 under 100 ms; phase 2
the users' p95 under 500 ms. The users are locust's FastHttpUser (geventhttpclient): the load
generator shares the machine's two cores with the server, and locust's default client spent
more of them than the server did (p95 940 ms at 180 requests a second, all of it the client's
queueing; a view answer costs the server 3 ms).
"""

from __future__ import annotations

import gevent.monkey

gevent.monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, between, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

from bench.server import ROOT, SERVE_THREADS, Server, _children, percentile  # noqa: E402
from components import ids  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "load.json"
NETWORKS = ["uclg", "aimf", "eurocities", "uceu", "c40", "100rc", "rcities", "cfl"]
CITIES = [("Tokyo", "JP"), ("Rome", "IT"), ("Québec", "CA"), ("Prague", "CZ"), ("Seoul", "KR")]
FIRST, LAST = 1956, 2026


def _details_body(city: str, country_code: str, year: int) -> dict:
    """The details callback's request, as the page sends it after a click on a city."""
    return {
        "output": f"..{ids.DETAILS_BODY}.children...{ids.DETAILS}.className..",
        "outputs": [
            {"id": ids.DETAILS_BODY, "property": "children"},
            {"id": ids.DETAILS, "property": "className"},
        ],
        "inputs": [
            {
                "id": ids.SELECTED,
                "property": "data",
                "value": {"city": city, "country_code": country_code},
            },
            {"id": ids.DETAILS_YEAR, "property": "data", "value": None},
        ],
        "state": [
            {"id": ids.YEAR, "property": "value", "value": year},
            {"id": ids.DETAILS, "property": "className", "value": "details hidden"},
            {"id": ids.LANGUAGE, "property": "data", "value": "en"},
        ],
        "changedPropIds": [f"{ids.SELECTED}.data"],
    }


class MeetingUser(FastHttpUser):
    """One colleague with the map open: slider sweeps, filter toggles, a city's details."""

    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.client.get("/", name="page")
        self.year = LAST
        self.networks: list[str] = []
        self.mode = "show"

    def _view(self) -> None:
        params = [("year", self.year), ("mode", self.mode)] + [
            ("network", n) for n in self.networks
        ]
        self.client.get(f"/_citylinks/view?{urlencode(params)}", name="view (slider/filter)")

    @task(8)
    def slider_step(self) -> None:
        self.year = self.year - 1 if self.year > FIRST else LAST
        self._view()

    @task(2)
    def toggle_filter(self) -> None:
        network = random.choice(NETWORKS)
        if network in self.networks:
            self.networks.remove(network)
        else:
            self.networks.append(network)
        self.mode = random.choice(["show", "any", "all"])
        self._view()

    @task(1)
    def open_details(self) -> None:
        city, country_code = random.choice(CITIES)
        self.client.post(
            "/_dash-update-component",
            json=_details_body(city, country_code, self.year),
            name="details callback",
        )


SPAWN_RATE = 20  # users starting a second: 200 people do not open the page in one instant
ACCESS_FORMAT = "%(D)s %(m)s %(U)s %(s)s"  # microseconds, method, path, status
TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


class Watch:
    """The CPU used by locust (this process) and by gunicorn (master and workers) from now,
    and the server's own answer times from its access log."""

    def __init__(self, server_pid: int, access_log: Path) -> None:
        self.pids = [server_pid, *_children(server_pid)]
        self.access_log = access_log
        self.offset = access_log.stat().st_size
        self.started = time.perf_counter()
        self.server_cpu = sum(_cpu_seconds(pid) for pid in self.pids)
        self.locust_cpu = _cpu_seconds(os.getpid())

    def result(self) -> dict:
        wall = time.perf_counter() - self.started
        server_cpu = sum(_cpu_seconds(pid) for pid in self.pids) - self.server_cpu
        locust_cpu = _cpu_seconds(os.getpid()) - self.locust_cpu
        with self.access_log.open("rb") as log:
            log.seek(self.offset)
            lines = log.read().decode(errors="replace").splitlines()
        by_kind: dict[str, list[float]] = {}
        for line in lines:
            parts = line.split()
            if len(parts) == 4 and parts[0].isdigit():
                by_kind.setdefault(_kind(parts[2], parts[3]), []).append(int(parts[0]) / 1000)
        every = [ms for times in by_kind.values() for ms in times if times]
        return {
            "cores_used": {
                "locust": round(locust_cpu / wall, 2),
                "gunicorn": round(server_cpu / wall, 2),
            },
            "server_ms": {
                kind: _times(times) for kind, times in sorted({**by_kind, "all": every}.items())
            },
        }


def _kind(path: str, status: str) -> str:
    if path.endswith("/_citylinks/view"):
        return "view"
    if path.endswith("/_dash-update-component"):
        return "details callback"
    if status == "413":
        return "oversized (413)"
    return "page" if path == "/" else path


def _times(values: list[float]) -> dict:
    return {
        "requests": len(values),
        "p50_ms": round(percentile(values, 0.5) or 0, 1),
        "p95_ms": round(percentile(values, 0.95) or 0, 1),
        "p99_ms": round(percentile(values, 0.99) or 0, 1),
    }


def run_phase(
    host: str, users: int, seconds: int, watch: Watch | None = None, oversized_clients: int = 0
) -> dict:
    """`users` MeetingUsers for `seconds`, measured once they have all started (the ramp-up is
    not measured); with `oversized_clients` posting 5 MB bodies from another process; `watch`
    (made again once the users have started) measures the server's side."""
    env = Environment(user_classes=[MeetingUser], host=host, events=events)
    runner = env.create_local_runner()
    runner.start(user_count=users, spawn_rate=SPAWN_RATE)
    while runner.user_count < users:
        gevent.sleep(0.2)
    env.stats.reset_all()
    watch = watch and Watch(watch.pids[0], watch.access_log)
    posters = None
    if oversized_clients:
        port = host.rsplit(":", 1)[1]
        posters = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.oversized",
                "--port",
                port,
                "--seconds",
                str(seconds),
                "--clients",
                str(oversized_clients),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
        )
    gevent.sleep(seconds)
    server_side = watch.result() if watch else {}
    runner.quit()
    entries = env.stats.entries
    phase: dict = {"seconds": seconds, "by_request": {}}
    for (name, method), entry in sorted(entries.items()):
        phase["by_request"][f"{method} {name}"] = _entry(entry)
    merged = env.stats.total
    phase["users"] = {**_entry(merged), "rps": round(merged.num_requests / seconds, 1)}
    # what went wrong, when something did (locust's own record: request, error, times)
    phase["errors"] = {
        f"{error.method} {error.name}: {error.error}"[:200]: error.occurrences
        for error in env.stats.errors.values()
    }
    phase.update(server_side)
    if posters is not None:
        out, _ = posters.communicate(timeout=60)
        phase["oversized"] = json.loads(out.decode().strip().splitlines()[-1])
    return phase


def _entry(entry) -> dict:
    return {
        "requests": entry.num_requests,
        "errors": entry.num_failures,
        "rps": round(entry.total_rps, 1),
        "p50_ms": entry.get_response_time_percentile(0.5),
        "p95_ms": entry.get_response_time_percentile(0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=SERVE_THREADS, help="per worker (make serve's)"
    )
    args = parser.parse_args()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "app:server",
        "-c",
        "web/gunicorn_setup.py",  # as make serve: threaded workers, headers, no tokens logged
        "--bind",
        "127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--timeout",
        "30",
        "--preload",
        "--access-logfile",
        "{access_log}",
        "--access-logformat",
        ACCESS_FORMAT,
    ]
    with tempfile.TemporaryDirectory(prefix="citylinks-load-") as tmp:
        access_log = Path(tmp) / "access.log"
        access_log.touch()
        command = [part.replace("{access_log}", str(access_log)) for part in command]
        server = Server(command, None)
        try:
            host = f"http://127.0.0.1:{server.port}"
            print(
                f"gunicorn, {args.workers} workers of {args.threads} threads on {host}, "
                f"started in {server.startup_s} s"
            )
            watch = Watch(server.process.pid, access_log)
            results = {
                "users": args.users,
                "workers": args.workers,
                "threads": args.threads,
                "steady": run_phase(host, args.users, args.seconds, watch),
                "oversized": run_phase(
                    host, args.users, args.seconds // 2, watch, oversized_clients=2
                ),
            }
        finally:
            server.stop()
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    for name in ("steady", "oversized"):
        phase = results[name]
        u = phase["users"]
        print(
            f"{name:>9}: {u['rps']:>6} req/s  p50 {u['p50_ms']} ms  p95 {u['p95_ms']} ms  "
            f"errors {u['errors']} of {u['requests']}"
        )
        for kind, t in phase["server_ms"].items():
            print(
                f"{'':>11}server, {kind}: p50 {t['p50_ms']} ms  p95 {t['p95_ms']} ms  "
                f"p99 {t['p99_ms']} ms  ({t['requests']} answers)"
            )
        for error, times in phase["errors"].items():
            print(f"{'':>11}error ({times}x): {error}")
        cores = phase["cores_used"]
        print(f"{'':>11}CPU: locust {cores['locust']} cores, gunicorn {cores['gunicorn']} cores")
    print(f"oversized posts' answers: {results['oversized']['oversized']}")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
