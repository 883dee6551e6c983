"""Summary cards for the chosen year and the timeline of agreements signed per year.

The cards' numbers are answered by the map's callback (`components/map_view.py`), in the
same request as the map; only four texts change, never the page's components."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, dcc, html

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts
from citylinks.model.details import agreements_per_year
from citylinks.model.explorer import Explorer, Summary
from citylinks.render.timeline import BAR_COLOR, LATER_BAR_COLOR, timeline_figure
from citylinks.render.wording import coverage_text
from components import ids
from components.controls import year_range

CARDS = ("partners", "countries", "continents", "networks")  # labels: "card.<key>"


def card_value_id(key: str) -> str:
    return f"{ids.SUMMARY}-{key}"


def card_values(summary: Summary, t: Texts) -> list[str]:
    return [t.number(getattr(summary, key)) for key in CARDS]


def layout(explorer: Explorer, year: int, t: Texts) -> html.Div:
    summary = explorer.summary(explorer.shown(year, [], "show"), year)
    return html.Div(
        [
            html.Div(
                [
                    html.Span(value, id=card_value_id(key), className="card-value"),
                    html.Span(t(f"card.{key}"), className="card-label"),
                ],
                className=f"card card-{key}",
            )
            for key, value in zip(CARDS, card_values(summary, t), strict=True)
        ],
        id=ids.SUMMARY,
        className="summary",
        role="status",
    )


def coverage_note(data: Dataset, t: Texts) -> list[html.P]:
    """What the data covers, beside the timeline (nothing when home.csv says nothing)."""
    text = coverage_text(data.home, t)
    if not text:
        return []
    return [html.P(text, className="coverage-note", id=ids.COVERAGE_NOTE, title=text)]


def _timeline_key(t: Texts) -> html.Ul:
    """What the timeline's two colours mean: new partners, renewals and further agreements."""
    return html.Ul(
        [
            html.Li(
                [html.Span(className="swatch", style={"background": colour}), t(key)],
                className="timeline-key-item",
            )
            for colour, key in (
                (BAR_COLOR, "timeline.bars"),
                (LATER_BAR_COLOR, "timeline.later_bars"),
            )
        ],
        className="timeline-key",
    )


def timeline_layout(data: Dataset, t: Texts) -> html.Div:
    """Agreements per year: one small plotly chart (a single component keeps Dash's renderer
    fast; 71 HTML bars cost it about 16 ms on every slider step)."""
    first, last = year_range(data)
    names = "city_fr" if t.lang == "fr" else "city"
    per_year = agreements_per_year(data, first, last, names)
    return html.Div(
        className="timeline-region",
        children=[
            html.Div(
                className="timeline-head",
                children=[
                    html.Div(
                        t("timeline.title"), className="timeline-title", id=ids.TIMELINE_TITLE
                    ),
                    _timeline_key(t),
                    *coverage_note(data, t),
                ],
            ),
            html.Div(
                className="timeline-plot",
                children=[
                    # The chosen year: a band behind the (transparent) chart, placed by the
                    # year's clientside callback in components/controls.py.
                    html.Div(id=ids.TIMELINE_BAND, className="timeline-band"),
                    dcc.Graph(
                        id=ids.TIMELINE,
                        figure=timeline_figure(per_year, t),
                        config={"displayModeBar": False, "locale": t.lang},
                        responsive=True,
                        className="timeline-graph",
                    ),
                ],
            ),
        ],
    )


def register_callbacks(app: Dash) -> None:
    # A click on a year's bar goes to that year (assets/scripts/map_view.js timelineYear).
    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="timelineYear"),
        Output(ids.YEAR, "value", allow_duplicate=True),
        Input(ids.TIMELINE, "clickData"),
        prevent_initial_call=True,
    )
