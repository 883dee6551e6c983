"""CityLinks benchmarks: `make bench` (or `python -m bench.run`). Not part of `make test`.

For the bundled data and generated data sets of 1,000, 10,000 and 50,000 partner and member
cities, each measured for the real app and for the baseline (bench/baseline_app.py):

1. slider feel: headless Chromium presses the slider's arrow key (40 steps on the bundled
   data, 20 on generated data) and toggles network
   filters (10 clicks); the time from the input event to plotly's `plotly_afterplot`;
2. page weight: bytes transferred on a cold load (bodies as sent, so compressed when the server
   compresses, plus headers) and the number of requests, and how many left 127.0.0.1;
3. server callbacks: the callback requests the page made, replayed on loopback (200 each);
4. start-up: from process start to the first 200 answer for the page;
5. server memory: the bundled data served as `make serve` serves it (gunicorn, 2 workers of
   32 threads, MALLOC_ARENA_MAX=2), after the page, a few slider steps and filters in the
   browser and every year's view in both languages on the view route: each process's
   resident memory (/proc/PID/status VmRSS, and its peak VmHWM) and its proportional share
   (/proc/PID/smaps_rollup Pss: the pages a worker shares with the others, forked from the
   same master, counted once between them).

Prints a table and writes bench/results.json. `--quick` runs the bundled data only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.browser import STEP_TIMEOUT_MS, _settle, _timed, measure_browser
from bench.generate import generate
from bench.page_js import INSTRUMENT
from bench.report import floor_table, memory_line, table
from bench.server import (
    APPS,
    LANGUAGES,
    ROOT,
    SERVE,
    SERVE_ENV,
    SERVE_THREADS,
    SERVE_WORKERS,
    Server,
    _children,
    _memory_mb,
    _page_everywhere,
    _views_everywhere,
    measure_callbacks,
    percentile,
)
from tests.browser.chromium import launch

# The names other benchmarks imported from here before the split (bench/browser.py,
# bench/server.py, bench/report.py), still importable from bench.run.
__all__ = ["APPS", "ROOT", "Server", "_children", "_settle", "_timed", "main", "percentile"]

RESULTS = Path(__file__).resolve().parent / "results.json"
SIZES = (1_000, 10_000, 50_000)
# The baseline re-sends every point on each move; at scale a few moves tell the story.
STEPS = {
    "bundled": (40, 10, 200),
    1_000: (20, 10, 200),
    10_000: (20, 10, 200),
    50_000: (20, 10, 200),
}
BASELINE_STEPS = {
    "bundled": (40, 10, 200),
    1_000: (20, 10, 200),
    10_000: (5, 4, 20),
    50_000: (2, 2, 3),
}


def measure_memory(steps: int = 10) -> dict:
    """Resident memory of `make serve`'s processes with the bundled data, once the page has
    been used (see the module's docstring)."""
    server = Server(SERVE, None, SERVE_ENV)
    try:
        _page_everywhere(server.port)
        with sync_playwright() as pw:
            browser = launch(pw)
            for lang in LANGUAGES:
                page = browser.new_page(viewport={"width": 1920, "height": 1080})
                page.goto(f"{server.url}?lang={lang}")
                page.wait_for_selector("#map .geo path.point", state="attached", timeout=120_000)
                page.wait_for_load_state("networkidle", timeout=120_000)
                page.evaluate(INSTRUMENT)
                thumb = page.locator("#year-slider [role='slider']")
                thumb.focus()
                for _ in range(steps):
                    _timed(page, lambda page=page: page.keyboard.press("ArrowLeft"))
                boxes = page.locator("#network-filter input[type='checkbox']")
                for i in range(4):
                    box = boxes.nth(i // 2)
                    _timed(page, lambda box=box: box.click(timeout=STEP_TIMEOUT_MS))
                years = page.evaluate("() => window.dash_clientside.citylinks.constants()")
                page.close()
            browser.close()
        views = _views_everywhere(server.port, years["first"], years["last"])
        workers = _children(server.process.pid)
        return {
            "server": (
                f"gunicorn, {SERVE_WORKERS} workers of {SERVE_THREADS} threads, MALLOC_ARENA_MAX=2"
            ),
            "views": views,
            "master": _memory_mb(server.process.pid),
            "workers": [_memory_mb(pid) for pid in workers],
        }
    finally:
        server.stop()


def run_one(app: str, label: str, data_dir: Path | None) -> dict:
    steps, toggles, repeats = (BASELINE_STEPS if app == "baseline" else STEPS)[label]
    server = Server(APPS[app], data_dir)
    try:
        browser = measure_browser(server.url, steps, toggles)
        posts = browser.pop("callback_posts")
        callbacks = measure_callbacks(server.port, posts, repeats)
    finally:
        server.stop()
    return {"startup_s": server.startup_s, **browser, "callbacks": callbacks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="bundled data only")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--apps", nargs="*", choices=list(APPS), default=list(APPS))
    parser.add_argument("--no-bundled", action="store_true", help="generated data only")
    parser.add_argument("--no-memory", action="store_true", help="skip the server's memory")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the results go")
    args = parser.parse_args()
    results: dict = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "datasets": {},
    }
    datasets: list[tuple[str, Path | None]] = [] if args.no_bundled else [("bundled", None)]
    with tempfile.TemporaryDirectory(prefix="citylinks-bench-") as tmp:
        if not args.quick:
            for size in args.sizes:
                print(f"generating {size:,} cities...", flush=True)
                datasets.append((size, generate(size, Path(tmp) / f"data-{size}")))
        for label, folder in datasets:
            results["datasets"][label] = {}
            for app in args.apps:
                print(f"measuring {app} on {label} data...", flush=True)
                results["datasets"][label][app] = run_one(app, label, folder)
                # Saved after each measurement, so that a long run that stops keeps the rest.
                args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
        if not args.no_memory:
            print("measuring the server's memory (make serve, bundled data)...", flush=True)
            results["server_memory"] = measure_memory()
            args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print()
    print(table(results))
    if "server_memory" in results:
        print()
        print(memory_line(results["server_memory"]))
    print("\nAgainst the renderer (same page, same run; ratio = CityLinks p50 / full react p50):")
    print(floor_table(results))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
