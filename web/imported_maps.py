"""Imported maps: /imported/<token>/… answered by a CityLinks app of its own on that import's
data folder (citylinks/importing/workspace.py keeps the folders; the import panel writes them).

The apps are made when first asked for and the most recent few are kept; a token that is not
an import's, or whose map is not written yet, gets a 404 with the security headers. A token
is 128 random bits that only the importer's browser session knows.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from dash import Dash
from flask import Response

from citylinks.importing.workspace import ImportStore, is_token
from web.security import SECURITY_HEADERS, json_error

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

IMPORTED_PREFIX = "/imported/"
KEPT_APPS = 16


def imported_map_url(token: str) -> str:
    return f"{IMPORTED_PREFIX}{token}/"


class ImportedMaps:
    """WSGI middleware: /imported/<token>/… is answered by a CityLinks app of its own on that
    import's data folder (made when first asked for; the most recent `keep` are kept)."""

    def __init__(
        self,
        wsgi_app: WSGIApplication,
        store: ImportStore,
        factory: Callable[[str, Path, str], Dash],
        keep: int = KEPT_APPS,
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

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
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
            response = Response("", 308, headers={"Location": imported_map_url(token)})
            response.headers.update(SECURITY_HEADERS)
            return response(environ, start_response)
        return app.server(environ, start_response)
