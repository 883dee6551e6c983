"""The city details panel: opens on a click on the map, shows everything known about the city."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash.development.base_component import Component

from citylinks import clock
from citylinks.i18n.catalogue import Texts, texts
from citylinks.model.details import CityDetails, InstrumentLine, Source, city_details
from citylinks.model.explorer import Explorer
from citylinks.model.inputs import as_city_key, as_year, clicked_city
from citylinks.render.wording import agreement_label, signed_text
from components import ids
from components.language import texts_of
from components.markup import attrs
from web.served_maps import ServedMap

CACHED_DETAILS = 512  # cities' panels kept per process (city, year, language): ~5 kB each


def layout(t: Texts) -> html.Aside:
    return html.Aside(
        id=ids.DETAILS,
        className="details hidden",
        children=[
            html.Button(
                "×",
                id=ids.DETAILS_CLOSE,
                className="details-close",
                title=t("details.close"),
                n_clicks=0,
                **attrs({"aria-label": t("details.close_aria")}),
            ),
            html.Div(id=ids.DETAILS_BODY, **attrs({"aria-live": "polite"})),
            dcc.Store(id=ids.DETAILS_YEAR, data=0),  # not None: see the selected city's store
        ],
        **attrs({"aria-label": t("details.aria")}),
    )


def _section(title: str, *children) -> html.Section:
    return html.Section([html.H3(title), *children], className="details-section")


def _source(source: Source) -> html.A | str:
    """A source as a link where it is one (opening in a new tab), else its text."""
    if source.url:
        return html.A(source.text, href=source.url, target="_blank", rel="noopener noreferrer")
    return source.text


def _chronology(instruments: list[InstrumentLine], t: Texts) -> html.Section:
    """A partner's agreements in the order signed: when, what, what it did to an earlier one,
    its state in the chosen year, how sure, who signed, and its own sources."""
    items = []
    for line in instruments:
        facts = [line.action, line.status, line.confidence]
        parts: list = [
            html.Div(
                [html.Strong(line.when), " — ", agreement_label(t, line.kind)],
                className="chronology-what",
            ),
            html.Div(" · ".join(f for f in facts if f), className="chronology-facts"),
        ]
        if line.signatories:
            parts.append(html.Div(t("instrument.signatories", names=line.signatories)))
        if line.notes:
            parts.append(html.P(line.notes, className="chronology-notes"))
        if line.sources:
            parts.append(
                html.Ul(
                    [html.Li(_source(s)) for s in line.sources],
                    className="sources chronology-sources",
                )
            )
        items.append(html.Li(parts, className=f"chronology-item state-{line.state}"))
    return _section(t("details.chronology"), html.Ol(items, className="chronology"))


def _lead(details: CityDetails, home: str, year: int, t: Texts) -> list:
    """What the city is to the home city: home, a partner since (its first agreement), or not."""
    if details.is_home:
        return [html.P(t("details.home", home=home), className="details-lead")]
    if not details.is_partner:
        return [html.P(t("details.not_partner", home=home), className="details-lead")]
    lead = signed_text(t, details.agreement or "", details.date_signed, details.year)
    if details.ended:
        lead = t("agreement.ended", lead=lead, year=details.ended)
    out = [html.P(lead, className="details-lead details-agreement")]
    if not details.in_force:
        out.append(html.P(t("details.not_in_force", year=year), className="details-lapsed"))
    return out


def render(details: CityDetails, home: str, year: int, t: Texts | None = None) -> list:
    """The panel's content, in the language of `t`. Every data string goes in as text, never
    as HTML."""
    t = t or texts("en")
    name = t.pick(details.city, details.city_fr)
    # On the English page, the French name too when it differs (London: Londres), as the
    # office writes it.
    other = details.city_fr if t.lang == "en" else ""
    head = [
        html.H2(name, className="details-city"),
        html.P(
            ", ".join(part for part in (other if other != name else "", details.country) if part),
            className="details-country",
        ),
    ]
    body: list = _lead(details, home, year, t)
    if details.distance_km is not None:
        body.append(
            html.P(
                t("details.distance", km=t.number(details.distance_km), home=home),
                className="details-distance",
            )
        )
    if len(details.instruments) > 1:
        body.append(_chronology(details.instruments, t))
    if details.themes:
        body.append(
            _section(
                t("details.themes"),
                html.Ul([html.Li(t, className="chip") for t in details.themes], className="chips"),
            )
        )
    if details.notes:
        body.append(_section(t("details.notes"), html.P(details.notes)))
    if details.memberships:
        shared = [m for m in details.memberships if m.shared_with_home]
        if not details.is_home:
            text = (
                t(
                    "details.shares",
                    networks=t.join(m.network for m in shared),
                    home=home,
                    year=year,
                )
                if shared
                else t("details.shares_none", home=home, year=year)
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
                t("details.networks"),
                html.Table(
                    [
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th(t("details.network")),
                                    html.Th(t("details.since")),
                                    html.Th(t("details.until")),
                                    html.Th(t("details.evidence")),
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
                t("details.events"),
                html.Ul(
                    [
                        html.Li(t("details.event", when=e["when"], title=e["title"]))
                        for e in details.events
                    ]
                ),
            )
        )
    if details.sources:
        body.append(
            _section(
                t("details.sources"),
                html.Ol([html.Li(_source(s)) for s in details.sources], className="sources"),
            )
        )
    return [*head, html.Div(body, className="details-body")]


@lru_cache(maxsize=CACHED_DETAILS)
def _first_year(explorer: Explorer) -> int:
    """The map's first year (components/controls.py `year_range`), once per map: pandas takes
    ~0.3 ms to find it."""
    return explorer.data.first_year


def as_plain(value: Any) -> Any:
    """Dash components as the plain dicts and lists Dash's JSON encoder makes of them
    (`to_plotly_json`, all the way down): the same JSON, encoded without a Python call per
    component. The renderer reads a component from its {"props", "type", "namespace"}."""
    if isinstance(value, Component):
        plain = value.to_plotly_json()
        plain["props"] = {key: as_plain(prop) for key, prop in plain["props"].items()}
        return plain
    if isinstance(value, (list, tuple)):
        return [as_plain(item) for item in value]
    return value


def register_callbacks(app: Dash, current: Callable[[], ServedMap]) -> None:
    """`current()`: the map the request is for (web/served_maps.py)."""

    # A city's panel is a pure function of the map, the city, the year and the language: a
    # meeting's people open the same few cities. Kept rendered, as the plain JSON data of
    # Dash's components (`as_plain`): the details cost ~2 ms a city, making their components
    # ~3 more, and Dash's encoder turning ~60 components into JSON at each answer ~5 more.
    @lru_cache(maxsize=CACHED_DETAILS)
    def panel_of(served: ServedMap, city: str, country_code: str, year: int, lang: str) -> list:
        """The panel's children, or [] when the data knows nothing of the city."""
        t = texts(lang)
        details = city_details(served.explorer, city, country_code, year, t)
        if details is None:
            return []
        home = t.pick(served.data.home.city, served.data.home.city_fr)
        return as_plain(render(details, home, year, t))

    @app.callback(
        Output(ids.SELECTED, "data"),
        Input(ids.MAP, "clickData"),
        prevent_initial_call=True,
    )
    def select_city(click):
        return clicked_city(click) or no_update

    # Opening or closing the panel changes the map's width: tell plotly to fit it again.
    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="fitMap"),
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
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def show(selected, _details_year, year, class_name, lang):
        served = current()
        panel: list = []
        selected = as_city_key(selected)
        year = as_year(year, _first_year(served.explorer), clock.today().year)
        if selected and year is not None:
            t = texts_of(lang)
            panel = panel_of(served, selected["city"], selected["country_code"], year, t.lang)
        if not panel:
            # Nothing to show: leave the page alone unless the panel is open (a year change
            # with the panel closed must not touch the layout, which would resize the map).
            return ([], "details hidden") if class_name != "details hidden" else (no_update,) * 2
        wanted = "details"
        return panel, (wanted if class_name != wanted else no_update)
