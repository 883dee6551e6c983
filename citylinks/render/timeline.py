"""The timeline chart under the map: agreements signed per year as bars, and where the
page draws the chosen year's band behind it."""

from __future__ import annotations

from typing import Any

import pandas as pd

from citylinks.i18n.catalogue import Texts, texts
from citylinks.render.styles import TIMELINE_THEMES, apply_theme
from citylinks.render.wording import escape_html

TIMELINE_MARGIN = {"l": 32, "r": 12, "t": 6, "b": 22}
TIMELINE_PAD = 0.6  # years of space either side of the first and last bars
BAR_COLOR = "#0072B2"


def timeline_figure(per_year: pd.DataFrame, t: Texts | None = None) -> dict[str, Any]:
    """Agreements signed per year as bars, drawn with scatter traces only (the geo-only
    plotly.js bundle has no bar trace): the bars are filled rectangles in one trace, and an
    invisible point per year carries the hover text and the click. The chosen year is not in
    the figure: the page shows it as a band behind the chart (`timeline_band`), so a slider
    step moves one element instead of redrawing a plotly chart."""
    t = t or texts("en")
    years = per_year["year"].to_numpy(dtype=float)
    counts = per_year["count"].to_numpy(dtype=float)
    bars_x, bars_y = _bar_outlines(years.tolist(), counts.tolist())
    labels = [
        f"<b>{int(y)}</b>: {escape_html(t.count('timeline.signed', int(c)))}"
        + (f"<br>{escape_html(cities)}" if cities else "")
        for y, c, cities in zip(years, counts, per_year["cities"], strict=True)
    ]
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": bars_x,
            "y": bars_y,
            "fill": "toself",
            "fillcolor": BAR_COLOR,
            "line": {"width": 0, "color": BAR_COLOR},
            "hoverinfo": "skip",
            "name": t("timeline.bars"),
        },
        {
            "type": "scatter",
            "mode": "markers",
            "x": years.tolist(),
            "y": counts.tolist(),
            "marker": {"size": 14, "opacity": 0},
            "text": labels,
            "hovertemplate": "%{text}<extra></extra>",
            "name": t("timeline.year"),
        },
    ]
    layout: dict[str, Any] = {
        "uirevision": "citylinks-timeline",
        "margin": TIMELINE_MARGIN,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": font, "size": 11},
        "hovermode": "x",
        "dragmode": False,
        "showlegend": False,
        "xaxis": {
            "range": [years.min() - TIMELINE_PAD, years.max() + TIMELINE_PAD],
            "fixedrange": True,
            "dtick": 10,
            "showgrid": False,
            "zeroline": False,
        },
        "yaxis": {
            "fixedrange": True,
            "rangemode": "tozero",
            # A tick a year's count for small data (an imported city's few agreements).
            "dtick": 1 if counts.max(initial=0) <= 4 else 2,
            "zeroline": False,
        },
    }
    return {"data": data, "layout": apply_theme(layout, TIMELINE_THEMES["light"])}


def _bar_outlines(
    years: list[float], counts: list[float]
) -> tuple[list[float | None], list[float | None]]:
    """Each year's bar as a closed rectangle (x and y lists, None between bars)."""
    bars_x: list[float | None] = []
    bars_y: list[float | None] = []
    for x, count in zip(years, counts, strict=True):
        if count:
            bars_x += [x - 0.4, x - 0.4, x + 0.4, x + 0.4, x - 0.4, None]
            bars_y += [0, count, count, 0, 0, None]
    return bars_x, bars_y


def timeline_band(first: int, last: int) -> dict[str, float]:
    """Where the chosen year's band goes on the timeline, for the page's script: the plot
    area's margins in pixels and the x range in years, as `timeline_figure` lays them out."""
    return {
        "left": TIMELINE_MARGIN["l"],
        "right": TIMELINE_MARGIN["r"],
        "top": TIMELINE_MARGIN["t"],
        "bottom": TIMELINE_MARGIN["b"],
        "x0": first - TIMELINE_PAD,
        "x1": last + TIMELINE_PAD,
    }
