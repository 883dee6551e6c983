"""Browser harness: the real app factory served on 127.0.0.1, driven by Debian's Chromium.

Chromium runs with the closed-network flags of the developers' guide, and a host-resolver rule
that maps every host but localhost to nothing: a page that needed an outside host would break.
Every request the page makes is recorded, so tests can also prove that none left 127.0.0.1.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from playwright.sync_api import Browser, ConsoleMessage, Page
from werkzeug.serving import make_server

from tests.browser.chromium import is_local


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
        return [url for url in self.requests if not is_local(url)]

    def assert_clean(self) -> None:
        """No console error, no uncaught page error, no request for another host."""
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.outside == [], "the page tried to reach another host"


def open_page(
    browser: Browser,
    width: int = 1920,
    height: int = 1080,
    locale: str = "en-GB",
    *,
    mobile: bool = False,
) -> tuple[Page, PageLog]:
    """A new page; `locale` is the browser's language (Accept-Language, navigator.language);
    `mobile`: a phone's or tablet's browser (a touch screen, the page's viewport tag obeyed)."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale=locale,
        has_touch=mobile,
        is_mobile=mobile,
    )
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
        lambda route: route.continue_() if is_local(route.request.url) else route.abort(),
    )
    return page, log
