"""The benchmarks' browser side: the app's page in headless Chromium (playwright), a slider
step or a filter click timed from the input event to plotly's `plotly_afterplot`
(bench/page_js.py instruments the page), the renderer's own floor measured in the same page,
the frames of a step's motion, and the page's cold load (bytes, requests, any outside
127.0.0.1). Used by bench/run.py, bench/profile.py and bench/motion_ab.py.
"""

from __future__ import annotations

import os
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from bench.page_js import (
    CLICKABLE_PARTNER,
    FRAMES_START,
    FRAMES_STOP,
    INSTRUMENT,
    KEEP_FIGURE,
    RENDERER_FLOOR,
)
from bench.server import VIEW_ROUTE, summary
from tests.browser.chromium import is_local, launch

STEP_TIMEOUT_MS = int(os.environ.get("STEP_TIMEOUT_MS", "60000"))


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
