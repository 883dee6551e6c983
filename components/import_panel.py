"""The import panel: another city's spreadsheet of partners made into a map of its own.

1. The file goes to the upload route (assets/panels.js posts it; the server refuses more than
   MAX_IMPORT_BYTES before reading it), is read once, within bounds, into a table
   (citylinks/importing/source.py) and kept as that table under a random token
   (citylinks/importing/workspace.py) that only this browser session knows. No callback
   reads the raw file again; at most IMPORTS_AT_ONCE uploads are read at once in a server
   process.
2. The panel shows how the file was read, its columns matched to CityLinks' (each can be
   changed), its first rows, and, as the home city and the choices change, which rows are
   ready, which wait for a choice of place (never guessed), and which are rejected and why.
3. *Show on the map* writes the import's data folder and links to its own map,
   /imported/<token>/: a CityLinks app of its own on that folder (`ImportedMaps`), with every
   feature of the main one. The rejected rows and the clean CityLinks files can be
   downloaded.
"""

from __future__ import annotations

import io
import json
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from flask import Response, request
from plotly.io.json import to_json_plotly

from citylinks.dataset.spreadsheet import safe_csv
from citylinks.errors import DataError
from citylinks.geo.gazetteer import OfflineGazetteer
from citylinks.i18n.catalogue import LANGUAGES, Texts, texts
from citylinks.i18n.problem_texts import in_language
from citylinks.importing.prepare import (
    TARGETS,
    ImportResult,
    guess_mapping,
    parse_home,
    prepare,
    write_folder,
)
from citylinks.importing.source import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, read_source
from citylinks.importing.workspace import ImportStore, Upload, WorkspaceFull, is_token
from citylinks.model.inputs import as_choice, as_text
from components import ids
from components.language import page_language
from components.markup import attrs
from web.security import SECURITY_HEADERS, json_error

UPLOAD_PATH = "_citylinks/import"
IMPORTED_PREFIX = "/imported/"
UPLOAD_LIMIT = MAX_IMPORT_BYTES + 64 * 1024  # the file and its multipart envelope
PREVIEW_ROWS = 8
IMPORTS_AT_ONCE = 2  # uploads read at once by one server process (each may take ~100 MB)
BUSY_WAIT = 10.0  # seconds an upload waits for its turn before the server says it is busy
JSON = "application/json"


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} kB"


def button(t: Texts) -> html.Button:
    return html.Button(
        t("import.button"),
        id=ids.IMPORT_BUTTON,
        className="present-button",
        n_clicks=0,
        title=t("import.button_title"),
        **attrs({"aria-controls": ids.IMPORT_PANEL, "aria-expanded": "false"}),
    )


def layout(t: Texts, upload_url: str) -> html.Aside:
    source = {
        "url": upload_url,
        "limit": MAX_IMPORT_BYTES,
        "uploading": t("import.uploading", name="{name}"),
        "too_big": t(
            "import.too_big", name="{name}", size="{size}", limit=_megabytes(MAX_IMPORT_BYTES)
        ),
        "failed": t("import.failed", status="{status}"),
    }
    return html.Aside(
        id=ids.IMPORT_PANEL,
        className="import-panel",
        hidden=True,
        **attrs({"aria-labelledby": "import-title"}),
        children=[
            html.Button(
                "×",
                id=ids.IMPORT_CLOSE,
                className="details-close",
                title=t("import.close"),
                **attrs({"aria-label": t("import.close")}),
            ),
            html.H2(t("import.title"), id="import-title"),
            html.P(
                t(
                    "import.intro",
                    size=_megabytes(MAX_IMPORT_BYTES),
                    rows=t.number(MAX_IMPORT_ROWS),
                ),
                className="import-intro",
            ),
            html.Label(t("import.file"), htmlFor=ids.IMPORT_FILE, className="control-title"),
            # A plain file input (Dash has no component for one), made in this slot by
            # assets/panels.js, which posts the file to the upload route (the slot's
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
                placeholder=t("import.home_placeholder"),
                debounce=True,
                maxLength=200,
                className="import-home",
            ),
            html.P(id=ids.IMPORT_STATUS, className="import-status", role="status"),
            html.Div(id=ids.IMPORT_MAPPING, className="import-mapping"),
            html.Div(id=ids.IMPORT_PREVIEW, className="import-preview"),
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
            # The token of the file being imported: set by assets/panels.js after the upload.
            dcc.Store(id=ids.IMPORT_TOKEN, storage_type="session", data={}),
            dcc.Download(id=ids.IMPORT_DOWNLOAD),
        ],
    )


def _said(error: DataError, t: Texts) -> str:
    """A file's first problem, in the page's language: "lyon.csv: the file is empty"."""
    problem = error.problems[0]
    where = problem.file + (f", {problem.line}" if problem.line > 1 else "")
    if problem.column:
        where += f" · {problem.column}"
    return f"{where}: {in_language(problem.message, t.lang)}"


def _texts(lang: object) -> Texts:
    return texts(as_choice(lang, LANGUAGES) or LANGUAGES[0])


def _token(value: object) -> str | None:
    token = value.get("token") if isinstance(value, dict) else None
    return token if is_token(token) else None


def _mapping(values: list, id_list: list[dict], header: list[str]) -> dict[str, str | None]:
    """The column choices of the panel (dropdown ids carry the target), checked."""
    mapping: dict[str, str | None] = dict.fromkeys(TARGETS)
    for value, component in zip(values, id_list, strict=False):
        target = component.get("id", {}).get("target") if isinstance(component, dict) else None
        if target in mapping and isinstance(value, str) and value in header:
            mapping[target] = value
    return mapping


def _choices(values: list, id_list: list[dict]) -> dict[int, int]:
    choices = {}
    for value, component in zip(values, id_list, strict=False):
        line = component.get("id", {}).get("line") if isinstance(component, dict) else None
        if isinstance(line, int) and isinstance(value, int) and not isinstance(value, bool):
            choices[line] = value
    return choices


def _prepared(
    upload: Upload, column_values: list, column_ids: list, choice_values: list, choice_ids: list
) -> ImportResult:
    """The upload's table prepared with the panel's column and place choices (the ids carry
    the field and the line). Raises DataError when the file cannot be used."""
    source = upload.source
    mapping = _mapping(column_values, column_ids, source.header)
    return prepare(source, mapping, choices=_choices(choice_values, choice_ids))


def _table(header: list[str], rows: list[list[str]], lines: list[int]) -> html.Table:
    return html.Table(
        className="map-table import-table",
        children=[
            html.Thead(
                html.Tr([html.Th("#", scope="col")] + [html.Th(h, scope="col") for h in header])
            ),
            html.Tbody(
                [
                    html.Tr([html.Th(str(line), scope="row")] + [html.Td(c) for c in row])
                    for line, row in zip(lines, rows, strict=True)
                ]
            ),
        ],
    )


def _problem_list(t: Texts, result: ImportResult) -> list:
    if not result.rejected:
        return []
    items = [
        html.Li(
            (f"{p.line} · {p.column}: " if p.column else f"{p.line}: ")
            + in_language(p.message, t.lang),
            className="import-problem",
        )
        for p in result.problems
    ]
    return [html.H3(t("import.problems")), html.Ul(items[:200])]


def _pending_list(t: Texts, result: ImportResult) -> list:
    if not result.pending:
        return []
    rows = []
    for pending in result.pending:
        if not pending.searched:
            rows.append(
                html.P(
                    t(
                        "import.pending_not_searched_line",
                        line=pending.line,
                        city=pending.city,
                        country=t.country(pending.country_code),
                    ),
                    className="import-choice",
                )
            )
            continue
        rows.append(
            html.Div(
                className="import-choice",
                role="group",
                **attrs({"aria-labelledby": f"import-choice-{pending.line}"}),
                children=[
                    html.Label(
                        t(
                            "import.pending_unknown_line"
                            if pending.unknown
                            else "import.pending_line",
                            line=pending.line,
                            city=pending.city,
                            country=t.country(pending.country_code),
                        ),
                        id=f"import-choice-{pending.line}",
                    ),
                    dcc.Dropdown(
                        id={"type": ids.IMPORT_CHOICE, "line": pending.line},
                        options=[
                            {"label": place.describe(), "value": place.geonameid}
                            for place in pending.candidates
                        ],
                        clearable=True,
                    ),
                ],
            )
        )
    return [html.H3(t("import.pending")), *rows]


class ImportedMaps:
    """WSGI middleware: /imported/<token>/… is answered by a CityLinks app of its own on that
    import's data folder (made when first asked for; the most recent `keep` are kept)."""

    def __init__(
        self,
        wsgi_app: Callable,
        store: ImportStore,
        factory: Callable[[str, Path, str], Dash],
        keep: int = 16,
    ) -> None:
        self.wsgi_app = wsgi_app
        self.store = store
        self.factory = factory
        self.keep = keep
        self.apps: OrderedDict[tuple[str, float], Dash] = OrderedDict()
        self.lock = threading.Lock()

    def app_for(self, token: str) -> Dash | None:
        folder = self.store.data_dir(token)
        name = self.store.name(token) if folder is not None else None
        if folder is None or name is None or not (folder / "partners.csv").exists():
            return None
        key = (token, (folder / "partners.csv").stat().st_mtime)
        with self.lock:
            app = self.apps.get(key)
            if app is None:
                app = self.factory(token, folder, name)
                self.apps[key] = app
                while len(self.apps) > self.keep:
                    self.apps.popitem(last=False)
            self.apps.move_to_end(key)
            return app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or ""
        if not path.startswith(IMPORTED_PREFIX):
            return self.wsgi_app(environ, start_response)
        token, slash, _ = path[len(IMPORTED_PREFIX) :].partition("/")
        app = self.app_for(token) if is_token(token) else None
        if app is None:
            response = json_error(404, "no such imported map (it may have expired)")
            response.headers.update(SECURITY_HEADERS)
            return response(environ, start_response)
        if not slash:  # /imported/<token>: its page is /imported/<token>/
            response = Response("", 308, headers={"Location": f"{IMPORTED_PREFIX}{token}/"})
            response.headers.update(SECURITY_HEADERS)
            return response(environ, start_response)
        return app.server(environ, start_response)


def register(app: Dash, store: ImportStore) -> None:
    reading = threading.BoundedSemaphore(IMPORTS_AT_ONCE)

    def upload():
        file = request.files.get("file")
        if file is None:
            return json_error(400, "no file in the request")
        name = (file.filename or "upload.csv")[:200]
        t = texts(page_language())
        # The gazetteer takes a few seconds to load in a new process: start now, while the
        # person looks at the columns.
        threading.Thread(target=OfflineGazetteer().candidates, args=("Paris",), daemon=True).start()
        content = file.read(MAX_IMPORT_BYTES + 1)
        if not reading.acquire(timeout=BUSY_WAIT):
            return json_error(503, t("import.busy"))
        try:
            source = read_source(name, content)  # the only time the raw file is read
            token = store.save(name, source)
        except DataError as err:
            status = 413 if len(content) > MAX_IMPORT_BYTES else 422
            return json_error(status, _said(err, t))
        except WorkspaceFull as err:
            return json_error(503, str(err))
        finally:
            reading.release()
        return Response(to_json_plotly({"token": token, "name": name}), mimetype=JSON)

    app.server.add_url_rule(
        app.config.routes_pathname_prefix + UPLOAD_PATH,
        endpoint="citylinks_import",
        view_func=upload,
        methods=["POST"],
    )

    app.clientside_callback(
        f"""function (opened, closed, hidden) {{
            const trigger = window.dash_clientside.callback_context.triggered_id;
            const show = trigger === "{ids.IMPORT_BUTTON}" ? hidden : false;
            return [!show, String(show)];
        }}""",
        Output(ids.IMPORT_PANEL, "hidden"),
        Output(ids.IMPORT_BUTTON, "aria-expanded"),
        Input(ids.IMPORT_BUTTON, "n_clicks"),
        Input(ids.IMPORT_CLOSE, "n_clicks"),
        State(ids.IMPORT_PANEL, "hidden"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.IMPORT_MAPPING, "children"),
        Output(ids.IMPORT_PREVIEW, "children"),
        Output(ids.IMPORT_STATUS, "children", allow_duplicate=True),
        Input(ids.IMPORT_TOKEN, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def show_file(upload_state, lang):
        """A new file: how it was read, its columns matched to CityLinks', its first rows."""
        t, token = _texts(lang), _token(upload_state)
        upload = store.upload(token) if token else None
        if upload is None:
            return [], [], (t("import.expired") if token else "")
        source = upload.source
        mapping = guess_mapping(source.header)
        none = t("import.column_none")
        choices = [
            # A group named by its label: Dash's dropdown names itself by its value only.
            html.Div(
                className="import-column",
                role="group",
                **attrs({"aria-labelledby": f"import-column-{target}"}),
                children=[
                    html.Label(t(f"import.target.{target}"), id=f"import-column-{target}"),
                    dcc.Dropdown(
                        id={"type": ids.IMPORT_COLUMN, "target": target},
                        options=[{"label": none, "value": ""}]
                        + [
                            {"label": column, "value": column} for column in source.header if column
                        ],
                        value=mapping[target] or "",
                        clearable=False,
                        searchable=False,
                    ),
                ],
            )
            for target in TARGETS
        ]
        preview = [
            html.H3(t("import.preview")),
            _table(source.header, source.rows[:PREVIEW_ROWS], source.lines[:PREVIEW_ROWS]),
        ]
        status = t("import.read", name=upload.name, description=source.describe())
        if source.cleaned:
            status += " " + t("import.cleaned", count=t.number(source.cleaned))
        return [html.H3(t("import.columns")), *choices], preview, status

    @app.callback(
        Output(ids.IMPORT_PENDING, "children"),
        Input({"type": ids.IMPORT_COLUMN, "target": ALL}, "value"),
        State(ids.IMPORT_TOKEN, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def ambiguous_places(column_values, upload_state, lang):
        """A choice of place for each row whose city names several: they depend on the file
        and its columns only (not on the choices, which the summary follows)."""
        t, token = _texts(lang), _token(upload_state)
        result, _ = _analysis(token, column_values, [], ctx.inputs_list[0], [])
        return [] if result is None else _pending_list(t, result)

    @app.callback(
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
    )
    def analyse(home_text, column_values, choice_values, upload_state, lang):
        """Which rows are ready, which wait for a choice of place, which are rejected."""
        t, token = _texts(lang), _token(upload_state)
        result, error = _analysis(
            token, column_values, choice_values, ctx.inputs_list[1], ctx.inputs_list[2], t
        )
        if result is None:
            return error, [], True, True, []
        summary = t(
            "import.summary",
            good=t.number(len(result.partners)),
            pending=t.number(len(result.pending)),
            rejected=t.number(len(result.rejected)),
            total=t.number(len(result.source.rows) + len(result.source.problems)),
        )
        home_ok, home_problem = _home(home_text, t)
        if home_problem:
            summary += " " + home_problem
        ready = home_ok and not result.partners.empty
        return (
            summary,
            _problem_list(t, result),
            not ready,
            not (result.rejected or result.pending),
            [],
        )

    def _analysis(token, column_values, choice_values, column_ids, choice_ids, t=None):
        upload = store.upload(token) if token else None
        if upload is None:
            return None, ""
        try:
            return _prepared(upload, column_values, column_ids, choice_values, choice_ids), ""
        except DataError as err:
            return None, _said(err, t or texts("en"))

    def _home(home_text, t: Texts):
        text = as_text(home_text)
        if not text:
            return None, t("import.home_needed")
        try:
            return parse_home(text), ""
        except ValueError as err:
            return None, in_language(str(err), t.lang)

    @app.callback(
        Output(ids.IMPORT_LINK, "children"),
        Output(ids.IMPORT_FILES, "disabled"),
        Input(ids.IMPORT_OPEN, "n_clicks"),
        State(ids.IMPORT_HOME, "value"),
        State({"type": ids.IMPORT_COLUMN, "target": ALL}, "value"),
        State({"type": ids.IMPORT_CHOICE, "line": ALL}, "value"),
        State(ids.IMPORT_TOKEN, "data"),
        State(ids.LANGUAGE, "data"),
        prevent_initial_call=True,
    )
    def open_map(clicks, home_text, column_values, choice_values, upload_state, lang):
        """Write the import's data folder and link to its map."""
        t, token = _texts(lang), _token(upload_state)
        if not clicks or token is None:
            return no_update, no_update
        upload = store.upload(token)
        folder = store.data_dir(token)
        home, problem = _home(home_text, t)
        if upload is None or folder is None or home is None:
            return html.P(problem or t("import.expired")), True
        try:
            result = _prepared(
                upload, column_values, ctx.states_list[1], choice_values, ctx.states_list[2]
            )
            data = write_folder(result, home, folder)
        except DataError as err:
            return html.P(_said(err, t)), True
        label = t(
            "import.open_link",
            home=home.city,
            count=t.count("count.partners", len(data.partners)),
        )
        href = f"{IMPORTED_PREFIX}{token}/" + (f"?lang={t.lang}" if t.lang != "en" else "")
        return html.A(label, href=href, className="import-open-link"), False

    @app.callback(
        Output(ids.IMPORT_DOWNLOAD, "data"),
        Input(ids.IMPORT_REJECTED, "n_clicks"),
        Input(ids.IMPORT_FILES, "n_clicks"),
        State({"type": ids.IMPORT_COLUMN, "target": ALL}, "value"),
        State({"type": ids.IMPORT_CHOICE, "line": ALL}, "value"),
        State(ids.IMPORT_TOKEN, "data"),
        prevent_initial_call=True,
    )
    def download(rejected_clicks, files_clicks, column_values, choice_values, upload_state):
        """The rows not imported (as read, with their problems), or the CityLinks files."""
        token = _token(upload_state)
        upload = store.upload(token) if token else None
        if upload is None or not (rejected_clicks or files_clicks):
            return no_update
        stem = Path(upload.name).stem or "import"
        if ctx.triggered_id == ids.IMPORT_FILES:
            folder = store.data_dir(token)
            if folder is None or not (folder / "partners.csv").exists():
                return no_update
            return dcc.send_bytes(_zip_folder(folder), f"citylinks-{stem}.zip")
        try:
            result = _prepared(
                upload, column_values, ctx.states_list[0], choice_values, ctx.states_list[1]
            )
        except DataError:
            return no_update
        return dcc.send_bytes(
            result.rejected_csv(include_pending=True), f"{stem}-not-imported.csv", type="text/csv"
        )


def _zip_folder(folder: Path) -> bytes:
    """The import's CityLinks files, each safe to open in a spreadsheet (formula cells
    written as text)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.writestr(path.name, safe_csv(path.read_bytes()))
    return buffer.getvalue()
