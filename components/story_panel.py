"""The *Story* panel, the builder of a story: its title; *Add this view as a slide*; each
slide's title, caption and callouts; reorder, duplicate, delete (drawn and edited by
assets/scripts/story_editor.js, which keeps the story in the tab and copies it into the
STORY_DATA store); *Save* with its view and edit links, *Export (JSON)*, *Import (JSON)*, the
offline deck and the PNGs (components/story_exports.py). The server checks a story against the
map when it is saved or exported (citylinks/model/story.py) and says what is wrong in the page's
language, each part named as a person would ("slide 3, caption"); saved stories are the store's
(citylinks/storage/stories.py). A save names the revision it was made from: one from an older
revision (another tab saved meanwhile) is refused, with *Reload the saved story* and *Save as a
new story*. A story may be up to LIMITS.story_bytes (1 MB, see citylinks/model/story.py): the
callbacks that carry one (`story_callbacks`) take bodies up to web/security.py's
STORY_BODY_BYTES, the page sends the size of a larger one instead, refused as `story.too_large`.
Texts from stories go into the page as text only.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from typing import TYPE_CHECKING

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

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
from citylinks.storage import StorageError, story_edit_path, story_view_path
from components import ids, story_exports
from components.language import texts_of
from components.markup import absolute_url, attrs, link_list, problem_list
from components.story_editor import IMPORT_BYTES, editor_data
from web.served_maps import ServedMap, ServedMaps
from web.story_pages import (
    Shown,
    city_choices,
    file_name,
    map_ref,
    oversized,
    problem_items,
    scope_of,
    too_large,
)

if TYPE_CHECKING:
    from citylinks.storage import Store

KEY_CHARS = 64
# The stores whose value is a whole story (what makes a callback's body large).
STORY_VALUES = (ids.STORY_DATA, ids.STORY_IMPORT)

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


def _conflict(t: Texts) -> html.Div:
    """What a refused save offers (shown by the save callback): reload, or save as new."""
    return html.Div(
        id=ids.STORY_CONFLICT,
        className="story-conflict",
        hidden=True,
        children=[
            html.A(
                t("story.reload"),
                id=ids.STORY_RELOAD,
                className="story-action",
                href="",
                title=t("story.reload_title"),
            ),
            html.Button(
                t("story.save_new"),
                id=ids.STORY_SAVE_NEW,
                className="story-action",
                n_clicks=0,
                title=t("story.save_new_title"),
            ),
        ],
    )


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
            story_exports.layout(t, "builder"),
            html.Div(id=ids.STORY_STATUS, className="story-status", role="status"),
            _conflict(t),
            html.Div(id=ids.STORY_LINKS, className="story-links"),
            # Filled by assets/scripts/story_editor.js (its texts and limits: components/
            # story_editor.py).
            html.Div(id=ids.STORY_EDITOR, className="story-editor", **attrs(editor_data(t))),
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


def layout(served: ServedMap, t: Texts, shown: Shown | None = None) -> list:
    """The story panel and its stores (on a story's edit page: the story, its revision)."""
    editing = shown is not None and shown.mode == "edit"
    loaded = {"story": story_to_data(shown.story)} if shown is not None and editing else None
    saved = {"id": shown.ident, "revision": shown.revision} if shown is not None and editing else {}
    return [
        _panel(t, city_choices(served.data, t), shown),
        dcc.Store(id=ids.STORY_DATA),
        dcc.Store(id=ids.STORY_IMPORT),
        dcc.Store(id=ids.STORY_LOADED, data=loaded),
        dcc.Store(id=ids.STORY_SAVED, data=saved),
        dcc.Store(id=ids.STORY_KEY, data=""),
        dcc.Download(id=ids.STORY_DOWNLOAD),
    ]


def validation_parts(served: ServedMap, t: Texts) -> list:
    """Every id of the panel (for the app's validation layout)."""
    return layout(served, t, Shown("edit", "-", Story("-")))


# --- what the callbacks say ----------------------------------------------------------------


def problems_shown(t: Texts, items: list[str]) -> list:
    """A story's problems, as the import panel lists a file's (components/markup.py)."""
    return problem_list(t("story.problems_title"), items, "story-problem")


def _links(t: Texts, story_id: str, secret: str) -> html.Div:
    return link_list(
        [
            (t("story.view_link"), absolute_url(story_view_path(story_id)), "story-view-link"),
            (
                t("story.edit_link"),
                absolute_url(story_edit_path(story_id, secret)),
                "story-edit-link",
            ),
        ]
    )


def _revision(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


class StoryCallbacks:
    """The panel's server side, on the map (and story page) the request is for."""

    def __init__(self, store: Store, maps: ServedMaps) -> None:
        self.store = store
        self.maps = maps

    def _checked(self, data: object, t: Texts) -> tuple[Story, str] | list:
        """The page's story checked against the map and its JSON file, or its problems (shown)."""
        if isinstance(data, dict) and "too_large" in data:  # the page did not send it
            size = data["too_large"]
            size = size if isinstance(size, int) and not isinstance(size, bool) else 0
            return problems_shown(t, problem_items([too_large(size, LIMITS.story_bytes)], t))
        try:
            story = story_from_data(data, scope_of(self.maps.current().data))
        except StoryError as err:
            return problems_shown(t, problem_items(err.problems, t))
        document = story_to_json(story)
        problem = oversized(document, LIMITS.story_bytes)
        if problem is not None:
            return problems_shown(t, problem_items([problem], t))
        return story, document

    def save(
        self,
        clicks: object,
        as_new: object,
        data: object,
        key: object,
        saved: object,
        lang: object,
    ) -> tuple:
        """Save the story: a new one, or the one this page saved or edits (its key and the
        revision it was made from: a story changed elsewhere meanwhile is not overwritten)."""
        t = texts_of(lang)
        keep = no_update
        if not clicks and not as_new:
            return keep, keep, keep, keep, keep
        checked = self._checked(data, t)
        if isinstance(checked, list):
            return checked, keep, keep, keep, keep
        story, document = checked
        fresh = ctx.triggered_id == ids.STORY_SAVE_NEW
        ident, secret, revision = (None, "", None) if fresh else self._editing(key, saved)
        try:
            if ident is not None:
                info = self.store.update_story(
                    ident, secret, document, title=story.title, revision=revision
                )
                if info is None:
                    return t("story.no_key"), keep, keep, keep, keep
                done = {"id": ident, "key": secret, "revision": info.revision}
                said = t("story.updated", title=info.title)
                return said, _links(t, ident, secret), done, True, keep
            ref = map_ref(self.maps.current())
            if ref is None:
                return t("story.not_here"), keep, keep, keep, keep
            new = self.store.save_story(ref, story.title, document)
        except StorageError as err:
            said = t("story.save_failed", reason=t.problem(err))
            if err.code == "storage.story_conflict" and ident is not None:
                return said, keep, keep, False, story_edit_path(ident, secret)
            return said, keep, keep, keep, keep
        done = {"id": new.id, "key": new.edit_secret, "revision": 1}
        said = t("story.saved", title=story.title)
        return said, _links(t, new.id, new.edit_secret), done, True, keep

    def _editing(self, key: object, saved: object) -> tuple[str | None, str, int | None]:
        """Which saved story a save updates (its id, key, and the revision the page has): none
        after *New story*, the one this page saved already, else the one the edit page is for,
        else none."""
        if isinstance(saved, dict) and saved.get("new"):  # *New story*: saved as a new one
            return None, "", None
        page = self.maps.story()
        page_story = page.ident if page and page.editing else None
        if not isinstance(saved, dict):
            saved = {}
        ident, secret = as_text(saved.get("id"), 32), as_text(saved.get("key"), KEY_CHARS)
        revision = _revision(saved.get("revision"))
        if ident and secret:
            return ident, secret, revision
        if page_story is not None:
            kept = revision if ident == page_story else None
            return page_story, as_text(key, KEY_CHARS) or "", kept
        return None, "", None

    def export(self, clicks: object, data: object, lang: object) -> tuple:
        t = texts_of(lang)
        if not clicks:
            return no_update, no_update
        checked = self._checked(data, t)
        if isinstance(checked, list):
            return no_update, checked
        story, document = checked
        download = {"content": document, "filename": file_name(story.title)}
        return {**download, "type": "application/json"}, ""

    def import_file(self, sent: object, lang: object) -> tuple:
        """A file the page read (its bytes in base64): the story it holds, or what is wrong."""
        t = texts_of(lang)
        if not isinstance(sent, dict):
            return no_update, no_update
        size, text = sent.get("size"), sent.get("base64")
        if not isinstance(size, int) or isinstance(size, bool) or size > IMPORT_BYTES:
            shown = size if isinstance(size, int) and not isinstance(size, bool) else 0
            return no_update, problems_shown(t, problem_items([too_large(shown, IMPORT_BYTES)], t))
        if not isinstance(text, str) or len(text) > 4 * (IMPORT_BYTES // 3 + 1):
            return no_update, no_update
        try:
            content = base64.b64decode(text, validate=True)
            story = story_from_json(content, scope_of(self.maps.current().data))
        except binascii.Error:
            return no_update, no_update
        except StoryError as err:
            return no_update, problems_shown(t, problem_items(err.problems, t))
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


def story_callbacks(app: Dash) -> list[str]:
    """The callbacks that carry a whole story in their request (web/security.py lets their
    bodies be as large as a story may be): those reading STORY_DATA or STORY_IMPORT."""
    return [
        output
        for output, spec in app.callback_map.items()
        if any(
            isinstance(item, dict) and item.get("id") in STORY_VALUES
            for item in [*spec.get("inputs", []), *spec.get("state", [])]
        )
    ]


def register_callbacks(app: Dash, store: Store | None, maps: ServedMaps) -> None:
    """The panel's callbacks (the server's only where stories are kept)."""

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
        Output(ids.STORY_CONFLICT, "hidden"),
        Output(ids.STORY_RELOAD, "href"),
        Input(ids.STORY_SAVE, "n_clicks"),
        Input(ids.STORY_SAVE_NEW, "n_clicks"),
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
