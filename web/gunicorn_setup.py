"""How `make serve` runs gunicorn: threaded workers, security headers on gunicorn's own error
pages, and no import token in the access log.

- Workers are `gthread`: each process answers THREADS requests at once, so a client that
  sends its request slowly (a byte at a time) holds one thread, not a whole worker, and a
  long import step does not queue the page and view requests of everyone else behind it.
  In production a reverse proxy in front (README: nginx) buffers whole requests, which
  removes slow clients from the picture altogether.
- gunicorn answers a malformed request itself (400, 431…), before the app sees it: those
  answers get the app's security headers too (`SecureThreadWorker`).
- The address of an imported map (/imported/<token>/) is its only key: the access log
  writes `<token>` in its place (`RedactingLogger`).
- The page is made once before any worker answers (`when_ready`, in the master when the app
  is preloaded, as here; else `post_worker_init`, in each worker): Dash records the paths of
  its own scripts (/_dash-component-suites/…) only when it makes the page, and answers 404
  for any other, so a worker that had not made the page yet answered 404 to the scripts of
  a page another worker had made (a blank page for the first visitors after a start).
- The store of imports, saved maps and stories is opened there too (each start of
  `python app.py` opens it on first use instead: citylinks/storage/lazy.py), so that a
  database that cannot be used stops the server at start.
- Then, in the master, everything made so far (the data, the maps, the modules: about a
  million objects) is moved out of the garbage collector's sight (`gc.freeze`): the workers'
  collections no longer walk it (a full one took tens of ms, holding the worker's threads),
  and no longer write to its pages, which the workers forked from the master keep sharing.

Used as `gunicorn -c web/gunicorn_setup.py app:server`; the settings below are gunicorn's
own, read from this file (the command line's --workers, --threads, --timeout win).
"""

from __future__ import annotations

import gc
import re
import socket
import sys
from typing import Any

from gunicorn.glogging import Logger
from gunicorn.workers.gthread import ThreadWorker
from werkzeug.test import Client

from web import STORE_EXTENSION
from web.security import SECURITY_HEADERS

TOKEN_IN_PATH = re.compile(r"(/imported/)[A-Za-z0-9_-]{22}")
TOKEN_IN_QUERY = re.compile(r"((?:^|[?&])token=)[^&\s]*")
REDACTED_ATOMS = ("r", "U", "q", "f")

worker_class = "web.gunicorn_setup.SecureThreadWorker"
logger_class = "web.gunicorn_setup.RedactingLogger"
threads = 32
preload_app = True


def make_page(wsgi_app: Any, log: Any) -> None:
    """Ask `wsgi_app` for the page once, in this process, so that Dash records the paths of
    its scripts before anyone asks for them (a failure is logged: the server still starts,
    and the workers make the page at their first visit, as before)."""
    try:
        status = Client(wsgi_app).get("/", headers={"Accept-Encoding": "identity"}).status_code
    except Exception:  # logged: never a reason not to start
        log.exception("CityLinks: the page could not be made before the first request")
        return
    if status != 200:
        log.warning("CityLinks: the page answered %s when made before the first request", status)


def open_store(wsgi_app: Any, log: Any) -> None:
    """Open the app's store now (citylinks/storage/lazy.py: else on first use): the workers
    forked after it share what it imported, and a database that cannot be used stops the
    server at start, said in gunicorn's log, rather than failing the first person who saves."""
    store = getattr(wsgi_app, "extensions", {}).get(STORE_EXTENSION)
    opener = getattr(store, "open", None)  # a Store made open (tests) has nothing to open
    if opener is None:
        return
    try:
        opener()
    except Exception as err:
        log.error(
            "CityLinks: the store cannot be opened, the server stops: %r", err.__cause__ or err
        )
        sys.exit(1)


def when_ready(server: Any) -> None:
    """gunicorn's hook in the master, before it starts the workers: with the app preloaded,
    the page made and the store opened here are made and open for every worker forked after
    it."""
    if server.cfg.preload_app:
        wsgi_app = server.app.wsgi()
        open_store(wsgi_app, server.log)
        make_page(wsgi_app, server.log)
        gc.collect()
        gc.freeze()


def post_worker_init(worker: Any) -> None:
    """gunicorn's hook in a worker, before it answers: without preloading, each makes the page
    itself."""
    if not worker.cfg.preload_app:
        make_page(worker.wsgi, worker.log)


def redact(text: str) -> str:
    """A request line, path, query or referrer with the import tokens taken out."""
    if "imported/" not in text and "token=" not in text:
        return text  # nearly every line: no regular expression run
    return TOKEN_IN_QUERY.sub(r"\1<token>", TOKEN_IN_PATH.sub(r"\1<token>", text))


class RedactingLogger(Logger):
    """gunicorn's logger, writing `<token>` where an import token stood."""

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in REDACTED_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


class _HeaderedSocket:
    """The client socket as gunicorn's error writer sees it: the answer it sends gets the
    security headers after its status line."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    def sendall(self, data: bytes) -> None:
        status, sep, rest = data.partition(b"\r\n")
        headers = "".join(f"{name}: {value}\r\n" for name, value in SECURITY_HEADERS.items())
        self._sock.sendall(status + sep + headers.encode("latin-1") + rest if sep else data)


class SecureThreadWorker(ThreadWorker):
    """gunicorn's threaded worker whose own error pages carry the security headers."""

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        super().handle_error(req, _HeaderedSocket(client), addr, exc)
