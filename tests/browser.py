"""Headless Chromium through Playwright, with every request that leaves the machine counted."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]  # fmt: skip


def require_chromium() -> None:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: dev.py test should have installed it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")


@contextmanager
def _guarded_browser(allowed: tuple[str, ...]):
    """A browser whose pages may load only URLs starting with ``allowed``; the others are
    blocked and listed."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith((*allowed, "data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # A trap for tests that type at phone widths: Playwright types letters a US
        # keyboard lacks (ö, ø, å) as inserted text, and at 390 px after Material's "/"
        # shortcut Chromium then puts later letters first ("lön" became "nlö" in half of
        # the runs). A Nordic keyboard's key events, and tapping the search button, never
        # did; the search tests type at this width.
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", guard)
        try:
            yield context, outside
        finally:
            context.close()
            browser.close()


def offline_browser():
    """A browser whose pages may load file:// and data: URLs only; others are blocked."""
    return _guarded_browser(("file:",))


def local_browser():
    """A browser whose pages may load from loopback only; other hosts are blocked."""
    return _guarded_browser(("http://127.0.0.1:",))


class QuietHandler(SimpleHTTPRequestHandler):
    """Files of a folder, without a log line per request."""

    def log_message(self, *args):
        pass


@contextmanager
def served(site_dir, handler: type[SimpleHTTPRequestHandler] = QuietHandler, prefix: str = "/"):
    """The built site over HTTP on loopback, as a reader's browser gets it from a host;
    ``handler`` answers as another host would (tests/test_arrival.py: GitHub Pages)."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
