"""Stories in the page: the *Story* panel that builds one (a title; *Add this view as a slide*;
each slide's title, caption and callouts; reorder, duplicate, delete; *Save*, *Export (JSON)*,
*Import (JSON)*), and the player of a saved story (/stories/<id>/: the map the story is for, in
presentation mode, one slide at a time).

The story being built lives in the browser (assets/scripts/stories.js keeps it in the tab's
session storage and copies it into the `STORY_DATA` store); the server reads it only to check it
(citylinks/model/story.py `story_from_data`, against the map's networks, years and filter
values) when it is saved or exported, and reads an imported file with `story_from_json`. What is
wrong is said in the page's language from the coded problems, each part named as a person would
("slide 3, caption") rather than by its JSON pointer. Saved stories are the store's
(citylinks/storage/stories.py): a view link that plays the story and an edit link whose key is in
the fragment (as for saved maps: components/saved_maps.py).

Texts from the data and from stories (titles, captions, notes, city names) go into the page as
text only: Dash's components here, `textContent` and form values in stories.js.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from flask import has_request_context, request

from citylinks.dataset.loading import Dataset
from citylinks.i18n.catalogue import Texts
from citylinks.model.inputs import as_text
from citylinks.model.story import (
    Story,
    StoryError,
    story_from_data,
    story_from_json,
    story_to_data,
    story_to_json,
)
from citylinks.settings import LIMITS
from citylinks.storage import StorageError, Store, story_edit_path, story_view_path
from components import ids
from components.language import texts_of
from components.markup import attrs
from web.served_maps import ServedMap, ServedMaps
from web.story_pages import (
    Shown,
    city_choices,
    credit_text,
    file_name,
    map_ref,
    player_data,
    problems_text,
    scope_of,
    too_large,
)

KEY_CHARS = 64
# A story file read in the page goes to the server in a callback's body (LIMITS.request_bytes):
# the page reads files up to this size, and says a larger one is too large.
IMPORT_BYTES = min(LIMITS.story_bytes, LIMITS.request_bytes // 2)

# --- layout --------------------------------------------------------------------------------


def button(t: Texts) -> html.Button:
    """The header's *Story* button."""
    return html.Button(
        t("story.button"),
        id=ids.STORY_BUTTON,
        className="present-button",
        n_clicks=0,
        title=t("story.button_title"),
        **attrs({"aria-controls": ids.STORY_PANEL, "aria-expanded": "false"}),
    )


EDITOR_TEXTS = (
    "story.title_label",
    "story.add",
    "story.none",
    "story.slide",
    "story.slide_title",
    "story.caption",
    "story.view",
    "story.default_view",
    "story.show",
    "story.show_title",
    "story.up",
    "story.up_title",
    "story.down",
    "story.down_title",
    "story.duplicate",
    "story.duplicate_title",
    "story.delete_slide",
    "story.delete_slide_title",
    "story.callouts",
    "story.add_callout",
    "story.callout_city",
    "story.callout_note",
    "story.remove_callout",
    "story.moved",
    "story.added",
    "story.removed",
    "story.new",
    "story.new_title",
    "story.import",
)


def _editor_texts(t: Texts) -> dict[str, str]:
    """The texts stories.js writes in the editor, by their name after "story."."""
    return {key.removeprefix("story."): t(key) for key in EDITOR_TEXTS}


def _panel(t: Texts, cities: Iterable[tuple[str, str]], shown: Shown | None) -> html.Section:
    editing = shown is not None and shown.mode == "edit"
    delete = (
        [
            dcc.ConfirmDialogProvider(
                html.Button(t("story.delete"), className="download-button"),
                id=ids.STORY_DELETE,
                message=t("story.delete_confirm"),
            )
        ]
        if editing
        else []
    )
    return html.Section(
        id=ids.STORY_PANEL,
        className="story-panel",
        hidden=not editing,
        **attrs({"aria-labelledby": "story-panel-title"}),
        children=[
            html.Div(
                className="story-panel-head",
                children=[
                    html.H2(t("story.panel_title"), id="story-panel-title"),
                    html.Button(
                        "×",
                        id=ids.STORY_CLOSE,
                        className="details-close",
                        title=t("story.close"),
                        **attrs({"aria-label": t("story.close")}),
                    ),
                ],
            ),
            html.Div(
                className="story-actions",
                children=[
                    html.Button(
                        t("story.save"),
                        id=ids.STORY_SAVE,
                        className="download-button",
                        n_clicks=0,
                        title=t("story.save_title"),
                    ),
                    html.Button(
                        t("story.export"),
                        id=ids.STORY_EXPORT,
                        className="download-button",
                        n_clicks=0,
                    ),
                    *delete,
                ],
            ),
            html.P(id=ids.STORY_STATUS, className="story-status", role="status"),
            html.Div(id=ids.STORY_LINKS, className="story-links"),
            # Filled by assets/scripts/stories.js (the texts it needs in data-texts).
            html.Div(
                id=ids.STORY_EDITOR,
                className="story-editor",
                **attrs(
                    {
                        "data-texts": json.dumps(_editor_texts(t), ensure_ascii=False),
                        "data-limits": json.dumps(
                            {
                                "file": IMPORT_BYTES,
                                "slides": LIMITS.story_slides,
                                "callouts": LIMITS.story_callouts,
                                "title": LIMITS.story_title_chars,
                                "caption": LIMITS.story_caption_chars,
                                "note": LIMITS.story_note_chars,
                            }
                        ),
                    }
                ),
            ),
            html.Select(
                id=ids.STORY_CITIES,
                hidden=True,
                **attrs({"aria-hidden": "true", "tabIndex": "-1"}),
                children=[html.Option(label, value=value) for value, label in cities],
            ),
            html.P(
                id=ids.STORY_ANNOUNCE,
                className="visually-hidden",
                **attrs({"aria-live": "polite"}),
            ),
        ],
    )


def _player(shown: Shown, data: Dataset, t: Texts) -> html.Section:
    return html.Section(
        id=ids.STORY_PLAYER,
        className="story-player",
        **attrs({"aria-label": t("story.player_label", title=shown.story.title)}),
        children=[
            html.Div(
                className="story-card",
                children=[
                    html.H2(id=ids.STORY_SLIDE_TITLE, className="story-slide-title"),
                    html.P(id=ids.STORY_CAPTION, className="story-caption"),
                    html.P(credit_text(data, t), id=ids.STORY_CREDIT, className="story-credit"),
                ],
            ),
            html.Div(
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
                ],
            ),
            html.Ul(id=ids.STORY_CALLOUTS, className="story-callouts"),
            dcc.Store(id=ids.STORY_PLAY, data=player_data(shown.story, data, t)),
        ],
    )


def layout(served: ServedMap, t: Texts, shown: Shown | None = None) -> list:
    """The story panel (and, on a story's page, its player) and their stores."""
    data = served.data
    loaded = (
        None if shown is None or shown.mode != "edit" else {"story": story_to_data(shown.story)}
    )
    parts: list = [_panel(t, city_choices(data, t), shown)]
    if shown is not None and shown.mode == "play":
        parts.append(_player(shown, data, t))
    parts += [
        dcc.Store(id=ids.STORY_DATA),
        dcc.Store(id=ids.STORY_IMPORT),
        dcc.Store(id=ids.STORY_LOADED, data=loaded),
        dcc.Store(id=ids.STORY_SAVED, data={}),
        dcc.Store(id=ids.STORY_KEY, data=""),
        dcc.Download(id=ids.STORY_DOWNLOAD),
    ]
    return parts


def validation_parts(served: ServedMap, t: Texts) -> list:
    """Every id of the panel and the player (for the app's validation layout)."""
    story = Story("-")
    return [
        *layout(served, t, Shown("edit", "-", story)),
        _player(Shown("play", "-", story), served.data, t),
    ]


# --- callbacks -----------------------------------------------------------------------------


def _links(t: Texts, story_id: str, secret: str) -> html.Div:
    root = request.host_url.rstrip("/") if has_request_context() else ""
    view, edit = root + story_view_path(story_id), root + story_edit_path(story_id, secret)
    return html.Div(
        [
            html.P([t(text), " ", html.A(link, href=link, className=kind)])
            for text, link, kind in (
                ("story.view_link", view, "story-view-link"),
                ("story.edit_link", edit, "story-edit-link"),
            )
        ]
    )


class StoryCallbacks:
    """The panel's server side, on the map (and story page) the request is for."""

    def __init__(self, store: Store, maps: ServedMaps) -> None:
        self.store = store
        self.maps = maps

    def _checked(self, data: object, t: Texts) -> Story | str:
        """The page's story checked against the map, or what is wrong with it (a text)."""
        try:
            return story_from_data(data, scope_of(self.maps.current().data))
        except StoryError as err:
            return problems_text(err.problems, t)

    def save(self, clicks: object, data: object, key: object, saved: object, lang: object) -> tuple:
        """Save the story: a new one, or the one this page saved or edits (its key)."""
        t = texts_of(lang)
        if not clicks:
            return no_update, no_update, no_update
        story = self._checked(data, t)
        if isinstance(story, str):
            return story, no_update, no_update
        document = story_to_json(story)
        page = self.maps.story()
        ident, secret = self._editing(page.ident if page and page.editing else None, key, saved)
        try:
            if ident is not None:
                info = self.store.update_story(ident, secret, document, title=story.title)
                if info is None:
                    return t("story.no_key"), no_update, no_update
                return t("story.updated", title=info.title), _links(t, ident, secret), no_update
            ref = map_ref(self.maps.current())
            if ref is None:
                return t("story.not_here"), no_update, no_update
            new = self.store.save_story(ref, story.title, document)
        except StorageError as err:
            return t("story.save_failed", reason=t.problem(err)), no_update, no_update
        links = _links(t, new.id, new.edit_secret)
        return t("story.saved", title=story.title), links, {"id": new.id, "key": new.edit_secret}

    @staticmethod
    def _editing(page_story: str | None, key: object, saved: object) -> tuple[str | None, str]:
        """Which saved story a save updates (its id and key): the one the edit page is for,
        else the one this page saved already, else none."""
        if page_story is not None:
            return page_story, as_text(key, KEY_CHARS) or ""
        if isinstance(saved, dict):
            ident, secret = as_text(saved.get("id"), 32), as_text(saved.get("key"), KEY_CHARS)
            if ident and secret:
                return ident, secret
        return None, ""

    def export(self, clicks: object, data: object, lang: object) -> tuple:
        t = texts_of(lang)
        if not clicks:
            return no_update, no_update
        story = self._checked(data, t)
        if isinstance(story, str):
            return no_update, story
        download = {
            "content": story_to_json(story),
            "filename": file_name(story.title),
            "type": "application/json",
        }
        return download, ""

    def import_file(self, sent: object, lang: object) -> tuple:
        """A file the page read: the story it holds, for the builder, or what is wrong."""
        t = texts_of(lang)
        if not isinstance(sent, dict):
            return no_update, no_update
        size, text = sent.get("size"), sent.get("text")
        if not isinstance(size, int) or isinstance(size, bool) or size > IMPORT_BYTES:
            shown = size if isinstance(size, int) and not isinstance(size, bool) else 0
            return no_update, problems_text([too_large(shown, IMPORT_BYTES)], t)
        if not isinstance(text, str):
            return no_update, no_update
        try:
            story = story_from_json(text, scope_of(self.maps.current().data))
        except StoryError as err:
            return no_update, problems_text(err.problems, t)
        loaded = {"story": story_to_data(story), "at": sent.get("at")}
        return loaded, t("story.imported", title=story.title, count=len(story.slides))

    def delete(self, clicks: object, key: object, lang: object) -> tuple:
        t, page = texts_of(lang), self.maps.story()
        secret = as_text(key, KEY_CHARS) or ""
        if not clicks or page is None or not page.editing:
            return no_update, no_update
        if not secret or not self.store.delete_story(page.ident, secret):
            return t("story.no_key"), no_update
        return t("story.deleted"), ""


def register_callbacks(app: Dash, store: Store | None, maps: ServedMaps) -> None:
    """The panel's and the player's callbacks (the server's only where stories are kept)."""

    def clientside(name: str) -> ClientsideFunction:
        return ClientsideFunction(namespace="citylinks", function_name=name)

    app.clientside_callback(
        clientside("storyPanel"),
        Output(ids.STORY_PANEL, "hidden"),
        Output(ids.STORY_BUTTON, "aria-expanded"),
        Input(ids.STORY_BUTTON, "n_clicks"),
        Input(ids.STORY_CLOSE, "n_clicks"),
        State(ids.STORY_PANEL, "hidden"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        clientside("storyLoad"),
        Output(ids.STORY_EDITOR, "data-loaded"),
        Input(ids.STORY_LOADED, "data"),
    )
    app.clientside_callback(
        clientside("storyPlay"),
        Output(ids.STORY_COUNTER, "children"),
        Input(ids.STORY_PLAY, "data"),
    )
    app.clientside_callback(
        clientside("editKey"),
        Output(ids.STORY_KEY, "data"),
        Input(ids.STORY_PANEL, "id"),
    )
    if store is None:
        return
    calls = StoryCallbacks(store, maps)
    app.callback(
        Output(ids.STORY_STATUS, "children"),
        Output(ids.STORY_LINKS, "children"),
        Output(ids.STORY_SAVED, "data"),
        Input(ids.STORY_SAVE, "n_clicks"),
        State(ids.STORY_DATA, "data"),
        State(ids.STORY_KEY, "data"),
        State(ids.STORY_SAVED, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )(calls.save)
    app.callback(
        Output(ids.STORY_DOWNLOAD, "data"),
        Output(ids.STORY_STATUS, "children", allow_duplicate=True),
        Input(ids.STORY_EXPORT, "n_clicks"),
        State(ids.STORY_DATA, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )(calls.export)
    app.callback(
        Output(ids.STORY_LOADED, "data"),
        Output(ids.STORY_STATUS, "children", allow_duplicate=True),
        Input(ids.STORY_IMPORT, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )(calls.import_file)
    app.callback(
        Output(ids.STORY_STATUS, "children", allow_duplicate=True),
        Output(ids.STORY_LINKS, "children", allow_duplicate=True),
        Input(ids.STORY_DELETE, "submit_n_clicks"),
        State(ids.STORY_KEY, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )(calls.delete)
