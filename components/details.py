"""The city details panel: opens on a click on the map, shows everything known about the city."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html, no_update

from citylinks.explorer import Explorer
from citylinks.figures import AGREEMENT_STYLE
from citylinks.inputs import as_city_key, as_year, clicked_city
from citylinks.views import CityDetails, city_details
from components import ids
from components.controls import year_range


def layout() -> html.Aside:
    return html.Aside(
        id=ids.DETAILS,
        className="details hidden",
        children=[
            html.Button(
                "×",
                id=ids.DETAILS_CLOSE,
                className="details-close",
                title="Close",
                n_clicks=0,
                **{"aria-label": "Close the details"},
            ),
            html.Div(id=ids.DETAILS_BODY, **{"aria-live": "polite"}),
            dcc.Store(id=ids.DETAILS_YEAR, data=0),  # not None: see the selected city's store
        ],
        **{"aria-label": "City details"},
    )


def _section(title: str, *children) -> html.Section:
    return html.Section([html.H3(title), *children], className="details-section")


def render(details: CityDetails, home: str, year: int) -> list:
    """The panel's content. Every data string goes in as text, never as HTML."""
    head = [
        html.H2(details.city, className="details-city"),
        html.P(
            ", ".join(
                part
                for part in (
                    details.city_fr if details.city_fr != details.city else "",
                    details.country,
                )
                if part
            ),
            className="details-country",
        ),
    ]
    body: list = []
    if details.is_home:
        body.append(html.P(f"{home} is the home city of this map.", className="details-lead"))
    elif details.is_partner:
        label = AGREEMENT_STYLE.get(details.agreement or "", {}).get("label", details.agreement)
        signed = details.date_signed or str(details.year)
        lead = f"{label}, signed {signed}"
        if details.ended:
            lead += f", ended {details.ended}"
        body.append(html.P(lead, className="details-lead details-agreement"))
    else:
        body.append(html.P(f"Not a partner of {home}.", className="details-lead"))
    if details.distance_km is not None:
        body.append(
            html.P(
                f"{details.distance_km:,.0f} km from {home} (geodesic)",
                className="details-distance",
            )
        )
    if details.themes:
        body.append(
            _section(
                "Themes",
                html.Ul([html.Li(t, className="chip") for t in details.themes], className="chips"),
            )
        )
    if details.notes:
        body.append(_section("Notes", html.P(details.notes)))
    if details.memberships:
        shared = [m for m in details.memberships if m.shared_with_home]
        if not details.is_home:
            text = (
                f"Shares {', '.join(m.network for m in shared)} with {home} in {year}."
                if shared
                else f"Shares no listed network with {home} in {year}."
            )
            body.append(html.P(text, className="details-shared"))
        rows = [
            html.Tr(
                [
                    html.Td(m.network),
                    html.Td(m.since),
                    html.Td(m.until or "—"),
                    html.Td(m.confidence + (f" — {m.note}" if m.note else "")),
                ]
            )
            for m in details.memberships
        ]
        body.append(
            _section(
                "Networks",
                html.Table(
                    [
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th("Network"),
                                    html.Th("Since"),
                                    html.Th("Until"),
                                    html.Th("Evidence"),
                                ]
                            )
                        ),
                        html.Tbody(rows),
                    ],
                    className="details-table",
                ),
            )
        )
    if details.events:
        body.append(
            _section(
                "Events",
                html.Ul([html.Li(f"{e['date']}: {e['title']}") for e in details.events]),
            )
        )
    if details.sources:
        body.append(
            _section(
                "Sources",
                html.Ol(
                    [
                        html.Li(
                            html.A(s.text, href=s.url, target="_blank", rel="noopener noreferrer")
                            if s.url
                            else s.text
                        )
                        for s in details.sources
                    ],
                    className="sources",
                ),
            )
        )
    return [*head, html.Div(body, className="details-body")]


def register_callbacks(app: Dash, explorer: Explorer) -> None:
    data = explorer.data
    first, last = year_range(data)

    @app.callback(
        Output(ids.SELECTED, "data"),
        Input(ids.MAP, "clickData"),
        prevent_initial_call=True,
    )
    def select_city(click):
        return clicked_city(click) or no_update

    # Opening or closing the panel changes the map's width: tell plotly to fit it again.
    app.clientside_callback(
        """function (className) {
            window.requestAnimationFrame(() => window.dispatchEvent(new Event("resize")));
            return window.dash_clientside.no_update;
        }""",
        Output(ids.DETAILS, "title"),
        Input(ids.DETAILS, "className"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.SELECTED, "data", allow_duplicate=True),
        Input(ids.DETAILS_CLOSE, "n_clicks"),
        prevent_initial_call=True,
    )
    def close(n_clicks):
        return None if n_clicks else no_update

    @app.callback(
        Output(ids.DETAILS_BODY, "children"),
        Output(ids.DETAILS, "className"),
        Input(ids.SELECTED, "data"),
        Input(ids.DETAILS_YEAR, "data"),
        State(ids.YEAR, "value"),
        State(ids.DETAILS, "className"),
        prevent_initial_call=True,
    )
    def show(selected, _details_year, year, class_name):
        details = None
        selected = as_city_key(selected)
        year = as_year(year, first, last)
        if selected and year is not None:
            details = city_details(explorer, selected["city"], selected["country_code"], year)
        if details is None:
            # Nothing to show: leave the page alone unless the panel is open (a year change
            # with the panel closed must not touch the layout, which would resize the map).
            return ([], "details hidden") if class_name != "details hidden" else (no_update,) * 2
        wanted = "details"
        return render(details, data.home.city, year), (
            wanted if class_name != wanted else no_update
        )
