"""Saved maps in the page: *Save this map* in the import panel (a shown import kept in the
store for good, with a view link to share and an edit link to keep), and a saved map's edit
page (/maps/<id>/edit#key=<secret>: rename, delete, and change its data: the import panel
reopened on the file it was made from, or a new file, then *Save this map* replaces the map's
data at the same links).

The view link (/maps/<id>/) opens the map read-only, with its table and downloads; it gives
nothing of the upload (the file as read, the rejected rows are the map's private files, which
only the edit key reads). The edit key is in the link's fragment, never sent to the server
with the page: assets/scripts/edit.js hands it to the edit panel's callbacks.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from citylinks.dataset.loading import DATA_FILES
from citylinks.i18n.catalogue import Texts
from citylinks.importing.workspace import SOURCE_FILE, ImportStore, token_of
from citylinks.model.inputs import as_text
from citylinks.settings import LIMITS
from citylinks.storage import StorageError, edit_path, view_path
from components import ids
from components.language import texts_of
from components.markup import absolute_url, attrs, link_list
from web.served_maps import ServedMap, ServedMaps

KEY_CHARS = 64


def save_layout(t: Texts) -> html.Div:
    """In the import panel, under *Show on the map*: a name and *Save this map*."""
    return html.Div(
        className="import-save",
        children=[
            html.Label(
                t("import.save_name"), htmlFor=ids.IMPORT_SAVE_NAME, className="control-title"
            ),
            dcc.Input(
                id=ids.IMPORT_SAVE_NAME,
                type="text",
                maxLength=LIMITS.name_chars,
                className="import-home",
            ),
            html.Button(
                t("import.save"),
                id=ids.IMPORT_SAVE,
                className="download-button",
                n_clicks=0,
                disabled=True,
                title=t("import.save_title"),
            ),
            html.Div(id=ids.IMPORT_SAVED, className="import-link", role="status"),
        ],
    )


def edit_layout(served: ServedMap, t: Texts) -> html.Section:
    """A saved map's edit panel: its name to change, and delete."""
    return html.Section(
        id=ids.EDIT_PANEL,
        className="edit-panel",
        **attrs({"aria-labelledby": "edit-title"}),
        children=[
            html.H2(t("edit.title"), id="edit-title"),
            html.Label(t("import.save_name"), htmlFor=ids.EDIT_NAME, className="control-title"),
            dcc.Input(
                id=ids.EDIT_NAME,
                type="text",
                value=served.name or "",
                maxLength=LIMITS.name_chars,
                className="import-home",
            ),
            html.Button(t("edit.rename"), id=ids.EDIT_RENAME, className="download-button"),
            # The browser asks "are you sure?" before the map goes (its links with it).
            dcc.ConfirmDialogProvider(
                html.Button(t("edit.delete"), className="download-button"),
                id=ids.EDIT_DELETE,
                message=t("edit.delete_confirm"),
            ),
            html.Button(
                t("edit.load"),
                id=ids.EDIT_LOAD,
                className="download-button",
                n_clicks=0,
                title=t("edit.load_title"),
            ),
            html.P(id=ids.EDIT_STATUS, className="import-status", role="status"),
        ],
    )


def _links(t: Texts, map_id: str, secret: str, name: str) -> html.Div:
    view, edit = absolute_url(view_path(map_id)), absolute_url(edit_path(map_id, secret))
    return link_list(
        [
            (t("import.view_link"), view, "saved-view-link"),
            (t("import.edit_link"), edit, "saved-edit-link"),
        ],
        head=t("import.saved", name=name),
    )


def register(app: Dash, imports: ImportStore, maps: ServedMaps) -> None:
    """*Save this map*'s callback and the edit panel's."""
    store = imports.store

    @app.callback(
        Output(ids.IMPORT_SAVED, "children"),
        Input(ids.IMPORT_SAVE, "n_clicks"),
        State(ids.IMPORT_SAVE_NAME, "value"),
        State(ids.IMPORT_TOKEN, "data"),
        State(ids.EDIT_KEY, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def save(clicks, name, upload_state, key, lang):
        t = texts_of(lang)
        token = token_of(upload_state)
        if not clicks or token is None:
            return no_update
        files = imports.data_files(token)
        source = store.draft_file(token, SOURCE_FILE)
        if not files or "partners.csv" not in files or source is None:
            return html.P(t("import.expired"))
        public = {n: content for n, content in files.items() if n in DATA_FILES}
        private = {SOURCE_FILE: source, **{n: c for n, c in files.items() if n not in public}}
        chosen = as_text(name) or imports.name(token) or "map"
        served, secret = maps.current(), as_text(key, KEY_CHARS) or ""
        try:
            if maps.editing() and served.key.kind == "saved":
                # On the edit page: the same map, its data replaced (the key says so).
                info = store.replace_map(served.key.ident, secret, public, private, name=chosen)
                return html.P(
                    t("edit.no_key") if info is None else t("import.replaced", name=info.name)
                )
            saved = store.save_map(chosen, public, private)
        except StorageError as err:
            return html.P(t("import.save_failed", reason=t.problem(err)))
        return _links(t, saved.id, saved.edit_secret, chosen.strip()[: LIMITS.name_chars])

    _register_edit(app, _Edits(imports, maps))


class _Edits:
    """The edit panel's server side, on the map the request is for."""

    def __init__(self, imports: ImportStore, maps: ServedMaps) -> None:
        self.store = imports.store
        self.maps = maps

    def rename(self, clicks: object, name: object, key: object, lang: object) -> object:
        t, served = texts_of(lang), self.maps.current()
        secret = as_text(key, KEY_CHARS) or ""
        new_name = as_text(name)
        if not clicks or served.key.kind != "saved":
            return no_update
        if not secret or not self.store.can_edit(served.key.ident, secret):
            return t("edit.no_key")
        try:
            info = self.store.rename_map(served.key.ident, secret, new_name or "")
        except StorageError as err:
            return t.problem(err)
        return t("edit.no_key") if info is None else t("edit.renamed", name=info.name)

    def load(self, clicks: object, key: object, lang: object) -> tuple:
        """The file the map was made from, as a new import in the panel (opened)."""
        t, served = texts_of(lang), self.maps.current()
        secret = as_text(key, KEY_CHARS) or ""
        if not clicks or served.key.kind != "saved":
            return no_update, no_update, no_update
        private = self.store.map_private(served.key.ident, secret) if secret else None
        if private is None:
            return no_update, no_update, t("edit.no_key")
        if SOURCE_FILE not in private:  # published from a data folder: no spreadsheet kept
            return no_update, False, t("edit.no_source")
        name = served.name or "map"
        try:
            token = self.store.create_draft(name, {SOURCE_FILE: private[SOURCE_FILE]})
        except StorageError as err:
            return no_update, no_update, t.problem(err)
        return {"token": token, "name": name}, False, ""

    def delete(self, clicks: object, key: object, lang: object) -> object:
        t, served = texts_of(lang), self.maps.current()
        secret = as_text(key, KEY_CHARS) or ""
        if not clicks or served.key.kind != "saved":
            return no_update
        if not secret or not self.store.delete_map(served.key.ident, secret):
            return t("edit.no_key")
        self.maps.forget(served.key)
        return t("edit.deleted")


def _register_edit(app: Dash, edits: _Edits) -> None:
    """The edit panel's callbacks (the panel is on /maps/<id>/edit only)."""
    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="editKey"),
        Output(ids.EDIT_KEY, "data"),
        Input(ids.EDIT_PANEL, "id"),
    )
    app.callback(
        Output(ids.EDIT_STATUS, "children"),
        Input(ids.EDIT_RENAME, "n_clicks"),
        State(ids.EDIT_NAME, "value"),
        State(ids.EDIT_KEY, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )(edits.rename)
    app.callback(
        Output(ids.IMPORT_TOKEN, "data", allow_duplicate=True),
        Output(ids.IMPORT_PANEL, "hidden", allow_duplicate=True),
        Output(ids.EDIT_STATUS, "children", allow_duplicate=True),
        Input(ids.EDIT_LOAD, "n_clicks"),
        State(ids.EDIT_KEY, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )(edits.load)
    app.callback(
        Output(ids.EDIT_STATUS, "children", allow_duplicate=True),
        Input(ids.EDIT_DELETE, "submit_n_clicks"),
        State(ids.EDIT_KEY, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )(edits.delete)
