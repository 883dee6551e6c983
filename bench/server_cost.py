"""The server's CPU per request of `make load`'s mix, without locust: `python -m bench.server_cost`.
Not part of `make test`.

Starts gunicorn as bench/load.py does (web/gunicorn_setup.py, 2 workers, --threads), sends
`--requests` requests of the load's mix (bench/load.py's users: slider steps, filter toggles
and a city's details, 8:2:1) from `--connections` keep-alive connections in threads of this
process, and prints the CPU that gunicorn's master and workers used per request (/proc), with
the server's answer times (its access log). About 20 s: a quick check of a change's cost
before a full `make load`, which measures the same mix under 200 users.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.load import ACCESS_FORMAT, CITIES, FIRST, LAST, NETWORKS, Watch, _details_body
from bench.server import SERVE_THREADS, Server


class _User:
    """One simulated user's state, as bench/load.py's MeetingUser keeps it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.year = LAST
        self.networks: list[str] = []
        self.mode = "show"

    def next_request(self) -> tuple[str, str, bytes | None]:
        """(method, path, body) of the user's next request, as the load's tasks weigh them."""
        pick = self.rng.random() * 11
        if pick >= 10:
            city, country_code = self.rng.choice(CITIES)
            body = json.dumps(_details_body(city, country_code, self.year)).encode()
            return "POST", "/_dash-update-component", body
        if pick < 8:
            self.year = self.year - 1 if self.year > FIRST else LAST
        else:
            network = self.rng.choice(NETWORKS)
            if network in self.networks:
                self.networks.remove(network)
            else:
                self.networks.append(network)
            self.mode = self.rng.choice(["show", "any", "all"])
        params = [("year", self.year), ("mode", self.mode)]
        params += [("network", n) for n in self.networks]
        return "GET", f"/_citylinks/view?{urlencode(params)}", None


def _client(port: int, count: int, seed: int, users: int) -> None:
    rng = random.Random(seed)
    people = [_User(rng) for _ in range(users)]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept-Encoding": "gzip", "Content-Type": "application/json"}
    for _ in range(count):
        method, path, body = rng.choice(people).next_request()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=SERVE_THREADS)
    args = parser.parse_args()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    with tempfile.TemporaryDirectory(prefix="citylinks-cost-") as tmp:
        log = Path(tmp) / "access.log"
        log.touch()
        command = [gunicorn, "app:server", "-c", "web/gunicorn_setup.py"]
        command += ["--bind", "127.0.0.1:{port}", "--workers", str(args.workers)]
        command += ["--threads", str(args.threads), "--timeout", "30", "--preload"]
        command += ["--access-logfile", str(log), "--access-logformat", ACCESS_FORMAT]
        server = Server(command, None)
        try:
            watch = Watch(server.process.pid, log)
            each = args.requests // args.connections
            users = max(1, 200 // args.connections)
            threads = [
                threading.Thread(target=_client, args=(server.port, each, seed, users))
                for seed in range(args.connections)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
            result = watch.result()
        finally:
            server.stop()
    sent = each * args.connections
    cores = result["cores_used"]["gunicorn"]
    print(
        f"{sent} requests in {wall:.1f} s ({sent / wall:.0f}/s), {args.workers} workers of "
        f"{args.threads} threads: server CPU {cores * wall / sent * 1000:.2f} ms a request "
        f"({cores} cores)"
    )
    for kind, times in result["server_ms"].items():
        p50, p95, count = times["p50_ms"], times["p95_ms"], times["requests"]
        print(f"  {kind}: p50 {p50} ms  p95 {p95} ms  ({count})")


if __name__ == "__main__":
    main()
