"""Headless Chromium for the browser tests and benchmarks: Debian's build, closed-network flags.

Every outside host resolves to nothing (`--host-resolver-rules`), so whatever drives this
browser also proves that the page needs no host but the app's own server.
"""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlparse

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = (
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
)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})


def is_local(url: str) -> bool:
    """True for a URL on this machine, or one that needs no network (data:, blob:, about:)."""
    parsed = urlparse(url)
    return parsed.scheme not in {"http", "https", "ws", "wss"} or parsed.hostname in LOCAL_HOSTS


def launch(playwright):
    """A headless Debian Chromium, driven by Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        raise FileNotFoundError(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (make browser)"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
