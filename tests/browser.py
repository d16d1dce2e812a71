"""Real Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright, never a download.

Without Chromium the browser tests are skipped with a message; with HANDBOOK_REQUIRE_BROWSER=1
(set by .ci/run) a missing browser fails them instead, so CI cannot pass by skipping.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium keeps trying to reach Google's hosts on a machine with no network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def require_chromium() -> None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    message = f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run browser tests"
    if os.environ.get("HANDBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " — HANDBOOK_REQUIRE_BROWSER=1 turns this skip into a failure", pytrace=False)
    pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve_folder(folder: Path):
    """Serve a built site on 127.0.0.1 with a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    """A Playwright Browser on Debian's Chromium."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "file:")


def keep_on_this_machine(context) -> list[str]:
    """Abort every request of the browser context that leaves this machine; the list fills with them."""
    external: list[str] = []

    def guard(route):
        if route.request.url.startswith(LOCAL):
            return route.continue_()
        external.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    return external
