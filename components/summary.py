"""Summary figures for the chosen year and the timeline of agreements signed per year."""

from __future__ import annotations

from dash import Dash, Input, Output, dcc, html, no_update

from citylinks.dataset import Dataset
from citylinks.figures import timeline_figure
from citylinks.views import Summary, agreements_per_year, filter_partners, summarize
from components import ids
from components.controls import year_range

CARDS = (
    ("partners", "Partners"),
    ("countries", "Countries"),
    ("continents", "Continents"),
    ("networks", "Networks"),
)


def cards(summary: Summary) -> list[html.Div]:
    return [
        html.Div(
            [
                html.Span(str(getattr(summary, key)), className="card-value"),
                html.Span(label, className="card-label"),
            ],
            className=f"card card-{key}",
        )
        for key, label in CARDS
    ]


def layout(data: Dataset, year: int) -> html.Div:
    shown = filter_partners(data, year, [], "show")
    return html.Div(
        cards(summarize(data, shown, year)), id=ids.SUMMARY, className="summary", role="status"
    )


def timeline_layout(data: Dataset, year: int) -> html.Div:
    first, last = year_range(data)
    figure = timeline_figure(agreements_per_year(data.partners, first, last), year)
    return html.Div(
        className="timeline-region",
        children=[
            html.Div(
                "Agreements signed per year (click a bar to go to that year)",
                className="timeline-title",
            ),
            dcc.Graph(
                id=ids.TIMELINE,
                figure=figure,
                config={"displayModeBar": False},
                responsive=True,
                className="timeline-graph",
            ),
        ],
    )


def register_callbacks(app: Dash, data: Dataset) -> None:
    first, last = year_range(data)
    per_year = agreements_per_year(data.partners, first, last)

    @app.callback(
        Output(ids.SUMMARY, "children"),
        Input(ids.YEAR, "value"),
        Input(ids.NETWORKS, "value"),
        Input(ids.MODE, "value"),
        prevent_initial_call=True,
    )
    def update_summary(year, network_ids, mode):
        shown = filter_partners(data, int(year), list(network_ids or []), mode or "show")
        return cards(summarize(data, shown, int(year)))

    @app.callback(
        Output(ids.TIMELINE, "figure"), Input(ids.YEAR, "value"), prevent_initial_call=True
    )
    def update_timeline(year):
        return timeline_figure(per_year, int(year))

    @app.callback(
        Output(ids.YEAR, "value", allow_duplicate=True),
        Input(ids.TIMELINE, "clickData"),
        prevent_initial_call=True,
    )
    def year_from_bar(click):
        points = (click or {}).get("points") or []
        if not points:
            return no_update
        year = int(points[0]["x"])
        return year if first <= year <= last else no_update
