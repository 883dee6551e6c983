"""The view's focus, in the control column: how the map looks at time (in force as of a year,
signed between two years, new since a year), the filters (agreement kind, region, country,
theme; one "clear filters") and where the map looks (zoom presets, "fit to what is shown").

The period and filters go into one store (`ids.FOCUS`), an input of the map's view callback
(components/map_view.py); it is kept by a clientside callback (assets/scripts/focus.js), so
that a filter or a period costs no server call before the view's own request. The store holds
`time` ("in_force", "signed", "new"), `from` (the first year of "new since"), `span` (the
length in years of a "signed between" window, which then moves with the year: play moves the
window), and the filters' values under their address names (`kind`, `region`, `in_country`,
`topic`). `state_of` reads the controls' values into a ViewState with the routes' own strict
parser (citylinks/model/viewstate.py), so a download is of exactly the view the map shows.
Zoom presets and "fit" are the page's script's (assets/scripts/camera.js): the map's camera
is not part of the view the server answers.
"""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts
from citylinks.model.filter_choices import Choice, filter_choices, sort_choices
from citylinks.model.filters import DEFAULT_TIME, TIME_MODES
from citylinks.model.viewstate import ViewState, parse_args
from citylinks.model.zoom import PRESET_NAMES, PRESETS
from citylinks.settings import LIMITS
from components import ids
from components.markup import attrs

# The filters: (store key = address parameter, component id, FilterChoices field, label key)
FILTER_CONTROLS = (
    ("kind", ids.KINDS, "kinds", "filters.kind"),
    ("region", ids.REGIONS, "regions", "filters.region"),
    ("in_country", ids.COUNTRIES, "countries", "filters.country"),
    ("topic", ids.TOPICS, "themes", "filters.theme"),
)
CHECKLISTS = ("kind", "region")  # a few values: boxes; the others are searchable lists
DEFAULT_WINDOW = 10  # years: a period's first year when one is chosen, before the year


def initial_focus() -> dict[str, Any]:
    return {
        "time": DEFAULT_TIME,
        "from": None,
        "span": None,
        **{key: [] for key, *_ in FILTER_CONTROLS},
    }


def focus_params(focus: dict[str, Any] | None, year: int) -> dict[str, list[str]]:
    """The focus store as the address's parameters for `year` (assets/scripts/map_view.js
    `viewQuery` writes the same)."""
    focus = focus if isinstance(focus, dict) else {}
    params: dict[str, list[str]] = {}
    time = focus.get("time", DEFAULT_TIME)
    if time == "signed" and isinstance(focus.get("span"), int):
        params["time"], params["from"] = ["signed"], [str(year - focus["span"])]
    elif time == "new" and isinstance(focus.get("from"), int):
        params["time"], params["from"] = ["new"], [str(min(focus["from"], year))]
    elif time != DEFAULT_TIME:
        params["time"] = [str(time)]  # refused by the parser, as it should be
    for key, *_ in FILTER_CONTROLS:
        values = focus.get(key) or []
        if isinstance(values, list):
            params[key] = [str(v) for v in values[: LIMITS.list_items + 1]]
    return params


def state_of(
    data: Dataset,
    first: int,
    last: int,
    year: Any,
    networks: Any,
    mode: Any,
    focus: Any,
    lang: str = "en",
) -> ViewState | None:
    """The view the controls' values make (strictly read, as the routes read one), or None
    when a value is not one the controls can have."""
    if not isinstance(year, int) or isinstance(year, bool):
        return None
    params: dict[str, list[str]] = {
        "year": [str(year)],
        "network": [str(n) for n in networks] if isinstance(networks, list) else ["?"],
        "mode": [str(mode)],
        "lang": [lang],
        **focus_params(focus, year),
    }
    try:
        return parse_args(params, data.network_ids, first, last, filter_choices(data))
    except ValueError:
        return None


def _choice_label(choice: Choice, t: Texts) -> str:
    return t("filters.choice", label=choice.label(t.lang), n=t.number(choice.partners))


def _filter_control(key: str, control_id: str, choices: tuple[Choice, ...], t: Texts) -> Any:
    ordered = choices if key in CHECKLISTS else tuple(sort_choices(choices, t.lang))
    options = [{"label": _choice_label(c, t), "value": c.value} for c in ordered]
    if key in CHECKLISTS:
        return dcc.Checklist(id=control_id, options=options, value=[], className="filter-list")
    return dcc.Dropdown(
        id=control_id,
        options=options,
        value=[],
        multi=True,
        searchable=True,
        placeholder=t("filters.any"),
        className="filter-dropdown",
        labels={
            "search": t("filters.search"),
            "clear_search": t("filters.clear_search"),
            "clear_selection": t("filters.clear_selection"),
            "no_options_found": t("filters.none_found"),
            "select_all": t("filters.select_all"),
            "deselect_all": t("filters.deselect_all"),
            "selected_count": t("filters.selected_count", num_selected="{num_selected}"),
        },
    )


def time_layout(first: int, last: int, year: int, t: Texts) -> html.Fieldset:
    """The period: a choice of three, and the two-thumb range of the two-year ones."""
    return html.Fieldset(
        className="time-block",
        children=[
            html.Legend(t("time.title"), className="control-title"),
            dcc.RadioItems(
                id=ids.TIME_MODE,
                options=[{"label": t(f"time.{mode}"), "value": mode} for mode in TIME_MODES],
                value=DEFAULT_TIME,
                className="mode-list",
            ),
            html.Div(
                id=ids.PERIOD_BLOCK,
                className="period-block",
                hidden=True,
                children=[
                    html.Output(
                        f"{max(first, year - DEFAULT_WINDOW)}–{year}",
                        id=ids.PERIOD_LABEL,
                        className="period-label",
                    ),
                    dcc.RangeSlider(
                        id=ids.PERIOD,
                        min=first,
                        max=last,
                        step=1,
                        value=[max(first, year - DEFAULT_WINDOW), year],
                        marks={y: "" for y in range(first - first % 10 + 10, last + 1, 10)},
                        allowCross=False,
                        updatemode="mouseup",
                        tooltip={"placement": "bottom", "always_visible": False},
                    ),
                ],
            ),
        ],
    )


def _filter_block(
    key: str, control_id: str, choices: tuple[Choice, ...], title: str, t: Texts
) -> html.Fieldset:
    """One filter under its title; every filter is in the page (the callbacks read them
    all), one that has nothing to offer for this data hidden."""
    return html.Fieldset(
        className=f"filter filter-{key}",
        hidden=not choices,
        children=[
            html.Legend(title, className="control-subtitle"),
            _filter_control(key, control_id, choices, t),
        ],
    )


def filters_layout(data: Dataset, t: Texts) -> html.Details:
    choices = filter_choices(data)
    return html.Details(
        id=ids.FILTERS,
        className="filters-block",
        children=[
            html.Summary(
                [
                    html.Span(t("filters.title"), className="control-title"),
                    html.Span(id=ids.FILTER_COUNT, className="filter-count"),
                ]
            ),
            *[
                _filter_block(key, control_id, getattr(choices, field), t(label), t)
                for key, control_id, field, label in FILTER_CONTROLS
            ],
            html.Button(
                t("filters.clear"),
                id=ids.CLEAR_FILTERS,
                className="download-button clear-filters",
                n_clicks=0,
                disabled=True,
            ),
        ],
    )


def zoom_layout(t: Texts) -> html.Div:
    """Where to look: a button a preset, and "fit to what is shown"."""
    return html.Div(
        id=ids.ZOOM,
        className="zoom-block",
        role="group",
        **attrs({"aria-label": t("zoom.title")}),
        children=[
            html.Div(t("zoom.title"), className="control-title", **attrs({"aria-hidden": "true"})),
            *[
                html.Button(
                    t(f"view.preset.{name}"),
                    className="zoom-button",
                    n_clicks=0,
                    **attrs({"data-preset": name}),
                )
                for name in PRESET_NAMES
            ],
            html.Button(t("zoom.fit"), id=ids.ZOOM_FIT, className="zoom-button", n_clicks=0),
        ],
    )


def preset_bounds() -> dict[str, dict[str, list[float]]]:
    """Each preset's ranges of longitude and latitude, for the page's script."""
    return {name: {"lon": list(b.lon), "lat": list(b.lat)} for name, b in PRESETS.items()}


def layout(data: Dataset, first: int, last: int, year: int, t: Texts) -> list[Any]:
    return [
        dcc.Store(id=ids.FOCUS, data=initial_focus()),
        time_layout(first, last, year, t),
        filters_layout(data, t),
        zoom_layout(t),
    ]


def register_callbacks(app: Dash) -> None:
    # The controls into the focus store, in the browser (assets/scripts/focus.js).
    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="focusOf"),
        Output(ids.FOCUS, "data"),
        Output(ids.YEAR, "value", allow_duplicate=True),
        Output(ids.PERIOD, "value"),
        Output(ids.YEAR_BOX, "hidden"),
        Output(ids.PERIOD_BLOCK, "hidden"),
        Output(ids.PERIOD_LABEL, "children"),
        Output(ids.CLEAR_FILTERS, "disabled"),
        Output(ids.FILTER_COUNT, "children"),
        Output(ids.FILTERS, "open"),
        Input(ids.TIME_MODE, "value"),
        Input(ids.PERIOD, "value"),
        *[Input(control_id, "value") for _key, control_id, *_ in FILTER_CONTROLS],
        State(ids.YEAR, "value"),
        State(ids.FOCUS, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="clearFilters"),
        *[
            Output(control_id, "value", allow_duplicate=True)
            for _k, control_id, *_ in FILTER_CONTROLS
        ],
        Input(ids.CLEAR_FILTERS, "n_clicks"),
        prevent_initial_call=True,
    )
