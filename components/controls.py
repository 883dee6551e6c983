"""The control column: year slider with play/pause, network filters and how they combine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from citylinks import clock
from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts
from citylinks.model.explorer import MODES
from citylinks.model.inputs import as_year
from citylinks.render.styles import network_colors
from citylinks.render.timeline import timeline_band
from components import focus, ids
from components.language import texts_of
from web.served_maps import ServedMap

PLAY_INTERVAL_MS = 900


def year_range(data: Dataset, today: dt.date | None = None) -> tuple[int, int]:
    return data.first_year, (today or clock.today()).year


def _marks(first: int, last: int) -> dict[int, str]:
    """A mark every decade, labelled every other one so labels never touch on a small screen."""
    return {
        y: (str(y) if y % 20 == 0 else "") for y in range(first - first % 10 + 10, last + 1, 10)
    }


def layout(data: Dataset, year: int, t: Texts, extra: list | None = None) -> html.Div:
    """The control column; `extra` goes at its foot (the downloads)."""
    extra = extra or []
    first, last = year_range(data)
    colors = network_colors(data.network_ids)
    options = [
        {
            "label": html.Span(
                [
                    html.Span(className="swatch", style={"backgroundColor": colors[row.id]}),
                    html.Span(
                        [
                            html.Span(
                                t.pick(row.acronym, row.acronym_fr), className="network-acronym"
                            ),
                            html.Span(t.pick(row.name, row.name_fr), className="network-name"),
                        ],
                        className="network-text",
                    ),
                ],
                title=t.pick(row.name, row.name_fr),
            ),
            "value": row.id,
        }
        for row in data.networks.itertuples()
    ]
    return html.Div(
        className="controls",
        children=[
            html.Div(
                className="year-block",
                children=[
                    html.Div(
                        [
                            html.Label(
                                t("controls.year"), htmlFor=ids.YEAR, className="control-title"
                            ),
                            html.Output(str(year), id=ids.YEAR_LABEL, className="year-label"),
                        ],
                        className="year-head",
                    ),
                    html.Div(
                        id=ids.YEAR_BOX,
                        children=dcc.Slider(
                            id=ids.YEAR,
                            min=first,
                            max=last,
                            step=1,
                            value=year,
                            marks=_marks(first, last),
                            updatemode="drag",
                            allow_direct_input=False,
                            included=True,
                        ),
                    ),
                    html.Button(
                        t("controls.play"),
                        id=ids.PLAY,
                        className="play-button",
                        n_clicks=0,
                        title=t("controls.play_title"),
                    ),
                    dcc.Interval(id=ids.TICKER, interval=PLAY_INTERVAL_MS, disabled=True),
                ],
            ),
            *focus.layout(data, first, last, year, t),
            html.Fieldset(
                className="network-block",
                children=[
                    html.Legend(t("controls.networks"), className="control-title"),
                    *(
                        []
                        if options
                        else [html.P(t("controls.no_networks"), className="control-note")]
                    ),
                    dcc.Checklist(
                        id=ids.NETWORKS,
                        options=options,
                        value=[],
                        className="network-list",
                        labelClassName="network-option",
                    ),
                    html.Div(t("controls.partners_shown"), className="control-subtitle"),
                    dcc.RadioItems(
                        id=ids.MODE,
                        options=[{"label": t(f"mode.{m}"), "value": m} for m in MODES],
                        value="show",
                        className="mode-list",
                    ),
                ],
            ),
            *extra,
        ],
    )


def play_label(t: Texts, *, running: bool) -> list:
    """The presentation bar's Play or Pause, with its key (hidden on a phone: no keyboard)."""
    return [
        t("present.pause" if running else "present.play"),
        " ",
        html.Span(t("present.space_key"), className="key-hint"),
    ]


def next_play_state(
    trigger: str | None, year: int, first: int, last: int, running: bool
) -> tuple[int | None, bool]:
    """(new year or None for unchanged, whether playback runs) after a click or a tick."""
    if trigger in (ids.PLAY, ids.PRESENT_PLAY):
        if running:
            return None, False
        return (first if year >= last else None), True
    if trigger == ids.TICKER and running:
        new_year = min(year + 1, last)
        return new_year, new_year < last
    return None, running


def page_constants(data: Dataset) -> dict[str, Any]:
    """What the page's scripts need of the years: the first and last, and where the chosen
    year's band goes on the timeline (assets/scripts/map_view.js followYear)."""
    first, last = year_range(data)
    return {
        "first": first,
        "last": last,
        "band": timeline_band(first, last),
        "presets": focus.preset_bounds(),
    }


def register_callbacks(app: Dash, current: Callable[[], ServedMap]) -> None:
    """`current()`: the map the request is for (web/served_maps.py). The focus's controls,
    in this column, are registered here too (components/focus.py)."""
    focus.register_callbacks(app)

    @app.callback(
        Output(ids.YEAR, "value", allow_duplicate=True),
        Output(ids.TICKER, "disabled"),
        Output(ids.PLAY, "children"),
        Output(ids.PRESENT_PLAY, "children"),
        Input(ids.PLAY, "n_clicks"),
        Input(ids.PRESENT_PLAY, "n_clicks"),
        Input(ids.TICKER, "n_intervals"),
        State(ids.YEAR, "value"),
        State(ids.TICKER, "disabled"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def playback(_clicks, _present_clicks, _ticks, year, disabled, lang):
        first, last = year_range(current().data)
        checked_year = as_year(year, first, last)
        new_year, running = next_play_state(
            ctx.triggered_id,
            last if checked_year is None else checked_year,
            first,
            last,
            disabled is False,
        )
        t = texts_of(lang)
        label = t("controls.pause" if running else "controls.play")
        present_label = play_label(t, running=running)
        return (no_update if new_year is None else new_year), not running, label, present_label

    # Everything that follows the year in the browser, in one callback (one render per step):
    # the year labels, the timeline's band and the details panel's year
    # (assets/scripts/map_view.js).
    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="followYear"),
        Output(ids.YEAR_LABEL, "children"),
        Output(ids.PRESENT_YEAR, "children"),
        Output(ids.TIMELINE_BAND, "style"),
        Output(ids.DETAILS_YEAR, "data"),
        Input(ids.YEAR, "value"),
        Input(ids.FOCUS, "data"),
        State(ids.DETAILS, "className"),
        State(ids.PERIOD, "value"),
    )
