"""The maps one server answers for, all with one app: the main map (its data folder), saved
maps (/maps/<id>/, from the store, read-only) and imports being prepared (/imported/<token>/,
a draft's data files).

`MapRouter` (WSGI middleware) takes /maps/<id>/… and /imported/<token>/… off the address,
finds that map (`ServedMaps.find`) and hands the request to the app at /… with the map in
the request's environ; the page's parts then ask `ServedMaps.current()` which map they are
answering for. A map is prepared once (its data loaded and checked, its explorer and
figures built: `prepare`, given by app.py) and kept in a bounded cache keyed by its id and
revision, so an instance holds no state of its own: another instance, or this one after a
restart, prepares the same map from the same database, and a map changed elsewhere is
prepared anew at its next request. No Dash app is made per map.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Literal

from flask import Response, has_request_context, request

from citylinks.dataset.loading import DATA_FILES, Dataset, load_files
from citylinks.errors import DataError
from citylinks.i18n.catalogue import LANGUAGES, texts
from citylinks.model.explorer import Explorer
from citylinks.render.map import MapsByLanguage
from citylinks.storage import MAIN_MAP, is_map_id, is_story_id, is_token
from web.routes import Answers
from web.security import SECURITY_HEADERS

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

    from citylinks.storage import Store

MAPS_PREFIX = "/maps/"
IMPORTED_PREFIX = "/imported/"
STORIES_PREFIX = "/stories/"
ENVIRON_MAP = "citylinks.map"  # the ServedMap a request is for
ENVIRON_EDIT = "citylinks.edit"  # True on a saved map's edit page (/maps/<id>/edit)
ENVIRON_STORY = "citylinks.story"  # the StoryPage a request is for (/stories/<id>/…)
EDIT_PAGE = "edit"
KEPT_MAPS = 16  # prepared maps kept per process (each a few MB with its figures)

Kind = Literal["main", "saved", "draft"]


@dataclass(frozen=True)
class StoryPage:
    """A saved story's page: /stories/<id>/ plays it, /stories/<id>/edit opens its builder."""

    ident: str
    editing: bool = False

    @property
    def prefix(self) -> str:
        return f"{STORIES_PREFIX}{self.ident}/" + (EDIT_PAGE + "/" if self.editing else "")


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MapKey:
    """Which map: the main one, a saved map by id, or an import by its token."""

    kind: Kind
    ident: str = ""

    @property
    def prefix(self) -> str:
        """The map's address, under which its page and routes are."""
        if self.kind == "saved":
            return f"{MAPS_PREFIX}{self.ident}/"
        if self.kind == "draft":
            return f"{IMPORTED_PREFIX}{self.ident}/"
        return "/"


@dataclass(eq=False)
class ServedMap:
    """One map as the server answers for it: its data, explorer and figures (per language),
    and its routes' answers; `version` is what it was prepared from (a saved map's revision,
    a draft's last change)."""

    key: MapKey
    name: str | None  # a saved map's name or an import's file name; None for the main map
    data: Dataset
    explorer: Explorer
    figures: MapsByLanguage
    answers: Answers
    version: object = None


Prepare = Callable[[MapKey, str | None, Dataset], ServedMap]


class ServedMaps:
    """The main map, and the saved maps and imports of `store` prepared on demand, the
    `keep` most recently asked kept."""

    def __init__(
        self, main: ServedMap, prepare: Prepare, store: Store | None, keep: int = KEPT_MAPS
    ) -> None:
        self.main = main
        self.prepare = prepare
        self.store = store
        self.keep = keep
        self._maps: OrderedDict[MapKey, ServedMap] = OrderedDict()
        self._lock = threading.Lock()

    def current(self) -> ServedMap:
        """The map the request being answered is for (the main map outside a request)."""
        if has_request_context():
            served = request.environ.get(ENVIRON_MAP)
            if isinstance(served, ServedMap):
                return served
        return self.main

    def editing(self) -> bool:
        """Whether the request is for a saved map's edit page."""
        return has_request_context() and request.environ.get(ENVIRON_EDIT) is True

    def story(self) -> StoryPage | None:
        """The story page the request is for (/stories/<id>/…), or None."""
        if has_request_context():
            page = request.environ.get(ENVIRON_STORY)
            if isinstance(page, StoryPage):
                return page
        return None

    def requests_prefix(self) -> str:
        """Where the page's renderer sends its requests: the map's address (…/edit/ on the
        edit page, so that its layout is the edit page's; a story's page, its own)."""
        story = self.story()
        if story is not None:
            return story.prefix
        prefix = self.current().key.prefix
        return prefix + EDIT_PAGE + "/" if self.editing() else prefix

    def find(self, key: MapKey) -> ServedMap | None:
        """The map `key` names, prepared (from the cache when its version is current), or None
        when there is no such map (or its files no longer load)."""
        if key.kind == "main":
            return self.main
        found = self._version(key)
        if found is None:
            return None
        name, version = found
        with self._lock:
            cached = self._maps.get(key)
            if cached is not None and cached.version == version:
                self._maps.move_to_end(key)
                return cached
        served = self._prepared(key, name, version)
        if served is None:
            return None
        with self._lock:
            self._maps[key] = served
            self._maps.move_to_end(key)
            while len(self._maps) > self.keep:
                self._maps.popitem(last=False)
        return served

    def forget(self, key: MapKey) -> None:
        with self._lock:
            self._maps.pop(key, None)

    def __len__(self) -> int:
        return len(self._maps)

    def _version(self, key: MapKey) -> tuple[str, object] | None:
        if self.store is None:
            return None
        if key.kind == "saved" and is_map_id(key.ident):
            info = self.store.map_info(key.ident)
            return None if info is None else (info.name, info.revision)
        if key.kind == "draft" and is_token(key.ident):
            return self.store.draft_info(key.ident)
        return None

    def _prepared(self, key: MapKey, name: str, version: object) -> ServedMap | None:
        assert self.store is not None
        if key.kind == "saved":
            saved = self.store.map_data(key.ident)
            files = None if saved is None else saved.files
        else:
            files = self.store.draft_files(key.ident, list(DATA_FILES))
        if not files or "partners.csv" not in files:
            return None
        try:
            data = load_files(files, name="map")
        except DataError as err:  # written by an older version, or a rule changed since
            log.warning("map %s no longer loads: %s", key, err)
            return None
        served = self.prepare(key, name, data)
        served.version = version
        return served


class MapRouter:
    """WSGI middleware: /maps/<id>/… and /imported/<token>/… answered by the app at /… for
    that map, /stories/<id>/… for the map the story is for (the story in the environ); an
    address of no map or no story gets a page that says so (404)."""

    def __init__(self, wsgi_app: WSGIApplication, maps: ServedMaps) -> None:
        self.wsgi_app = wsgi_app
        self.maps = maps

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or ""
        if path.startswith(MAPS_PREFIX):
            kind: Kind = "saved"
            rest = path[len(MAPS_PREFIX) :]
        elif path.startswith(IMPORTED_PREFIX):
            kind, rest = "draft", path[len(IMPORTED_PREFIX) :]
        elif path.startswith(STORIES_PREFIX):
            return self._story(environ, start_response, path[len(STORIES_PREFIX) :])
        else:
            return self.wsgi_app(environ, start_response)
        ident, slash, inner = rest.partition("/")
        key = MapKey(kind, ident)
        served = self.maps.find(key)
        if served is None:
            return _not_found()(environ, start_response)
        if not slash:  # /maps/<id>: its page is /maps/<id>/
            return _redirect(key.prefix)(environ, start_response)
        if kind == "saved" and (inner == EDIT_PAGE or inner.startswith(EDIT_PAGE + "/")):
            # /maps/<id>/edit is the edit page; its renderer's requests go under …/edit/
            environ[ENVIRON_EDIT] = True
            inner = inner[len(EDIT_PAGE) + 1 :]
        environ[ENVIRON_MAP] = served
        environ["PATH_INFO"] = "/" + inner
        return self.wsgi_app(environ, start_response)

    def _story(
        self, environ: WSGIEnvironment, start_response: StartResponse, rest: str
    ) -> Iterable[bytes]:
        """/stories/<id>/… answered by the app for the story's map (its page plays it;
        /stories/<id>/edit is its builder, the renderer's requests under …/edit/)."""
        ident, slash, inner = rest.partition("/")
        store = self.maps.store
        info = store.story_info(ident) if store is not None and is_story_id(ident) else None
        map_key = None
        if info is not None:
            map_key = MapKey("main") if info.map_id == MAIN_MAP else MapKey("saved", info.map_id)
        served = None if map_key is None else self.maps.find(map_key)
        if served is None:
            return _not_found()(environ, start_response)
        if not slash:
            return _redirect(StoryPage(ident).prefix)(environ, start_response)
        editing = inner == EDIT_PAGE or inner.startswith(EDIT_PAGE + "/")
        if editing:
            inner = inner[len(EDIT_PAGE) + 1 :]
        environ[ENVIRON_MAP] = served
        environ[ENVIRON_STORY] = StoryPage(ident, editing)
        environ["PATH_INFO"] = "/" + inner
        return self.wsgi_app(environ, start_response)


def _redirect(location: str) -> Response:
    response = Response("", 308, headers={"Location": location})
    response.headers.update(SECURITY_HEADERS)
    return response


def _not_found() -> Response:
    """A page, in both languages, saying there is no such map, and the way to the main one."""
    parts = []
    for lang in LANGUAGES:
        t = texts(lang)
        parts.append(
            f'<section lang="{lang}"><h1>{escape(t("map.not_found_title"))}</h1>'
            f"<p>{escape(t('map.not_found'))}</p>"
            f'<p><a href="/">{escape(t("imported.back"))}</a></p></section>'
        )
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>CityLinks</title></head><body><main>{''.join(parts)}</main></body></html>"
    )
    response = Response(page, 404, mimetype="text/html")
    response.headers.update(SECURITY_HEADERS)
    return response
