"""The benchmarks' report: bench/run.py's results as the tables it prints (CityLinks beside
the baseline, and beside the renderer's own redraw in the same page) and the server's memory
in a line.
"""

from __future__ import annotations

from bench.server import VIEW_ROUTE


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
