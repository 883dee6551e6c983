"""A story for a meeting room with no connection: *Offline deck (HTML)* and *Slides (PNG, ZIP)*,
in the story builder and in the player (`layout(t, "builder")`, `layout(t, "player")`: pattern
ids {"type": …, "source": …}, so each place has its own buttons, status and download).

Both start from the same data (`deck_data`): for each slide, the figure the page draws for its
view in presentation mode and the page's theme (components/map_view.py `build`), where the map
looks (a zoom preset's ranges, or a camera), the title, the status sentence, the caption, and the
callouts with their cities' names in the language and places. The deck is that data and its
player in one HTML file (citylinks/render/deck.py); the PNGs are drawn in the browser at
1920x1080 with the projector's labels (assets/scripts/slide_images.js) and zipped there
(assets/scripts/zip.js): nothing leaves the page.

Which story: in the builder, the one being built (the STORY_DATA store, checked against the map
as a save checks it); in the player, the saved story the page plays (the page's address).
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from dash import MATCH, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update
from plotly.io.json import to_json_plotly

from citylinks import clock
from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts
from citylinks.model.story import Story, StoryError, slide_state, story_from_data
from citylinks.model.viewstate import Scope, ViewState
from citylinks.model.zoom import PRESETS
from citylinks.render.deck import DECK_TEXT_KEYS, deck_html
from citylinks.render.map import MapFigures
from citylinks.render.styles import themed_layout, themed_traces
from components import ids, map_view
from components.downloads import world_topojson
from components.language import texts_of
from components.presentation import HOVER_FONT, LEGEND_FONT
from web.offline import deck_scripts, plotly_bundle
from web.served_maps import ServedMap, ServedMaps
from web.story_pages import (
    city_choices,
    credit_text,
    file_name,
    problems_text,
    scope_of,
    shown_story,
)

if TYPE_CHECKING:
    from citylinks.storage import Store

SOURCES = ("builder", "player")
THEMES = ("light", "dark")
SLIDE_SIZE = (1920, 1080)  # the PNGs, as the map's PNG (components/downloads.py)


def _id(kind: str, source: Any) -> dict[str, Any]:
    return {"type": kind, "source": source}


def layout(t: Texts, source: str) -> html.Div:
    """The two buttons, their status line and the deck's download, for the builder or the
    player (`source`)."""
    return html.Div(
        id=f"{ids.STORY_EXPORTS}-{source}",
        className="story-exports",
        children=[
            html.Button(
                t("story.deck"),
                id=_id(ids.STORY_DECK, source),
                className="download-button",
                n_clicks=0,
                title=t("story.deck_title"),
            ),
            html.Button(
                t("story.pngs"),
                id=_id(ids.STORY_PNGS, source),
                className="download-button",
                n_clicks=0,
                title=t("story.pngs_title"),
            ),
            html.P(
                id=_id(ids.STORY_EXPORTS_STATUS, source), className="story-status", role="status"
            ),
            dcc.Download(id=_id(ids.STORY_DECK_FILE, source)),
            dcc.Store(id=_id(ids.STORY_SLIDE_IMAGES, source)),
        ],
    )


# --- the slides' data --------------------------------------------------------------------------


def _places(data: Dataset) -> dict[tuple[str, str], tuple[float, float]]:
    """(city, country code) -> (lon, lat), the home city's and each partner's first place."""
    home = data.home
    places = {(home.city, home.country_code): (home.lon, home.lat)}
    rows = data.partners
    for city, code, lon, lat in zip(
        rows["city"], rows["country_code"], rows["lon"], rows["lat"], strict=True
    ):
        if isinstance(city, str) and isinstance(code, str) and lon == lon and lat == lat:
            places.setdefault((city, code), (float(lon), float(lat)))
    return places


def camera_of(state: ViewState) -> dict[str, Any] | None:
    """Where a slide's map looks, for the player (assets/scripts/fly.js `cameraFor`): a
    camera, a zoom preset's ranges (the camera then depends on the screen), or None (the
    whole world, the page's default)."""
    if state.camera is not None:
        return dataclasses.asdict(state.camera)
    if state.preset and state.preset != "world":
        bounds = PRESETS[state.preset]
        return {"bounds": {"lon": list(bounds.lon), "lat": list(bounds.lat)}}
    return None


def _figure(maps: MapFigures, state: ViewState, theme: str) -> tuple[dict[str, Any], str]:
    """A slide's figure as plain JSON values in `theme`, with the projector's font sizes, and
    its status sentence."""
    view = map_view.build(maps, state)
    figure = json.loads(to_json_plotly(view.figure))
    data = themed_traces(figure["data"], theme)
    layout = themed_layout(figure["layout"], theme)
    layout.setdefault("legend", {}).setdefault("font", {})["size"] = LEGEND_FONT[1]
    layout.setdefault("hoverlabel", {}).setdefault("font", {})["size"] = HOVER_FONT[1]
    return {"data": data, "layout": layout}, view.status


def deck_data(served: ServedMap, story: Story, t: Texts, theme: str) -> dict[str, Any]:
    """Every slide of `story` as the deck and the PNGs show it, in `t`'s language."""
    data = served.data
    scope: Scope = scope_of(data)
    maps = served.figures[t.lang]
    places = _places(data)
    names = {value: label.split(" (")[0] for value, label in city_choices(data, t, limit=10**6)}
    slides = []
    for slide in story.slides:
        state = dataclasses.replace(slide_state(slide, scope, t.lang), present=True)
        figure, status = _figure(maps, state, theme)
        callouts = []
        for callout in slide.callouts:
            key = (callout.city, callout.country_code)
            lon, lat = places.get(key, (None, None))
            name = names.get(f"{callout.city}|{callout.country_code}", callout.city)
            callouts.append(
                {
                    "city": callout.city,
                    "country_code": callout.country_code,
                    "label": name,
                    "note": callout.note,
                    "lon": lon,
                    "lat": lat,
                }
            )
        slides.append(
            {
                "title": slide.title or story.title,
                "caption": slide.caption,
                "status": status,
                "year": state.year,
                "camera": camera_of(state),
                "figure": figure,
                "callouts": callouts,
            }
        )
    stem = file_name(story.title).removesuffix(".json")
    return {
        "title": story.title,
        "credit": credit_text(data, t),
        "made": t("deck.made", date=t.date(clock.today().isoformat())),
        "slides": slides,
        "size": list(SLIDE_SIZE),
        "filename": f"{stem}-slides.zip",
        "deck_name": f"{stem}.html",
        "texts": {
            "more": maps.texts("present.more_labels", n="{n}"),
            "counter": t("deck.counter", n="{n}", count="{count}"),
            "making": t("story.pngs_making", n="{n}", count="{count}"),
            "ready": t("story.pngs_ready", name="{name}", count="{count}"),
            "failed": t("story.pngs_failed", reason="{reason}"),
        },
    }


def deck_file(served: ServedMap, story: Story, t: Texts, theme: str) -> tuple[str, str]:
    """The offline deck: its file name and its HTML."""
    deck = deck_data(served, story, t, theme)
    texts = {key: t(f"deck.{key}") for key in DECK_TEXT_KEYS}
    texts.update(pngs=t("story.pngs"), pngs_title=t("story.pngs_title"))
    page = deck_html(
        lang=t.lang,
        title=story.title,
        deck=deck,
        texts=texts,
        plotly_js=plotly_bundle().decode("utf-8"),
        scripts=deck_scripts(),
        topojson=world_topojson(),
        dark=theme == "dark",
    )
    return deck["deck_name"], page


# --- callbacks -----------------------------------------------------------------------------------


class StoryExports:
    """The callbacks' work: which story, then its deck or its slides' data."""

    def __init__(self, store: Store | None, maps: ServedMaps) -> None:
        self.store = store
        self.maps = maps

    def story(self, source: object, data: object, t: Texts) -> Story | str:
        """The story asked for, or what is wrong (a text in the page's language)."""
        if source == "player":
            shown = shown_story(self.maps, self.store)
            story = shown.story if shown is not None else None
        else:
            try:
                story = story_from_data(data, scope_of(self.maps.current().data))
            except StoryError as err:
                return problems_text(err.problems, t)
        if story is None or not story.slides:
            return t("story.exports_empty")
        return story

    def _asked(self, clicks: object, data: object, lang: object, theme: object) -> tuple:
        t = texts_of(lang)
        trigger = ctx.triggered_id if isinstance(ctx.triggered_id, dict) else {}
        source = trigger.get("source")
        if not clicks or source not in SOURCES:
            return t, None, ""
        story = self.story(source, data, t)
        if isinstance(story, str):
            return t, None, story
        return t, story, theme if theme in THEMES else "light"

    def deck(self, clicks: object, data: object, lang: object, theme: object) -> tuple:
        t, story, said = self._asked(clicks, data, lang, theme)
        if story is None:
            return no_update, said or no_update
        name, page = deck_file(self.maps.current(), story, t, said)
        download = {"content": page, "filename": name, "type": "text/html"}
        return download, t("story.deck_ready", name=name)

    def slide_images(self, clicks: object, data: object, lang: object, theme: object) -> tuple:
        t, story, said = self._asked(clicks, data, lang, theme)
        if story is None:
            return no_update, said or no_update
        return deck_data(self.maps.current(), story, t, said), ""


def register_callbacks(app: Dash, store: Store | None, maps: ServedMaps) -> None:
    exports = StoryExports(store, maps)
    asked = (
        State(ids.STORY_DATA, "data"),
        State(ids.LANGUAGE, "data"),
        State(ids.THEME, "data"),
    )
    status = Output(_id(ids.STORY_EXPORTS_STATUS, MATCH), "children", allow_duplicate=True)
    app.callback(
        Output(_id(ids.STORY_DECK_FILE, MATCH), "data"),
        status,
        Input(_id(ids.STORY_DECK, MATCH), "n_clicks"),
        *asked,
        prevent_initial_call=True,
    )(exports.deck)
    app.callback(
        Output(_id(ids.STORY_SLIDE_IMAGES, MATCH), "data"),
        status,
        Input(_id(ids.STORY_PNGS, MATCH), "n_clicks"),
        *asked,
        prevent_initial_call=True,
    )(exports.slide_images)
    # The slides drawn and zipped in the browser; the status says how far it is.
    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="storySlideImages"),
        status,
        Input(_id(ids.STORY_SLIDE_IMAGES, MATCH), "data"),
        prevent_initial_call=True,
    )
