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
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from bench.generate import generate
from bench.page_js import (
    CLICKABLE_PARTNER,
    FRAMES_START,
    FRAMES_STOP,
    INSTRUMENT,
    KEEP_FIGURE,
    RENDERER_FLOOR,
)
from tests.browser.chromium import is_local, launch

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
SIZES = (1_000, 10_000, 50_000)
APPS = {
    "citylinks": [sys.executable, str(ROOT / "app.py")],
    "baseline": [sys.executable, "-m", "bench.baseline_app"],
}
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
VIEW_ROUTE = "/_citylinks/view"
# As `make serve` starts the app (Makefile: WORKERS, THREADS, TIMEOUT, MALLOC_ARENA_MAX).
SERVE_WORKERS = 2
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
    "32",
    "--timeout",
    "30",
]
SERVE_ENV = {"MALLOC_ARENA_MAX": "2"}
LANGUAGES = ("en", "fr")
STEP_TIMEOUT_MS = int(os.environ.get("STEP_TIMEOUT_MS", "60000"))


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


def _settle(page, quiet_ms: int = 250) -> None:
    """Wait until plotly has not drawn for `quiet_ms` (one input can cause several draws)."""
    page.wait_for_function(
        f"() => window.__plotAt === undefined || performance.now() - window.__plotAt > {quiet_ms}",
        timeout=STEP_TIMEOUT_MS,
    )


def _timed(page, action, frames: list[float] | None = None) -> float | None:
    """Input to redrawn map in ms (and, into `frames`, input to the frame that shows it);
    None when the page did not manage within the time limit."""
    before = page.evaluate("() => window.__plots")
    try:
        action()
        page.wait_for_function(f"() => window.__plots > {before}", timeout=STEP_TIMEOUT_MS)
        elapsed = page.evaluate("() => window.__plotAt - window.__inputAt")
        _settle(page)
    except PlaywrightTimeout:  # a page too busy to answer is a result here
        return None
    if frames is not None:
        frames.append(page.evaluate("() => window.__frameAt - window.__inputAt"))
    return elapsed


def measure_browser(url: str, steps: int, toggles: int) -> dict:
    sizes: list[int] = []
    urls: list[str] = []
    posts: list[tuple[str, str | None]] = []
    with sync_playwright() as pw:
        browser = launch(pw)
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()

        def finished(request) -> None:
            measured = request.sizes()
            sizes.append(measured["responseBodySize"] + measured["responseHeadersSize"])

        page.on("requestfinished", finished)

        def recorded(r) -> None:
            urls.append(r.url)
            if r.method == "POST" and "_dash-update-component" in r.url:
                posts.append((r.url, r.post_data))
            elif r.method == "GET" and VIEW_ROUTE in r.url:
                posts.append((r.url, None))

        # No request interception here (each intercepted request would wait on this Python
        # process and slow the page): Chromium's host-resolver rule already stops any request
        # for another host, and every request is counted.
        page.on("request", recorded)
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_selector("#map .geo .layer.land path", state="attached", timeout=120_000)
        page.wait_for_selector("#map .geo path.point", state="attached", timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        load_s = round(time.perf_counter() - t0, 2)
        cold = {
            "bytes": sum(sizes),
            "requests": len(urls),
            "outside_requests": sum(not is_local(u) for u in urls),
            "load_s": load_s,
        }
        page.evaluate(INSTRUMENT)
        thumb = page.locator("#year-slider [role='slider']")
        thumb.focus()
        page.keyboard.press("End")
        _settle(page, 600)
        thumb.focus()
        # Backwards from this year: every step redraws the most partners.
        frames: list[float] = []
        slider = []
        page.evaluate(KEEP_FIGURE)
        for _ in range(steps):
            slider.append(_timed(page, lambda: page.keyboard.press("ArrowLeft"), frames))
            page.evaluate(KEEP_FIGURE)  # after the step's timing
        # The renderer's floor: the same figures, in the same order, by a bare Plotly.react.
        floor = page.evaluate(RENDERER_FLOOR)
        _settle(page)
        # Frames while stepping forward (years with new agreements grow their lines).
        frame_times: list[float] = []
        thumb.focus()
        for _ in range(min(steps, 10)):
            before = page.evaluate("() => window.__plots")
            page.keyboard.press("ArrowRight")
            try:
                page.wait_for_function(f"() => window.__plots > {before}", timeout=STEP_TIMEOUT_MS)
                page.evaluate(FRAMES_START)
                page.wait_for_timeout(450)
                frame_times += page.evaluate(FRAMES_STOP)
                _settle(page)
            except PlaywrightTimeout:  # too busy to draw within the limit: no frames to count
                break
        boxes = page.locator("#network-filter input[type='checkbox']")
        count = boxes.count()
        filters = []
        for i in range(toggles):
            box = boxes.nth((i // 2) % count)
            filters.append(_timed(page, lambda box=box: box.click(timeout=STEP_TIMEOUT_MS)))
        # A click on a partner opens its details (the details callbacks are replayed below).
        partner = page.evaluate(CLICKABLE_PARTNER)
        if partner:
            page.mouse.click(partner["x"], partner["y"])
            page.wait_for_timeout(1500)
        browser.close()
    return {
        "cold_load": cold,
        "slider": {**summary([v for v in slider if v is not None]), "timeouts": slider.count(None)},
        "slider_to_frame": summary(frames),
        "frame_times": summary(frame_times),
        "renderer_full": summary(floor["full"]),
        "renderer_data_only": summary(floor["dataOnly"]),
        "filters": {
            **summary([v for v in filters if v is not None]),
            "timeouts": filters.count(None),
        },
        # Unchecking a box goes back to a view already drawn: a cached view.
        "filters_cached": summary([v for v in filters[1::2] if v is not None]),
        "callback_posts": [p for p in posts if p[1] or VIEW_ROUTE in p[0]],
    }


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
            "server": f"gunicorn, {SERVE_WORKERS} workers of 32 threads, MALLOC_ARENA_MAX=2",
            "views": views,
            "master": _memory_mb(server.process.pid),
            "workers": [_memory_mb(pid) for pid in workers],
        }
    finally:
        server.stop()


def memory_line(memory: dict) -> str:
    workers = memory["workers"]

    def each(key: str) -> str:
        return " / ".join(f"{w[key]:.0f}" for w in workers)

    return (
        f"server memory, bundled data ({memory['server']}; after the page and "
        f"{memory['views']} views):\n"
        f"  per worker: RSS {each('rss_mb')} MB (peak {each('peak_mb')}), "
        f"PSS {each('pss_mb')} MB; master RSS {memory['master']['rss_mb']:.0f} MB"
    )


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


def ratio(base: float | None, ours: float | None) -> str:
    if not base or not ours:
        return "-"
    return f"{base / ours:.1f}x"


def table(results: dict) -> str:
    lines = [
        f"{'data':>8} {'app':>9} | {'slider p50/p95 ms':>18} | {'filter p50/p95 ms':>18} | "
        f"{'cold kB':>8} {'req':>4} {'out':>3} | {'start s':>7} | {'map callback p50/p95 ms':>24}"
    ]
    for label, apps in results["datasets"].items():
        for app, r in apps.items():
            map_cb = next(
                (v for k, v in r["callbacks"].items() if k == VIEW_ROUTE or k.startswith("..map.")),
                None,
            )
            map_cb = map_cb or next(iter(r["callbacks"].values()), {})
            lines.append(
                f"{label:>8} {app:>9} | "
                f"{_pair(r['slider']):>18} | {_pair(r['filters']):>18} | "
                f"{r['cold_load']['bytes'] / 1000:>8.0f} {r['cold_load']['requests']:>4} "
                f"{r['cold_load']['outside_requests']:>3} | {r['startup_s']:>7} | "
                f"{_pair(map_cb):>24}"
            )
        if {"citylinks", "baseline"} <= set(apps):
            ours, base = apps["citylinks"], apps["baseline"]
            lines.append(
                f"{label:>8} {'gain':>9} | "
                f"{ratio(base['slider']['p95_ms'], ours['slider']['p95_ms']):>18} | "
                f"{ratio(base['filters']['p95_ms'], ours['filters']['p95_ms']):>18} | "
                f"{ratio(base['cold_load']['bytes'], ours['cold_load']['bytes']):>8}"
            )
    return "\n".join(lines)


def floor_table(results: dict) -> str:
    """CityLinks beside the renderer's own cost, measured in the same page and run: a slider
    step and a cached filter change against a bare full Plotly.react of the same figures (and
    a data-only one); the ratio is CityLinks p50 / full react p50 (target: 1.0 or less)."""
    lines = [
        f"{'data':>8} | {'slider p50/p95':>15} | {'to frame':>11} | {'cached filter':>15} | "
        f"{'react full':>12} | {'react data':>12} | {'slider ratio':>12} | {'filter ratio':>12} | "
        f"{'frame ms':>9}"
    ]
    for label, apps in results["datasets"].items():
        r = apps.get("citylinks")
        if not r or "renderer_full" not in r:
            continue
        full = r["renderer_full"].get("median_ms")
        slider, cached = r["slider"].get("median_ms"), r["filters_cached"].get("median_ms")
        lines.append(
            f"{label:>8} | {_pair(r['slider']):>15} | "
            f"{_pair(r.get('slider_to_frame', {})):>11} | {_pair(r['filters_cached']):>15} | "
            f"{_pair(r['renderer_full']):>12} | {_pair(r['renderer_data_only']):>12} | "
            f"{_times(slider, full):>12} | {_times(cached, full):>12} | "
            f"{_pair(r.get('frame_times', {})):>9}"
        )
    return "\n".join(lines)


def _times(ours: float | None, floor: float | None) -> str:
    return f"{ours / floor:.2f}x" if ours and floor else "-"


def _pair(stats: dict) -> str:
    if not stats or stats.get("median_ms") is None:
        return "timeout"
    extra = f" ({stats['timeouts']} t/o)" if stats.get("timeouts") else ""
    return f"{stats['median_ms']:.0f} / {stats['p95_ms']:.0f}{extra}"


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
