"""The player of a saved story (/stories/<id>/): the map the story is for, in presentation
mode, one slide at a time (assets/scripts/story_player.js shows each slide's view, flying the
map's camera to it, its title, caption and callouts). Its bar: previous, the slide counter,
next, full screen, the offline deck and the slides as PNGs (components/story_exports.py).

Esc leaves full screen first; a second Esc leaves the story for the ordinary map of the slide
shown, with *Back to the story* (STORY_RESUME) at the top of the map to play on from there.

Texts from the story (titles, captions, notes, city names) go into the page as text only.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, dcc, html

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts
from citylinks.model.story import Story
from components import ids, story_exports
from components.markup import attrs
from web.served_maps import ServedMap
from web.story_pages import Shown, credit_text, player_data


def _bar(t: Texts) -> html.Div:
    return html.Div(
        className="story-controls",
        children=[
            html.Button(
                "◀",
                id=ids.STORY_PREV,
                className="step-button",
                title=t("story.previous"),
                **attrs({"aria-label": t("story.previous")}),
            ),
            html.Span(
                id=ids.STORY_COUNTER,
                className="story-counter",
                **attrs({"aria-live": "polite", "data-label": t("story.counter")}),
            ),
            html.Button(
                "▶",
                id=ids.STORY_NEXT,
                className="step-button",
                title=t("story.next"),
                **attrs({"aria-label": t("story.next")}),
            ),
            html.Button(
                t("story.fullscreen"),
                id=ids.STORY_FULLSCREEN,
                className="present-button",
                title=t("story.fullscreen_title"),
            ),
            story_exports.layout(t, "player"),
        ],
    )


def _player(shown: Shown, data: Dataset, t: Texts) -> html.Section:
    return html.Section(
        id=ids.STORY_PLAYER,
        className="story-player",
        **attrs(
            {
                "aria-label": t("story.player_label", title=shown.story.title),
                "data-left": t("story.left"),
                "data-resumed": t("story.resumed"),
            }
        ),
        children=[
            html.Div(
                className="story-card",
                children=[
                    html.H2(id=ids.STORY_SLIDE_TITLE, className="story-slide-title"),
                    html.P(id=ids.STORY_CAPTION, className="story-caption"),
                    html.P(credit_text(data, t), id=ids.STORY_CREDIT, className="story-credit"),
                ],
            ),
            _bar(t),
            html.Button(
                t("story.resume"),
                id=ids.STORY_RESUME,
                className="present-play story-resume",
                hidden=True,
                title=t("story.resume_title"),
                **attrs({"data-label": t("story.resume")}),
            ),
            html.Ul(id=ids.STORY_CALLOUTS, className="story-callouts"),
            dcc.Store(id=ids.STORY_PLAY, data=player_data(shown.story, data, t)),
        ],
    )


def layout(served: ServedMap, t: Texts, shown: Shown | None) -> list:
    """The player, on a story's page that plays it (nothing elsewhere)."""
    if shown is None or shown.mode != "play":
        return []
    return [_player(shown, served.data, t)]


def validation_parts(served: ServedMap, t: Texts) -> list:
    """Every id of the player (for the app's validation layout)."""
    return layout(served, t, Shown("play", "-", Story("-")))


def register_callbacks(app: Dash) -> None:
    """The player starts once its story is in the page (story_player.js `storyPlay`)."""
    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="storyPlay"),
        Output(ids.STORY_COUNTER, "children"),
        Input(ids.STORY_PLAY, "data"),
    )
