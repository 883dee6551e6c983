"""What the server does for every request, so that the app can face an intranet's many users:
security headers, a bounded request size, checked callback requests and plain error answers.

- Content-Security-Policy: scripts, connections, images and fonts from the app's own origin
  only; Dash's own inline script (the renderer's start-up) by its hash (every clientside
  callback of the app is a function of assets/, so none is inline; tests/unit/test_assets.py
  keeps it so); no `unsafe-eval`. Styles allow inline style attributes, which plotly.js and
  React set on elements.
- A request body over MAX_REQUEST_BYTES gets 413 before it is read. The callbacks that carry
  a whole story (components/story_panel.py `story_callbacks`: save, export, import) take up to
  STORY_BODY_BYTES, the largest story (LIMITS.story_bytes) as the page sends it (a file's bytes
  in base64) and the callback's envelope; any other callback as large gets 413 once its output
  is read.
- A request that changes anything (POST and the like: callbacks, the upload) from another
  site gets 403: the browser says where it comes from (Sec-Fetch-Site, else Origin), so a
  page elsewhere cannot post files or callbacks with the user's session.
- A callback request that does not match a registered callback (unknown output, wrong number
  of inputs, not JSON) gets 400 before Dash handles it; the callbacks check their values
  themselves (citylinks/model/inputs.py).
- Errors answer a short JSON message: no traceback, file path or Werkzeug page reaches a
  client; the server's log keeps the traceback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from dash import Dash
from dash.exceptions import DependencyException
from flask import Request, Response, request
from plotly.io.json import to_json_plotly
from werkzeug.exceptions import HTTPException

from citylinks.settings import LIMITS

MAX_REQUEST_BYTES = LIMITS.request_bytes
STORY_BODY_BYTES = 4 * (LIMITS.story_bytes // 3 + 1) + 64 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Every answer, this app's and the server's own error pages (web/gunicorn_setup.py) alike.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
CALLBACK_PATH = "_dash-update-component"

log = logging.getLogger("citylinks")


def content_security_policy(script_hashes: list[str]) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def json_error(status: int, message: str) -> Response:
    """A short JSON error answer: `{"error": message}`, nothing else."""
    return Response(to_json_plotly({"error": message}), status, mimetype="application/json")


def _is_id_of(pattern: dict[str, Any], given: Any) -> bool:
    """Whether a component id the request names fits a pattern id of the callback: the same
    keys, the same fixed values, and a plain value (text or number) where a wildcard is."""
    if not isinstance(given, dict) or given.keys() != pattern.keys():
        return False
    for key, wanted in pattern.items():
        value = given[key]
        if isinstance(wanted, list):  # ["MATCH"], ["ALL"], ["ALLSMALLER"]
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                return False
        elif value != wanted:
            return False
    return True


def _pattern_ids_problem(dependencies: list[tuple[str, Any]]) -> bool:
    """Whether some pattern-matching dependency (its id as the callback map writes it, and
    the request's entry: one object, or a list of them for ALL) names no component of its
    pattern: Dash would fail on it (a 500) instead of refusing it."""
    for ident, entry in dependencies:
        if not ident.startswith("{"):
            continue
        pattern = json.loads(ident)
        entries = entry if isinstance(entry, list) else [entry]
        if not all(isinstance(e, dict) and _is_id_of(pattern, e.get("id")) for e in entries):
            return True
    return False


def _dependencies_problem(body: dict[str, Any], spec: dict[str, Any]) -> str | None:
    """What is wrong with a callback request's inputs and state, or None."""
    for key in ("inputs", "state"):
        values = body.get(key, [])
        if not isinstance(values, list) or len(values) != len(spec.get(key, [])):
            return f"{key} do not match the callback"
        for item in values:
            # A pattern-matching input (ALL) is a list of such objects, one per component.
            group = item if isinstance(item, list) else [item]
            if not all(isinstance(i, dict) and isinstance(i.get("property"), str) for i in group):
                return f"{key} must be objects with an id and a property"
        named = [(d["id"], v) for d, v in zip(spec.get(key, []), values, strict=True)]
        if _pattern_ids_problem(named):
            return f"{key} do not match the callback"
    return None


def _callback_request_problem(body: Any, callback_map: dict[str, dict]) -> str | None:
    """What is wrong with a callback request's envelope, or None when Dash can handle it."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    # Clientside callbacks are in the map too, with no server function to call.
    if not isinstance(output, str) or "callback" not in callback_map.get(output, {}):
        return "unknown callback output"
    spec = callback_map[output]
    outputs = body.get("outputs")
    if output.startswith(".."):  # several outputs: "..a.children...b.value.."
        count = len(output[2:-2].split("..."))
        if not isinstance(outputs, list) or len(outputs) != count:
            return "outputs do not match the callback"
        outputs_ok = all(isinstance(o, dict) for o in outputs)
    else:
        outputs_ok = isinstance(outputs, dict)
    if not outputs_ok:
        return "outputs do not match the callback"
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    given = outputs if isinstance(outputs, list) else [outputs]
    named = [(part.rsplit(".", 1)[0], o) for part, o in zip(parts, given, strict=True)]
    if _pattern_ids_problem(named):
        return "outputs do not match the callback"
    problem = _dependencies_problem(body, spec)
    if problem:
        return problem
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(p, str) for p in changed):
        return "changedPropIds must be a list of strings"
    return None


def _cross_site(req: Request) -> bool:
    """Whether the browser says the request comes from another site (or another origin of
    this site): Sec-Fetch-Site where it sends it, else the Origin header. A request with
    neither (a script, curl, an old browser) is not a cross-site one."""
    fetch_site = req.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = req.headers.get("Origin")
    if not origin:
        return False
    return origin == "null" or urlsplit(origin).netloc != req.host


def _check_callback(app: Dash, story_outputs: frozenset[str]) -> Response | None:
    """A callback request's refusal, or None: not a POST, not a callback's request, or over
    MAX_REQUEST_BYTES when it is not one that carries a story."""
    if request.method != "POST":
        return json_error(405, "callbacks are POST requests")
    body = request.get_json(silent=True)
    size = request.content_length or len(request.get_data())
    output = body.get("output") if isinstance(body, dict) else None
    if size > MAX_REQUEST_BYTES and output not in story_outputs:
        return json_error(413, f"request body over {MAX_REQUEST_BYTES:,} bytes")
    problem = _callback_request_problem(body, app.callback_map)
    if problem:
        return json_error(400, f"invalid callback request: {problem}")
    return None


def secure(
    app: Dash, large_bodies: dict[str, int] | None = None, story_callbacks: Iterable[str] = ()
) -> None:
    """Call last in create_app: the script hashes would need any inline clientside callback.
    `large_bodies`: the paths that take a larger body (the import's upload), and their limit;
    `story_callbacks`: the callbacks (their output) that take a story's body."""
    server = app.server
    large_bodies = dict(large_bodies or {})
    story_outputs = frozenset(story_callbacks)
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    policy = content_security_policy(list(app.csp_hashes()))
    callback_path = app.config.routes_pathname_prefix + CALLBACK_PATH
    if story_outputs:
        large_bodies[callback_path] = max(STORY_BODY_BYTES, large_bodies.get(callback_path, 0))

    @server.before_request
    def _check_request():
        if request.method not in SAFE_METHODS and _cross_site(request):
            return json_error(403, "cross-site request refused")
        limit = large_bodies.get(request.path, MAX_REQUEST_BYTES)
        if (request.content_length or 0) > limit:
            return json_error(413, f"request body over {limit:,} bytes")
        request.max_content_length = limit  # also for a body sent without a length
        if request.path == callback_path:
            return _check_callback(app, story_outputs)
        return None

    @server.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = policy
        response.headers.update(SECURITY_HEADERS)
        return response

    @server.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        return json_error(error.code or 500, error.name)

    @server.errorhandler(DependencyException)
    def _unknown_script(_error: DependencyException):
        # Dash raises this for a component-suite path it does not serve: a missing file.
        return json_error(404, "Not Found")

    @server.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return json_error(500, "Internal Server Error")
