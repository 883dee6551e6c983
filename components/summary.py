"""Summary cards for the chosen year and the timeline of agreements signed per year.

The cards' numbers are answered by the map's callback (`components/map_view.py`), in the
same request as the map; only four texts change, never the page's components."""

from __future__ import annotations

from dash import Dash, Input, Output, dcc, html

from citylinks.dataset import Dataset
from citylinks.explorer import Explorer, Summary
from citylinks.figures import timeline_figure
from citylinks.views import agreements_per_year
from components import ids
from components.controls import year_range

CARDS = (
    ("partners", "Partners"),
    ("countries", "Countries"),
    ("continents", "Continents"),
    ("networks", "Networks"),
)


def card_value_id(key: str) -> str:
    return f"{ids.SUMMARY}-{key}"


def card_values(summary: Summary) -> list[str]:
    return [str(getattr(summary, key)) for key, _ in CARDS]


def layout(explorer: Explorer, year: int) -> html.Div:
    summary = explorer.summary(explorer.shown(year, [], "show"), year)
    return html.Div(
        [
            html.Div(
                [
                    html.Span(value, id=card_value_id(key), className="card-value"),
                    html.Span(label, className="card-label"),
                ],
                className=f"card card-{key}",
            )
            for (key, label), value in zip(CARDS, card_values(summary), strict=True)
        ],
        id=ids.SUMMARY,
        className="summary",
        role="status",
    )


def timeline_layout(data: Dataset) -> html.Div:
    """Agreements per year: one small plotly chart (a single component keeps Dash's renderer
    fast; 71 HTML bars cost it about 16 ms on every slider step)."""
    first, last = year_range(data)
    per_year = agreements_per_year(data.partners, first, last)
    return html.Div(
        className="timeline-region",
        children=[
            html.Div(
                "Agreements signed per year: click a year to go to it",
                className="timeline-title",
                id=ids.TIMELINE_TITLE,
            ),
            html.Div(
                className="timeline-plot",
                children=[
                    # The chosen year: a band behind the (transparent) chart, placed by the
                    # year's clientside callback in components/controls.py.
                    html.Div(id=ids.TIMELINE_BAND, className="timeline-band"),
                    dcc.Graph(
                        id=ids.TIMELINE,
                        figure=timeline_figure(per_year),
                        config={"displayModeBar": False},
                        responsive=True,
                        className="timeline-graph",
                    ),
                ],
            ),
        ],
    )


def register_callbacks(app: Dash, explorer: Explorer) -> None:
    first, last = year_range(explorer.data)

    app.clientside_callback(
        f"""function (click) {{
            const point = click && click.points && click.points[0];
            const year = point ? Math.round(point.x) : null;
            return year !== null && year >= {first} && year <= {last}
                ? year
                : window.dash_clientside.no_update;
        }}""",
        Output(ids.YEAR, "value", allow_duplicate=True),
        Input(ids.TIMELINE, "clickData"),
        prevent_initial_call=True,
    )
