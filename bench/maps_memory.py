"""Memory with many saved maps: `python -m bench.maps_memory [--maps 200]`.

Saves the bundled data as N maps in a fresh SQLite store, starts gunicorn as `make serve`
does (2 workers) on that store, opens each map as a browser would (its page, its layout, a
view) and prints the workers' resident memory before, after the N maps, and after opening
them all a second time: one app answers for every map and keeps only the 16 most recent
prepared (web/served_maps.py), so memory stays flat however many maps are visited.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.server import ROOT, Server
from citylinks.dataset.loading import DATA_FILES
from citylinks.storage import open_store, view_path


def worker_rss_mb(master: int) -> list[float]:
    children = subprocess.check_output(["pgrep", "-P", str(master)], text=True).split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sizes


def visit(port: int, path: str) -> None:
    for suffix in ("", "_dash-layout", "_citylinks/view?year=2000&mode=show"):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path + suffix)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path + suffix}: {response.status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--maps", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        url = f"sqlite:///{Path(root) / 'citylinks.sqlite3'}"
        store = open_store(url)
        data = ROOT / "data"
        files = {n: (data / n).read_bytes() for n in DATA_FILES if (data / n).is_file()}
        ids = [store.save_map(f"Paris {n}", files).id for n in range(args.maps)]
        store.engine.dispose()
        command = [str(Path(sys.executable).parent / "gunicorn"), "app:server"]
        command += ["-c", "web/gunicorn_setup.py", "--bind", "127.0.0.1:{port}"]
        command += ["--workers", "2", "--preload"]
        os.environ["CITYLINKS_DATABASE_URL"] = url  # the server's environment is this one's
        server = Server(command, None)
        try:
            visit(server.port, "/")
            before = worker_rss_mb(server.process.pid)
            started = time.perf_counter()
            for map_id in ids:
                visit(server.port, view_path(map_id))
            first = worker_rss_mb(server.process.pid)
            for map_id in ids:
                visit(server.port, view_path(map_id))
            second = worker_rss_mb(server.process.pid)
            seconds = time.perf_counter() - started
        finally:
            server.stop()
    print(f"{args.maps} saved maps, each opened twice (page, layout, a view) in {seconds:.0f} s")
    print(f"worker RSS MB: before {before}; after {args.maps} maps {first}; again {second}")


if __name__ == "__main__":
    main()
