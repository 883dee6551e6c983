"""What the motion costs a slider step, in one page: `python -m bench.motion_ab [--data FOLDER]`.
Not part of `make test`.

On a noisy machine two runs of `make bench` differ more than the motion's cost; here the same
page takes turns, in blocks of `--steps` slider steps (backwards, then forwards), between the
motion (`prefers-reduced-motion: no-preference`) and none (`reduce`), after a first round that
fetches every view. Each step as `make bench` times it (key to `plotly_afterplot`, 250 ms quiet
between keys, so the next key may meet the motion of the step before) and its first frame.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.browser import _settle, _timed
from bench.page_js import INSTRUMENT
from bench.server import APPS, Server, percentile
from tests.browser.chromium import launch

MODES = ("no-preference", "reduce")


def measure(url: str, blocks: int, steps: int) -> dict[str, dict[str, list[float]]]:
    times: dict[str, dict[str, list[float]]] = {m: {"step": [], "frame": []} for m in MODES}
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(url)
        page.wait_for_selector("#map .geo path.point", state="attached", timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        page.evaluate(INSTRUMENT)
        thumb = page.locator("#year-slider [role='slider']")
        thumb.focus()
        page.keyboard.press("End")
        _settle(page, 600)
        for _ in range(steps * 2):  # every view of the blocks fetched once
            _timed(page, lambda: page.keyboard.press("ArrowLeft"))
        page.keyboard.press("End")
        _settle(page, 600)
        for block in range(blocks * len(MODES)):
            mode = MODES[block % len(MODES)]
            page.emulate_media(reduced_motion=mode)
            key = "ArrowLeft" if block % 4 < 2 else "ArrowRight"
            for _ in range(steps):
                elapsed = _timed(
                    page, lambda key=key: page.keyboard.press(key), times[mode]["frame"]
                )
                if elapsed is not None:
                    times[mode]["step"].append(elapsed)
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="a data folder (python -m bench.generate)")
    parser.add_argument("--blocks", type=int, default=3, help="blocks of each kind")
    parser.add_argument("--steps", type=int, default=10, help="slider steps a block")
    args = parser.parse_args()
    server = Server(APPS["citylinks"], args.data)
    try:
        times = measure(server.url, args.blocks, args.steps)
    finally:
        server.stop()
    for mode, measured in times.items():
        step, frame = measured["step"], measured["frame"]
        if not step or not frame:
            print(f"{mode:>13}: no step measured")
            continue
        print(
            f"{mode:>13}: {len(step)} steps, p50 {statistics.median(step):.0f} / "
            f"p95 {percentile(step, 0.95):.0f} ms; to frame p50 "
            f"{statistics.median(frame):.0f} / p95 {percentile(frame, 0.95):.0f} ms"
        )


if __name__ == "__main__":
    main()
