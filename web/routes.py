"""The page's own routes, in one Flask Blueprint: the view (map traces, status and cards), the
table (the table view's rows), the snapshot (the view as one offline HTML file), the state (an
address read into a view) and the import's upload. Their plumbing is here, once: the view
asked for is read strictly (citylinks/model/viewstate.py `parse_args`: 400 saying what is
wrong), answers are JSON (plotly's encoder; the view's and the table's encoded once per view:
web/answer_cache.py), errors are `json_error`'s. What each route
answers is given by the page's parts (`Answers`, wired in app.py), so this layer imports none
of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, request
from plotly.io.json import to_json_plotly

from citylinks.model.viewstate import ViewState, parse_args
from citylinks.settings import LIMITS
from web.answer_cache import AnswerCache
from web.security import json_error

VIEW_PATH = "_citylinks/view"
TABLE_PATH = "_citylinks/table"
SNAPSHOT_PATH = "_citylinks/snapshot"
STATE_PATH = "_citylinks/state"
UPLOAD_PATH = "_citylinks/import"
SEARCH_PATH = "_citylinks/search"
MAX_QUERY = LIMITS.query_chars  # of an address read by the state route
MAX_SEARCH = LIMITS.name_chars  # of a text typed in the search box
JSON = "application/json"
CACHED_ANSWERS = 256  # views' answers kept encoded per map, route and process (~12 kB each)


@dataclass(frozen=True)
class Answers:
    """What the routes answer, given the view asked for (its `lang` always set)."""

    network_ids: Sequence[str]
    first: int
    last: int
    view: Callable[[ViewState], dict[str, Any]]
    table: Callable[[ViewState], dict[str, Any]]
    # (file name, HTML page) of a view in one of `themes`
    snapshot: Callable[[ViewState, str], tuple[str, str]]
    themes: Sequence[str]
    # the state route's answer: an address's query string read in the page's language
    state: Callable[[str, str], dict[str, Any]]
    page_language: Callable[[], str]
    languages: Sequence[str] = ("en", "fr")
    # the import's upload (a POST of one file), on a server that takes imports
    upload: Callable[[], Response] | None = None
    # the cities a text finds, in a language (the search box: assets/scripts/search.js)
    search: Callable[[str, str], list[dict[str, Any]]] | None = None
    # the view's and the table's answers, encoded once per view (web/answer_cache.py)
    views: AnswerCache = field(default_factory=lambda: AnswerCache(CACHED_ANSWERS))
    tables: AnswerCache = field(default_factory=lambda: AnswerCache(CACHED_ANSWERS))


HEALTH_PATH = "healthz"


def health_blueprint(check: Callable[[], dict[str, Any]]) -> Blueprint:
    """GET /healthz for a load balancer: 200 when `check()` says "ok" (the database answers
    and its tables are this code's), else 503; the same JSON either way."""
    health = Blueprint("health", __name__)

    def healthz() -> Response:
        state = check()
        response = json_answer(state)
        response.status_code = 200 if state.get("ok") else 503
        response.headers["Cache-Control"] = "no-store"
        return response

    health.add_url_rule(f"/{HEALTH_PATH}", view_func=healthz)
    return health


def _search_route(current: Callable[[], Answers]) -> Callable[[], Response]:
    """The search box's route: ?q=<text>&lang=<language> -> the cities it finds."""

    def search() -> Response:
        answers = current()
        text = request.args.get("q", "")[:MAX_SEARCH]
        lang = request.args.get("lang", "")
        if answers.search is None or lang not in answers.languages:
            return json_error(400, f"lang must be one of {', '.join(answers.languages)}")
        return json_answer({"matches": answers.search(text, lang)})

    return search


def json_answer(payload: Any) -> Response:
    return Response(to_json_plotly(payload), mimetype=JSON)


def blueprint(current: Callable[[], Answers], prefix: str) -> Blueprint:
    """The routes under `prefix` (the app's routes_pathname_prefix), answering for the map
    `current()` names (web/served_maps.py: the main map or the one the address is for)."""
    routes = Blueprint("citylinks", __name__, url_prefix=prefix)

    def on_view(answer: Callable[[ViewState], Response]) -> Callable[[], Response]:
        """A route that answers the view asked for, or 400 saying what is wrong with it."""

        def route() -> Response:
            params = request.args.to_dict(flat=False)
            answers = current()
            try:
                state = parse_args(params, answers.network_ids, answers.first, answers.last)
            except ValueError as problem:
                return json_error(400, str(problem))
            return answer(state)

        route.__name__ = answer.__name__
        return route

    def view(state: ViewState) -> Response:
        answers = current()
        return answers.views.get(state, lambda: answers.view(state)).response(request)

    def table(state: ViewState) -> Response:
        answers = current()
        return answers.tables.get(state, lambda: answers.table(state)).response(request)

    def snapshot(state: ViewState) -> Response:
        answers = current()
        theme = request.args.get("theme", "light")
        if theme not in answers.themes:
            return json_error(400, f"theme must be one of {', '.join(answers.themes)}")
        name, page = answers.snapshot(state, theme)
        response = Response(page, mimetype="text/html")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def state() -> Response:
        answers = current()
        query = request.query_string.decode("utf-8", "replace")[:MAX_QUERY]
        return json_answer(answers.state(query, answers.page_language()))

    for path, route in ((VIEW_PATH, view), (TABLE_PATH, table), (SNAPSHOT_PATH, snapshot)):
        routes.add_url_rule(f"/{path}", view_func=on_view(route))
    routes.add_url_rule(f"/{STATE_PATH}", view_func=state)
    routes.add_url_rule(f"/{SEARCH_PATH}", view_func=_search_route(current))
    upload = current().upload
    if upload is not None:
        routes.add_url_rule(
            f"/{UPLOAD_PATH}", endpoint="upload", view_func=upload, methods=["POST"]
        )
    return routes
