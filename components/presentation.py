"""Presentation mode, for a projector in a meeting: the controls and side panels give the map
the whole screen, a title says what is shown and up to which year, and the keyboard drives it.

Keys (assets/scripts/keys.js): P enters and leaves, Esc leaves, left and right arrows move one year,
space plays and pauses. The mode is part of the page's address (`present=1`). A second
button switches between the light theme and a high-contrast dark one for a dim room.
"""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts
from citylinks.render.styles import MAP_THEMES, TIMELINE_THEMES, theme_assignments
from components import ids
from components.controls import play_label, year_range
from components.markup import attrs

# Plotly's own texts on the map (normal, presenting): larger on a projector.
LEGEND_FONT = (12, 18)
HOVER_FONT = (13, 18)
# Presenting on a narrow map (a phone), the legend's text shrinks from LEGEND_FONT's
# presenting size to fit the screen's width, to this size at the least (assets/scripts/layout.js).
LEGEND_FONT_LEAST = 14


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


def title(data: Dataset, year: int, t: Texts) -> html.Section:
    """The presentation title bar: hidden on the normal page (assets/style.css). A landmark
    named by its title, so that a screen reader's list of regions has it."""
    return html.Section(
        id=ids.PRESENT_BAR,
        className="present-bar",
        **attrs({"aria-labelledby": ids.PRESENT_TITLE}),
        children=[
            html.Button(
                "◀", id=ids.PREV_YEAR, className="step-button", title=t("present.previous")
            ),
            html.H2(
                [title_text(data, t), html.Span(str(year), id=ids.PRESENT_YEAR)],
                id=ids.PRESENT_TITLE,
                className="present-title",
            ),
            html.Button("▶", id=ids.NEXT_YEAR, className="step-button", title=t("present.next")),
            # Play and pause on the screen, the key said on it (space plays in every state)
            html.Button(
                play_label(t, running=False),
                id=ids.PRESENT_PLAY,
                className="present-play",
                n_clicks=0,
                title=t("controls.play_title"),
            ),
            dcc.Store(id=ids.PRESENTING, data=False),
        ],
    )


def page_constants() -> dict[str, Any]:
    """What the page's scripts need to present (assets/scripts/keys.js, layout.js): the font
    sizes of plotly's texts on the map (normal, presenting; the legend's least on a phone) and
    each theme's colours of the map and timeline."""
    return {
        "fonts": {"legend": LEGEND_FONT, "hover": HOVER_FONT, "legend_least": LEGEND_FONT_LEAST},
        "themes": {
            "map": theme_assignments(MAP_THEMES),
            "timeline": theme_assignments(TIMELINE_THEMES),
        },
    }


def register_callbacks(app: Dash) -> None:
    """The header's buttons and the presentation bar's arrows (assets/scripts/keys.js and
    assets/scripts/map_view.js)."""

    def clientside(name: str) -> ClientsideFunction:
        return ClientsideFunction(namespace="citylinks", function_name=name)

    app.clientside_callback(
        clientside("togglePresenting"),
        Output(ids.PRESENTING, "data"),
        Input(ids.PRESENT, "n_clicks"),
        State(ids.PRESENTING, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        clientside("presentingChanged"),
        Output(ids.PAGE, "className"),
        Output(ids.PRESENT, "children"),
        Output(ids.MAP, "figure", allow_duplicate=True),
        Input(ids.PRESENTING, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        clientside("toggleTheme"),
        Output(ids.THEME, "data"),
        Input(ids.THEME_BUTTON, "n_clicks"),
        State(ids.THEME, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        clientside("themeChanged"),
        Output(ids.PAGE, "data-theme"),
        Output(ids.MAP, "figure", allow_duplicate=True),
        Output(ids.TIMELINE, "figure"),
        Output(ids.THEME_BUTTON, "children"),
        Input(ids.THEME, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        clientside("stepYear"),
        Output(ids.YEAR, "value", allow_duplicate=True),
        Input(ids.PREV_YEAR, "n_clicks"),
        Input(ids.NEXT_YEAR, "n_clicks"),
        State(ids.YEAR, "value"),
        prevent_initial_call=True,
    )
