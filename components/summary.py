"""Summary figures for the chosen year and the timeline of agreements signed per year."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, html

from citylinks.dataset import Dataset
from citylinks.explorer import Explorer, Summary
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


def _bar_label(year: int, count: int, cities: str) -> str:
    signed = "no agreement" if count == 0 else f"{count} agreement{'s' if count > 1 else ''}"
    return f"{year}: {signed}" + (f" ({cities})" if cities else "")


def timeline_layout(data: Dataset, year: int) -> html.Div:
    """Agreements per year as HTML bars (buttons): light, clickable, no charting library."""
    first, last = year_range(data)
    per_year = agreements_per_year(data.partners, first, last)
    tallest = max(int(per_year["count"].max()), 1)
    bars = [
        html.Button(
            html.Span(className="bar-fill", style={"height": f"{100 * row.count / tallest:.1f}%"}),
            id={"type": ids.YEAR_BAR, "year": int(row.year)},
            className="bar",
            style={"gridColumn": str(int(row.year) - first + 1)},
            title=_bar_label(row.year, row.count, row.cities),
            tabIndex="-1",
            n_clicks=0,
            **{"aria-label": _bar_label(row.year, row.count, row.cities)},
        )
        for row in per_year.itertuples()
    ]
    ticks = [
        html.Span(str(y), className="tick", style={"gridColumn": str(y - first + 1)})
        for y in range(first - first % 10 + 10, last + 1, 10)
    ]
    return html.Div(
        className="timeline-region",
        children=[
            html.Div(
                f"Agreements signed per year (tallest bar: {tallest}); "
                "click a bar to go to that year",
                className="timeline-title",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.Div(
                                id=ids.YEAR_HIGHLIGHT,
                                className="year-highlight",
                                title=str(year),
                                style={"gridColumn": str(year - first + 1)},
                            ),
                            *bars,
                        ],
                        className="timeline-bars",
                        style=_columns(len(bars)),
                    ),
                    html.Div(ticks, className="timeline-ticks", style=_columns(len(bars))),
                ],
                id=ids.TIMELINE,
                className="timeline",
                role="group",
                **{"aria-label": "Agreements signed per year"},
            ),
        ],
    )


def _columns(count: int) -> dict[str, str]:
    return {"gridTemplateColumns": f"repeat({count}, minmax(0, 1fr))"}


def register_callbacks(app: Dash, explorer: Explorer) -> None:
    first, last = year_range(explorer.data)

    # Only the four numbers change (text, not components): the page's layout stays as it is.
    @app.callback(
        [Output(card_value_id(key), "children") for key, _ in CARDS],
        Input(ids.YEAR, "value"),
        Input(ids.NETWORKS, "value"),
        Input(ids.MODE, "value"),
        prevent_initial_call=True,
    )
    def update_summary(year, network_ids, mode):
        shown = explorer.shown(int(year), list(network_ids or []), mode or "show")
        return card_values(explorer.summary(shown, int(year)))

    app.clientside_callback(
        f"""function (clicks) {{
            const trigger = window.dash_clientside.callback_context.triggered_id;
            if (!trigger || !clicks.some((n) => n)) {{
                return window.dash_clientside.no_update;
            }}
            const year = trigger.year;
            return year >= {first} && year <= {last} ? year : window.dash_clientside.no_update;
        }}""",
        Output(ids.YEAR, "value", allow_duplicate=True),
        Input({"type": ids.YEAR_BAR, "year": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
