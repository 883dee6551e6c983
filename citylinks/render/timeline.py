"""The timeline chart under the map: agreements signed per year as stacked bars (new partners,
then renewals and further agreements), and where the page draws the chosen year's band behind
it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts, texts
from citylinks.model.details import agreements_per_year
from citylinks.render.styles import TIMELINE_THEMES, apply_theme
from citylinks.render.wording import escape_html

TIMELINE_MARGIN = {"l": 32, "r": 12, "t": 6, "b": 22}
TIMELINE_PAD = 0.6  # years of space either side of the first and last bars
BAR_COLOR = "#0072B2"  # new partners
LATER_BAR_COLOR = "#56B4E9"  # renewals, replacements, updates and further agreements


def timeline_figure(per_year: pd.DataFrame, t: Texts | None = None) -> dict[str, Any]:
    """Agreements signed per year as stacked bars, drawn with scatter traces only (the geo-only
    plotly.js bundle has no bar trace): each kind of bar is filled rectangles in one trace
    (new partners at the bottom, later agreements on top), and an invisible point per year
    carries the hover text and the click. The chosen year is not in the figure: the page
    shows it as a band behind the chart (`timeline_band`), so a slider step moves one element
    instead of redrawing a plotly chart. `per_year` is model/details.py's
    `agreements_per_year`."""
    t = t or texts("en")
    years = per_year["year"].to_numpy(dtype=float)
    counts = per_year["count"].to_numpy(dtype=float)
    later = per_year["later"].to_numpy(dtype=float) if "later" in per_year else counts * 0
    totals = counts + later
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
    data = [
        _bars(years, counts * 0, counts, BAR_COLOR, BAR_COLOR, t("timeline.bars")),
        _bars(years, counts, totals, LATER_BAR_COLOR, BAR_COLOR, t("timeline.later_bars")),
        {
            "type": "scatter",
            "mode": "markers",
            "x": years.tolist(),
            "y": totals.tolist(),
            "marker": {"size": 14, "opacity": 0},
            "text": _hover_labels(per_year, t),
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
            "dtick": 1 if totals.max(initial=0) <= 4 else 2,
            "zeroline": False,
        },
    }
    return {"data": data, "layout": apply_theme(layout, TIMELINE_THEMES["light"])}


def timeline_traces(
    data: Dataset, t: Texts, first: int, last: int, kept: np.ndarray | None = None
) -> list[dict[str, Any]]:
    """The timeline's traces counting the instrument rows `kept` only (the view's filters;
    all when None), for the page to draw over the timeline it came with."""
    names = "city_fr" if t.lang == "fr" else "city"
    per_year = agreements_per_year(data, first, last, names, kept)
    traces: list[dict[str, Any]] = timeline_figure(per_year, t)["data"]
    return traces


def _hover_labels(per_year: pd.DataFrame, t: Texts) -> list[str]:
    """ "<b>2014</b>: 1 new partner<br>Vienna<br>2 renewals or further agreements<br>Montreal,
    Rome", per year (data escaped: plotly renders hover text as HTML). Read column by column:
    pandas' `itertuples` cost more than the labels."""
    size = len(per_year)
    later = per_year["later"].tolist() if "later" in per_year else [0] * size
    later_cities = per_year["later_cities"].tolist() if "later_cities" in per_year else [""] * size
    labels = []
    for year, count, cities, more, more_cities in zip(
        per_year["year"].tolist(),
        per_year["count"].tolist(),
        per_year["cities"].tolist(),
        later,
        later_cities,
        strict=True,
    ):
        parts = []
        for number, names, key in (
            (int(count), cities, "timeline.new"),
            (int(more), more_cities, "timeline.later"),
        ):
            if number:
                parts.append(escape_html(t.count(key, number)) + f"<br>{escape_html(names)}")
        body = "<br>".join(parts) or escape_html(t.count("timeline.signed", 0))
        labels.append(t("timeline.hover", year=f"<b>{int(year)}</b>", counts=body))
    return labels


def _bars(
    years: np.ndarray, bottoms: np.ndarray, tops: np.ndarray, fill: str, line: str, name: str
) -> dict[str, Any]:
    """One kind of bar as one filled scatter trace: a closed rectangle a year where the bar
    is not empty (None between rectangles)."""
    bars_x: list[float | None] = []
    bars_y: list[float | None] = []
    for x, bottom, top in zip(years.tolist(), bottoms.tolist(), tops.tolist(), strict=True):
        if top > bottom:
            bars_x += [x - 0.4, x - 0.4, x + 0.4, x + 0.4, x - 0.4, None]
            bars_y += [bottom, top, top, bottom, bottom, None]
    return {
        "type": "scatter",
        "mode": "lines",
        "x": bars_x,
        "y": bars_y,
        "fill": "toself",
        "fillcolor": fill,
        "line": {"width": 1, "color": line},
        "hoverinfo": "skip",
        "name": name,
    }


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
