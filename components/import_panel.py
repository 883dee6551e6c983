"""The import panel: another city's spreadsheet of partners made into a map of its own.

1. The file goes to the upload route (assets/scripts/panels.js posts it; the server refuses
   more than MAX_IMPORT_BYTES before reading it), is read once, within bounds, into a table
   (citylinks/importing/source.py) and kept as that table under a random token
   (citylinks/importing/workspace.py) that only this browser session knows. No callback
   reads the raw file again; at most IMPORTS_AT_ONCE uploads are read at once in a server
   process.
2. The panel shows how the file was read, its columns matched to CityLinks' (each can be
   changed), its first rows, and, as the home city and the choices change, which rows are
   ready, which wait for a choice of place (never guessed), and which are rejected and why
   (components/import_view.py draws them, problems in the page's language).
3. *Show on the map* keeps the import's data files with it and links to its own map,
   /imported/<token>/ (web/served_maps.py), with every feature of the main one. The rejected
   rows and the clean CityLinks files can be downloaded.

Here: the panel's layout, and its server side (`ImportCallbacks`: the upload route and the
callbacks), wired by `register`; components/import_choices.py reads the panel's choices.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update
from flask import Response, request
from plotly.io.json import to_json_plotly

from citylinks.errors import DataError
from citylinks.geo.gazetteer import OfflineGazetteer
from citylinks.i18n.catalogue import Texts, texts
from citylinks.importing.bounds import MAX_IMPORT_ROWS
from citylinks.importing.columns import guess_mapping
from citylinks.importing.folder import folder_files, zip_files
from citylinks.importing.prepare import ImportResult
from citylinks.importing.source import MAX_IMPORT_BYTES, read_source
from citylinks.importing.workspace import ImportStore, WorkspaceFull, token_of
from citylinks.settings import LIMITS
from components import ids, import_view, saved_maps
from components.import_choices import home_city, prepared
from components.language import page_language, texts_of
from components.markup import attrs, problem_list
from web.security import json_error
from web.served_maps import MapKey

UPLOAD_LIMIT = MAX_IMPORT_BYTES + 64 * 1024  # the file and its multipart envelope
IMPORTS_AT_ONCE = LIMITS.imports_at_once  # uploads read at once (each may take ~100 MB)
BUSY_WAIT = LIMITS.busy_wait_seconds  # an upload's wait for its turn before "busy"
JSON = "application/json"


def _size(t: Texts, size: int) -> str:
    """A size in the language's unit and number format: "5 MB", "5 Mo"."""
    if size >= 1024 * 1024:
        return t("import.size_mb", n=t.number(size / 1024 / 1024))
    return t("import.size_kb", n=t.number(size / 1024))


def button(t: Texts) -> html.Button:
    return html.Button(
        t("import.button"),
        id=ids.IMPORT_BUTTON,
        className="present-button",
        n_clicks=0,
        title=t("import.button_title"),
        **attrs({"aria-controls": ids.IMPORT_PANEL, "aria-expanded": "false"}),
    )


def layout(t: Texts, upload_url: str, home: str = "") -> html.Aside:
    """The panel; `home`: the home city already known (a saved map's, on its edit page)."""
    source = {
        "url": upload_url,
        "limit": MAX_IMPORT_BYTES,
        "lang": t.lang,
        "uploading": t("import.uploading", name="{name}"),
        "too_big": t(
            "import.too_big", name="{name}", size="{size}", limit=_size(t, MAX_IMPORT_BYTES)
        ),
        "size_mb": t("import.size_mb", n="{n}"),
        "failed": t("import.failed", status="{status}"),
        # The file button (the browser's own says "Choose File" in its language, not the
        # page's) and what it says before a file is chosen.
        "choose": t("import.choose_file"),
        "none": t("import.no_file"),
    }
    return html.Aside(
        id=ids.IMPORT_PANEL,
        className="import-panel",
        hidden=True,
        **attrs({"aria-labelledby": ids.IMPORT_TITLE}),
        children=[
            html.Button(
                "×",
                id=ids.IMPORT_CLOSE,
                className="details-close",
                title=t("import.close"),
                **attrs({"aria-label": t("import.close")}),
            ),
            html.H2(t("import.title"), id=ids.IMPORT_TITLE),
            html.P(
                t(
                    "import.intro",
                    size=_size(t, MAX_IMPORT_BYTES),
                    rows=t.number(MAX_IMPORT_ROWS),
                ),
                className="import-intro",
            ),
            html.Label(t("import.file"), htmlFor=ids.IMPORT_FILE, className="control-title"),
            # A plain file input (Dash has no component for one), made in this slot by
            # assets/scripts/panels.js, which posts the file to the upload route (the slot's
            # data-source says where, the limit and the messages), never through a callback.
            html.Div(
                id=ids.IMPORT_FILE_SLOT,
                className="import-file-slot",
                **attrs({"data-source": json.dumps(source, ensure_ascii=False)}),
            ),
            html.Label(t("import.home"), htmlFor=ids.IMPORT_HOME, className="control-title"),
            dcc.Input(
                id=ids.IMPORT_HOME,
                type="text",
                value=home,
                placeholder=t("import.home_placeholder"),
                debounce=True,
                maxLength=200,
                className="import-home",
            ),
            html.P(id=ids.IMPORT_STATUS, className="import-status", role="status"),
            html.Div(id=ids.IMPORT_MAPPING, className="import-mapping"),
            # Scrolls sideways when the file has many columns: a named region that takes the
            # focus, so that a keyboard scrolls it too.
            html.Div(
                id=ids.IMPORT_PREVIEW,
                className="import-preview",
                role="region",
                tabIndex="0",
                **attrs({"aria-label": t("import.preview")}),
            ),
            html.P(id=ids.IMPORT_SUMMARY, className="import-summary", role="status"),
            html.Div(id=ids.IMPORT_PENDING, className="import-pending"),
            html.Div(id=ids.IMPORT_PROBLEMS, className="import-problems"),
            html.Div(
                className="import-actions",
                children=[
                    html.Button(
                        t("import.open"),
                        id=ids.IMPORT_OPEN,
                        className="download-button",
                        n_clicks=0,
                        disabled=True,
                    ),
                    html.Div(id=ids.IMPORT_LINK, className="import-link"),
                    html.Button(
                        t("import.rejected"),
                        id=ids.IMPORT_REJECTED,
                        className="download-button",
                        n_clicks=0,
                        disabled=True,
                    ),
                    html.Button(
                        t("import.files"),
                        id=ids.IMPORT_FILES,
                        className="download-button",
                        n_clicks=0,
                        disabled=True,
                    ),
                ],
            ),
            saved_maps.save_layout(t),
            # The token of the file being imported: set by assets/scripts/panels.js after the
            # upload.
            dcc.Store(id=ids.IMPORT_TOKEN, storage_type="session", data={}),
            # A saved map's edit key, on its edit page only (components/saved_maps.py).
            dcc.Store(id=ids.EDIT_KEY, data=""),
            dcc.Download(id=ids.IMPORT_DOWNLOAD),
        ],
    )


def _problems(t: Texts, result: ImportResult) -> list:
    """The problems of the rows not imported, by line (components/markup.py's list)."""
    if not result.rejected:
        return []
    said = [
        t(
            "import.problem_at",
            where=f"{p.line} · {p.column}" if p.column else str(p.line),
            problem=t.problem(p),
        )
        for p in result.problems[: import_view.PROBLEMS_SHOWN]
    ]
    return problem_list(t("import.problems"), said, "import-problem")


class ImportCallbacks:
    """The panel's server side: the upload route and the callbacks, on one store of imports."""

    def __init__(self, store: ImportStore) -> None:
        self.store = store
        self.reading = threading.BoundedSemaphore(IMPORTS_AT_ONCE)

    def upload(self) -> Response:
        """The upload route: the file read once, within bounds, and kept under a new token."""
        file = request.files.get("file")
        if file is None:
            return json_error(400, "no file in the request")
        name = (file.filename or "upload.csv")[:200]
        t = texts(page_language())
        # The gazetteer takes a few seconds to load in a new process: start now, while the
        # person looks at the columns.
        threading.Thread(target=OfflineGazetteer().candidates, args=("Paris",), daemon=True).start()
        content = file.read(MAX_IMPORT_BYTES + 1)
        if not self.reading.acquire(timeout=BUSY_WAIT):
            return json_error(503, t("import.busy"))
        try:
            source = read_source(name, content)  # the only time the raw file is read
            token = self.store.save(name, source)
        except DataError as err:
            status = 413 if len(content) > MAX_IMPORT_BYTES else 422
            return json_error(status, import_view.first_problem(err, t))
        except WorkspaceFull as err:
            return json_error(503, str(err))
        finally:
            self.reading.release()
        return Response(to_json_plotly({"token": token, "name": name}), mimetype=JSON)

    def show_file(self, upload_state: object, lang: object) -> tuple:
        """A new file: how it was read, its columns matched to CityLinks', its first rows."""
        t, token = texts_of(lang), token_of(upload_state)
        upload = self.store.upload(token) if token else None
        if upload is None:
            return [], [], (t("import.expired") if token else "")
        source = upload.source
        status = t("import.read", name=upload.name, description=source.describe(t))
        if source.cleaned:
            status += " " + t("import.cleaned", count=t.number(source.cleaned))
        choices = import_view.column_choices(t, source.header, guess_mapping(source.header))
        return choices, import_view.preview(t, source), status

    def ambiguous_places(self, column_values: list, upload_state: object, lang: object) -> list:
        """A choice of place for each row whose city names several: they depend on the file
        and its columns only (not on the choices, which the summary follows)."""
        t, token = texts_of(lang), token_of(upload_state)
        result, _ = self._analysis(token, column_values, [], ctx.inputs_list[0], [])
        return [] if result is None else import_view.pending_list(t, result)

    def analyse(
        self,
        home_text: object,
        column_values: list,
        choice_values: list,
        upload_state: object,
        lang: object,
    ) -> tuple:
        """Which rows are ready, which wait for a choice of place, which are rejected."""
        t, token = texts_of(lang), token_of(upload_state)
        result, error = self._analysis(
            token, column_values, choice_values, ctx.inputs_list[1], ctx.inputs_list[2], t
        )
        if result is None:
            return error, [], True, True, []
        summary = import_view.summary(t, result)
        home, home_problem = home_city(home_text, t)
        if home_problem:
            summary += " " + home_problem
        ready = home is not None and not result.partners.empty
        return (
            summary,
            _problems(t, result),
            not ready,
            not (result.rejected or result.pending),
            [],
        )

    def _analysis(
        self,
        token: str | None,
        column_values: list,
        choice_values: list,
        column_ids: list,
        choice_ids: list,
        t: Texts | None = None,
    ) -> tuple[ImportResult | None, str]:
        upload = self.store.upload(token) if token else None
        if upload is None:
            return None, ""
        try:
            return prepared(upload, column_values, column_ids, choice_values, choice_ids), ""
        except DataError as err:
            return None, import_view.first_problem(err, t or texts("en"))

    def open_map(
        self,
        clicks: object,
        home_text: object,
        column_values: list,
        choice_values: list,
        upload_state: object,
        lang: object,
    ) -> tuple:
        """Keep the import's data files with it and link to its map; the CityLinks files
        and *Save this map* are then ready."""
        t, token = texts_of(lang), token_of(upload_state)
        if not clicks or token is None:
            return no_update, no_update, no_update
        upload = self.store.upload(token)
        home, problem = home_city(home_text, t)
        if upload is None or home is None:
            return html.P(problem or t("import.expired")), True, True
        try:
            result = prepared(
                upload, column_values, ctx.states_list[1], choice_values, ctx.states_list[2]
            )
            data, files = folder_files(result, home)
            if not self.store.put_data(token, files):
                return html.P(t("import.expired")), True, True
        except DataError as err:
            return html.P(import_view.first_problem(err, t)), True, True
        except WorkspaceFull as err:
            return html.P(str(err)), True, True
        label = t(
            "import.open_link",
            home=home.city,
            count=t.count("count.partners", len(data.partners)),
        )
        href = MapKey("draft", token).prefix + (f"?lang={t.lang}" if t.lang != "en" else "")
        return html.A(label, href=href, className="import-open-link"), False, False

    def download(
        self,
        rejected_clicks: object,
        files_clicks: object,
        column_values: list,
        choice_values: list,
        upload_state: object,
    ) -> object:
        """The rows not imported (as read, with their problems), or the CityLinks files."""
        token = token_of(upload_state)
        upload = self.store.upload(token) if token else None
        if token is None or upload is None or not (rejected_clicks or files_clicks):
            return no_update
        stem = Path(upload.name).stem or "import"
        if ctx.triggered_id == ids.IMPORT_FILES:
            files = self.store.data_files(token)
            if not files or "partners.csv" not in files:
                return no_update
            return dcc.send_bytes(zip_files(files), f"citylinks-{stem}.zip")
        try:
            result = prepared(
                upload, column_values, ctx.states_list[0], choice_values, ctx.states_list[1]
            )
        except DataError:
            return no_update
        return dcc.send_bytes(
            result.rejected_csv(include_pending=True), f"{stem}-not-imported.csv", type="text/csv"
        )


def register(app: Dash, panel: ImportCallbacks) -> None:
    """The panel's callbacks (its upload route, `panel.upload`, is in web/routes.py)."""

    app.clientside_callback(
        ClientsideFunction(namespace="citylinks", function_name="toggleImportPanel"),
        Output(ids.IMPORT_PANEL, "hidden"),
        Output(ids.IMPORT_BUTTON, "aria-expanded"),
        Input(ids.IMPORT_BUTTON, "n_clicks"),
        Input(ids.IMPORT_CLOSE, "n_clicks"),
        State(ids.IMPORT_PANEL, "hidden"),
        prevent_initial_call=True,
    )

    app.callback(
        Output(ids.IMPORT_MAPPING, "children"),
        Output(ids.IMPORT_PREVIEW, "children"),
        Output(ids.IMPORT_STATUS, "children", allow_duplicate=True),
        Input(ids.IMPORT_TOKEN, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )(panel.show_file)
    app.callback(
        Output(ids.IMPORT_PENDING, "children"),
        Input({"type": ids.IMPORT_COLUMN, "target": ALL}, "value"),
        State(ids.IMPORT_TOKEN, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )(panel.ambiguous_places)
    app.callback(
        Output(ids.IMPORT_SUMMARY, "children"),
        Output(ids.IMPORT_PROBLEMS, "children"),
        Output(ids.IMPORT_OPEN, "disabled"),
        Output(ids.IMPORT_REJECTED, "disabled"),
        Output(ids.IMPORT_LINK, "children", allow_duplicate=True),
        Input(ids.IMPORT_HOME, "value"),
        Input({"type": ids.IMPORT_COLUMN, "target": ALL}, "value"),
        Input({"type": ids.IMPORT_CHOICE, "line": ALL}, "value"),
        State(ids.IMPORT_TOKEN, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )(panel.analyse)
    app.callback(
        Output(ids.IMPORT_LINK, "children"),
        Output(ids.IMPORT_FILES, "disabled"),
        Output(ids.IMPORT_SAVE, "disabled"),
        Input(ids.IMPORT_OPEN, "n_clicks"),
        State(ids.IMPORT_HOME, "value"),
        State({"type": ids.IMPORT_COLUMN, "target": ALL}, "value"),
        State({"type": ids.IMPORT_CHOICE, "line": ALL}, "value"),
        State(ids.IMPORT_TOKEN, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )(panel.open_map)
    app.callback(
        Output(ids.IMPORT_DOWNLOAD, "data"),
        Input(ids.IMPORT_REJECTED, "n_clicks"),
        Input(ids.IMPORT_FILES, "n_clicks"),
        State({"type": ids.IMPORT_COLUMN, "target": ALL}, "value"),
        State({"type": ids.IMPORT_CHOICE, "line": ALL}, "value"),
        State(ids.IMPORT_TOKEN, "data"),
        prevent_initial_call=True,
    )(panel.download)
