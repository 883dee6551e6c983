"""Where a slider step's time goes, from Chromium's own CPU profiler: `python -m bench.profile`
(or `make profile`). Not part of `make test`.

Starts the app on the bundled data (or `--data FOLDER`), opens it in headless Chromium, records
a CPU profile (DevTools protocol `Profiler`, 100 µs sampling) over 30 slider steps, each waited
for until plotly has drawn, and prints the time spent by script: Dash's renderer and React,
plotly.js, the page's own assets, and the rest (garbage collection, layout and paint are
"(program)" and "(garbage collector)"); then the functions with the most time (their own and
their callees') per step, which names where it goes (plotly.js's methods keep their names in
its minified bundle: `update`, `updateBaseLayers`, `_render`, `supplyDefaults`,
`drawMarginPushers`...). Also writes the profile (bench/slider.cpuprofile) for Chromium's
DevTools: Performance panel, "Load profile".
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.browser import _timed
from bench.page_js import INSTRUMENT
from bench.server import APPS, Server
from tests.browser.chromium import launch

OUT = Path(__file__).resolve().parent / "slider.cpuprofile"
GROUPS = (
    ("plotly.js", ("plotly",)),
    ("Dash renderer and React", ("dash_renderer", "react", "dash-renderer")),
    ("Dash components (slider, graph)", ("dash_core_components", "dcc/", "async-")),
    ("the page's assets", ("/assets/", "/_citylinks/scripts.js")),
)


def _group(url: str, function: str) -> str:
    if not url:
        return function if function.startswith("(") else "(other)"
    for name, needles in GROUPS:
        if any(needle in url for needle in needles):
            return name
    return "other scripts"


def self_times(profile: dict) -> dict[str, float]:
    """Milliseconds of self time per group, from a DevTools CPU profile."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    deltas = profile.get("timeDeltas", [])
    per_node: dict[int, float] = defaultdict(float)
    for sample, delta in zip(profile.get("samples", []), [*deltas[1:], 0], strict=True):
        per_node[sample] += delta / 1000
    totals: dict[str, float] = defaultdict(float)
    for node_id, ms in per_node.items():
        frame = nodes[node_id]["callFrame"]
        totals[_group(frame.get("url", ""), frame.get("functionName", ""))] += ms
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def _name(frame: dict) -> str:
    script = frame.get("url", "").rsplit("/", 1)[-1].split("?")[0]
    where = f" ({script}:{frame['lineNumber'] + 1})" if script else ""
    return (frame.get("functionName") or "(anonymous)") + where


def heaviest(profile: dict, count: int) -> list[tuple[str, float]]:
    """The `count` functions with the most inclusive time (self and callees), in ms."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parents = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    deltas = profile.get("timeDeltas", [])
    per_node: dict[int, float] = defaultdict(float)
    for sample, delta in zip(profile.get("samples", []), [*deltas[1:], 0], strict=True):
        per_node[sample] += delta / 1000
    totals: dict[str, float] = defaultdict(float)
    for node_id, ms in per_node.items():
        names = set()
        while node_id in nodes:
            frame = nodes[node_id]["callFrame"]
            if not frame.get("functionName", "").startswith("("):
                names.add(_name(frame))
            node_id = parents.get(node_id, -1)
        for name in names:  # a recursive function counts once
            totals[name] += ms
    return sorted(totals.items(), key=lambda item: -item[1])[:count]


def profile_slider(url: str, steps: int) -> tuple[dict, list[float]]:
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(url)
        page.wait_for_selector("#map .geo path.point", state="attached", timeout=120_000)
        page.wait_for_load_state("networkidle")
        page.evaluate(INSTRUMENT)
        thumb = page.locator("#year-slider [role='slider']")
        thumb.focus()
        page.keyboard.press("End")
        page.wait_for_timeout(800)
        # Once round the years first, so that the views are fetched and cached.
        for _ in range(steps):
            _timed(page, lambda: page.keyboard.press("ArrowLeft"))
        page.keyboard.press("End")
        page.wait_for_timeout(800)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 100})
        cdp.send("Profiler.start")
        times = [_timed(page, lambda: page.keyboard.press("ArrowLeft")) for _ in range(steps)]
        profile = cdp.send("Profiler.stop")["profile"]
        browser.close()
    return profile, [t for t in times if t is not None]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--top", type=int, default=25, help="how many functions to list")
    parser.add_argument(
        "--data", type=Path, help="a data folder (python -m bench.generate N FOLDER)"
    )
    args = parser.parse_args()
    server = Server(APPS["citylinks"], args.data)
    try:
        profile, times = profile_slider(server.url, args.steps)
    finally:
        server.stop()
    OUT.write_text(json.dumps(profile))
    totals = self_times(profile)
    print(f"{len(times)} slider steps, median {sorted(times)[len(times) // 2]:.0f} ms each")
    print("self time during the steps (ms per step):")
    for name, ms in totals.items():
        if ms / max(len(times), 1) >= 0.1:
            print(f"  {name:<34} {ms / max(len(times), 1):7.1f}")
    print("the heaviest functions, with their callees (ms per step):")
    for name, ms in heaviest(profile, args.top):
        print(f"  {ms / max(len(times), 1):7.1f}  {name}")
    print(f"profile written to {OUT}")


if __name__ == "__main__":
    main()
