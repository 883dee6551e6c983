"""Browser fixtures: one live server and one Chromium for the session (see harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness import LiveServer, PageLog, open_page, serve
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from app import create_app
from citylinks.importing.workspace import store_in
from tests.browser.chromium import launch


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # Imports and saved maps in a database of the session's own, not the user's state folder.
    live, thread = serve(create_app(imports=store_in(tmp_path_factory.mktemp("state"))))
    yield live
    live._server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = launch(playwright_instance)
    yield browser
    browser.close()


@pytest.fixture
def page_and_log(browser: Browser) -> Iterator[tuple[Page, PageLog]]:
    page, log = open_page(browser)
    yield page, log
    page.context.close()
