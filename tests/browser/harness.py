"""Browser harness: the real app factory served on 127.0.0.1, driven by Debian's Chromium.

Chromium runs with the closed-network flags of the developers' guide, and a host-resolver rule
that maps every host but localhost to nothing: a page that needed an outside host would break.
Every request the page makes is recorded, so tests can also prove that none left 127.0.0.1.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from dataclasses import dataclass, field
from urllib.parse import urlparse

from playwright.sync_api import Browser, ConsoleMessage, Page
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-features=NetworkTimeServiceQuerying",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@dataclass
class LiveServer:
    url: str
    _server: object = field(repr=False)


def serve(app) -> tuple[LiveServer, threading.Thread]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return LiveServer(f"http://127.0.0.1:{server.server_port}/", server), thread


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def outside(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlparse(url).scheme in {"http", "https", "ws", "wss"}
            and urlparse(url).hostname not in LOCAL_HOSTS
        ]


def open_page(browser: Browser, width: int = 1920, height: int = 1080) -> tuple[Page, PageLog]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    log = PageLog()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            log.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("request", lambda request: log.requests.append(request.url))
    # Anything not on this machine is refused before it reaches the network.
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlparse(route.request.url).hostname in LOCAL_HOSTS
            or urlparse(route.request.url).scheme not in {"http", "https"}
            else route.abort()
        ),
    )
    return page, log
