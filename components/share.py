"""The page's address follows the view, so a link reopens it: year and period, networks, mode,
filters, city, the map's camera.

assets/scripts/share.js keeps the address and the view (and presentation mode) in step, both ways:
a view that stays put a moment (longer than a play tick) becomes a new history entry, so Back
and Forward move between views, and an address that changes (opening a link, Back, Forward)
sets the controls through the callback below. Reading an address is the server's: the state
route parses it with citylinks/model/viewstate.py, and what cannot be used is reported on the page,
never an error page.
The view is not an input of any callback here: one more callback on the year costs Dash's
renderer about 15 ms per slider step.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts, texts
from citylinks.model.filter_choices import filter_choices
from citylinks.model.filters import FACETS
from citylinks.model.viewstate import parse_query, to_query
from components import ids
from components.controls import year_range
from components.focus import FILTER_CONTROLS
from components.markup import attrs


def layout(state_url: str, t: Texts) -> html.Div:
    source = {"url": state_url, "notice": t("share.notice", problems="{problems}")}
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.SHARE_SOURCE, data=source),
            html.Div(
                id=ids.URL_NOTICE,
                className="url-notice",
                role="status",
                hidden=True,
                children=[
                    html.Span(id=ids.URL_NOTICE_TEXT),
                    html.Button(
                        "×",
                        id=ids.URL_NOTICE_CLOSE,
                        className="url-notice-close",
                        title=t("share.dismiss"),
                        **attrs({"aria-label": t("share.dismiss")}),
                    ),
                ],
            ),
        ]
    )


def state_payload(query: str, data: Dataset, t: Texts | None = None) -> dict:
    """The state route's answer (web/routes.py): the view an address asks for, what could not
    be used, and the address written back."""
    first, last = year_range(data)
    state = parse_query(query, data.network_ids, first, last, t, filter_choices(data))
    period = state.period
    return {
        "year": state.year,
        "networks": list(state.networks),
        "mode": state.mode,
        "selected": state.selected,
        "present": state.present,
        "time": period.mode,
        "period": [period.start if period.start is not None else state.year, state.year],
        "filters": [list(getattr(state.filters, facet)) for facet in FACETS],
        "view": state.camera.to_text() if state.camera else state.preset,
        "problems": list(state.problems),
        "query": to_query(state, last),
    }


def state_answer(data: Dataset, query: str, lang: str) -> dict:
    return state_payload(query, data, texts(lang))


def register_callbacks(app: Dash) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="readAddress"),
        Output(ids.URL, "search"),
        Output(ids.YEAR, "value", allow_duplicate=True),
        Output(ids.NETWORKS, "value"),
        Output(ids.MODE, "value"),
        Output(ids.SELECTED, "data", allow_duplicate=True),
        Output(ids.URL_NOTICE_TEXT, "children"),
        Output(ids.URL_NOTICE, "hidden"),
        Output(ids.PRESENTING, "data", allow_duplicate=True),
        Output(ids.TIME_MODE, "value"),
        Output(ids.PERIOD, "value", allow_duplicate=True),
        *[Output(control_id, "value") for _key, control_id, *_ in FILTER_CONTROLS],
        Input(ids.URL, "search"),
        State(ids.SHARE_SOURCE, "data"),
        prevent_initial_call="initial_duplicate",
    )

    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="closeNotice"),
        Output(ids.URL_NOTICE, "hidden", allow_duplicate=True),
        Input(ids.URL_NOTICE_CLOSE, "n_clicks"),
        prevent_initial_call=True,
    )
