"""Presentation mode, for a projector in a meeting: the controls and side panels give the map
the whole screen, a title says what is shown and up to which year, and the keyboard drives it.

Keys (assets/keys.js): P enters and leaves, Esc leaves, left and right arrows move one year,
space plays and pauses. The mode is part of the page's address (`present=1`). A second
button switches between the light theme and a high-contrast dark one for a dim room.
"""

from __future__ import annotations

import json

from dash import Dash, Input, Output, State, dcc, html

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts
from citylinks.render.figures import MAP_THEMES, TIMELINE_THEMES, theme_assignments
from components import ids
from components.controls import year_range
from components.markup import attrs

# Plotly's own texts on the map (normal, presenting): larger on a projector.
LEGEND_FONT = (12, 18)
HOVER_FONT = (13, 18)


def title_text(data: Dataset, t: Texts) -> str:
    """ "Paris: friendship and cooperation agreements, 1956–" (the year follows)."""
    first, _ = year_range(data)
    return t("present.title", home=t.pick(data.home.city, data.home.city_fr), first=first)


def button(t: Texts, extra: list | None = None) -> html.Div:
    """The header's buttons: `extra` first, then the room's theme and presentation mode.
    Their labels for the other state are in data attributes, for the callbacks that switch
    them."""
    return html.Div(
        className="header-buttons",
        children=[
            *(extra or []),
            html.Button(
                t("theme.to_dark"),
                id=ids.THEME_BUTTON,
                className="present-button",
                n_clicks=0,
                title=t("theme.button_title"),
                **attrs({"data-light": t("theme.to_dark"), "data-dark": t("theme.to_light")}),
            ),
            html.Button(
                t("present.enter"),
                id=ids.PRESENT,
                className="present-button",
                n_clicks=0,
                title=t("present.button_title"),
                **attrs({"data-enter": t("present.enter"), "data-leave": t("present.leave")}),
            ),
            dcc.Store(id=ids.THEME, data="light"),
        ],
    )


def title(data: Dataset, year: int, t: Texts) -> html.Div:
    """The presentation title bar: hidden on the normal page (assets/style.css)."""
    return html.Div(
        className="present-bar",
        children=[
            html.Button(
                "◀", id=ids.PREV_YEAR, className="step-button", title=t("present.previous")
            ),
            html.H2(
                [title_text(data, t), html.Span(str(year), id=ids.PRESENT_YEAR)],
                className="present-title",
            ),
            html.Button("▶", id=ids.NEXT_YEAR, className="step-button", title=t("present.next")),
            dcc.Store(id=ids.PRESENTING, data=False),
        ],
    )


def register_callbacks(app: Dash, data: Dataset) -> None:
    first, last = year_range(data)

    app.clientside_callback(
        """function (clicks, presenting) { return !presenting; }""",
        Output(ids.PRESENTING, "data"),
        Input(ids.PRESENT, "n_clicks"),
        State(ids.PRESENTING, "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        f"""function (presenting) {{
            const on = Boolean(presenting);
            const legend = on ? {LEGEND_FONT[1]} : {LEGEND_FONT[0]};
            const hover = on ? {HOVER_FONT[1]} : {HOVER_FONT[0]};
            const figure = new window.dash_clientside.Patch()
                .assign(["layout", "legend", "font", "size"], legend)
                .assign(["layout", "hoverlabel", "font", "size"], hover)
                .build();
            // The map's space changes: let plotly fit it, and tell the address (share.js).
            window.requestAnimationFrame(() => window.dispatchEvent(new Event("resize")));
            window.dispatchEvent(new CustomEvent("citylinks:present", {{detail: on}}));
            const button = document.getElementById("{ids.PRESENT}");
            const label = button ? button.dataset[on ? "leave" : "enter"] : "";
            return [on ? "page presenting" : "page", label, figure];
        }}""",
        Output(ids.PAGE, "className"),
        Output(ids.PRESENT, "children"),
        Output(ids.MAP, "figure", allow_duplicate=True),
        Input(ids.PRESENTING, "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        """function (clicks, theme) { return theme === "dark" ? "light" : "dark"; }""",
        Output(ids.THEME, "data"),
        Input(ids.THEME_BUTTON, "n_clicks"),
        State(ids.THEME, "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        f"""function (theme) {{
            const mapColors = {json.dumps(theme_assignments(MAP_THEMES))};
            const timelineColors = {json.dumps(theme_assignments(TIMELINE_THEMES))};
            const button = document.getElementById("{ids.THEME_BUTTON}");
            const patch = (pairs) => pairs.reduce(
                (p, [path, value]) => p.assign(path, value), new window.dash_clientside.Patch()
            ).build();
            const label = button ? button.dataset[theme] : "";
            return [theme, patch(mapColors[theme]), patch(timelineColors[theme]), label];
        }}""",
        Output(ids.PAGE, "data-theme"),
        Output(ids.MAP, "figure", allow_duplicate=True),
        Output(ids.TIMELINE, "figure"),
        Output(ids.THEME_BUTTON, "children"),
        Input(ids.THEME, "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        f"""function (back, forward, year) {{
            const trigger = window.dash_clientside.callback_context.triggered_id;
            const next = year + (trigger === "{ids.PREV_YEAR}" ? -1 : 1);
            return next < {first} || next > {last} ? window.dash_clientside.no_update : next;
        }}""",
        Output(ids.YEAR, "value", allow_duplicate=True),
        Input(ids.PREV_YEAR, "n_clicks"),
        Input(ids.NEXT_YEAR, "n_clicks"),
        State(ids.YEAR, "value"),
        prevent_initial_call=True,
    )
