"""Fixtures for driving the portal in real Chromium: a live server, a browser, pages.

A plugin of the whole suite (``pytest_plugins`` in tests/conftest.py), so that every package's
browser tests share one definition of each fixture: a package conftest that imported them
again would make a second session ``browser``, and a second sync Playwright in one process
while the first still runs its event loop is refused ("Sync API inside the asyncio loop").

The live server serves the ``app`` fixture; each browser test file runs on one backend, half
of the files on each (``pytest_collection_modifyitems`` in tests/conftest.py). Chromium
comes from Debian (/usr/bin/chromium, or PORTAL_TEST_CHROMIUM); when it is missing the tests
fail with a message saying so: they are never skipped.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright
from werkzeug.serving import make_server

from portal.extensions import db
from portal.fonts import ensure_fonts
from tests.factories import make_office

CHROMIUM = os.environ.get("PORTAL_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MOBILE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def live_server(app, process_warmed) -> Iterator[str]:
    """The app with one office, served over HTTP on a free port; yields the base URL."""
    make_office()
    db.session.commit()
    db.session.remove()  # server threads use sessions of their own
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def process_warmed() -> None:
    """Once-per-process costs paid before the first page load's time budget starts: the font
    subsets (built by the install step; here when it was skipped) and PyThaiNLP's word list,
    which the first case page loads to find similar cases."""
    from portal.cases.similar import content_words

    ensure_fonts()
    content_words("ห้องน้ำนักเรียนชำรุด")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
                    "(or set PORTAL_TEST_CHROMIUM); browser tests need a real browser.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@dataclass
class Recorder:
    """What the browser saw: every URL it asked for, console messages and script errors."""

    navigations: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m]

    def watch(self, context: BrowserContext) -> None:
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))
        context.on("page", self.watch_page)

    def watch_page(self, page: Page) -> None:
        page.on("framenavigated", lambda frame: self.navigations.append(frame.url))

    def _on_console(self, message: ConsoleMessage) -> None:
        self.console.append(f"{message.type}: {message.text} ({message.page and message.page.url})")


class Contexts:
    """Makes browser contexts on the live server, all watched by one recorder, all closed after."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.recorder = Recorder()
        self.opened: list[BrowserContext] = []

    def new(self, **options) -> BrowserContext:
        options.setdefault("locale", "th-TH")
        options.setdefault("timezone_id", "Asia/Bangkok")
        context = self.browser.new_context(base_url=self.base_url, **options)
        # Generous: a suite on two busy cores can take seconds for a page; a hang still fails.
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(30_000)
        self.recorder.watch(context)
        self.opened.append(context)
        return context

    def new_page(self, **options) -> Page:
        return self.new(**options).new_page()

    def mobile_page(self, **options) -> Page:
        """A 360 px wide phone with a touch screen."""
        return self.new_page(**MOBILE, **options)

    def no_script_page(self, **options) -> Page:
        """A phone whose browser runs no JavaScript (some in-app browsers, saver modes)."""
        return self.new_page(**MOBILE, java_script_enabled=False, **options)

    def close(self) -> None:
        for context in self.opened:
            context.close()


@pytest.fixture
def contexts(browser, live_server) -> Iterator[Contexts]:
    """Context factory; closed before the live server stops."""
    made = Contexts(browser, live_server)
    yield made
    made.close()


@pytest.fixture
def recorder(contexts) -> Recorder:
    return contexts.recorder


@pytest.fixture
def page(contexts) -> Page:
    """A desktop page in a fresh context, Thai locale."""
    return contexts.new_page()


@pytest.fixture
def upload(tmp_path) -> Callable[[str, bytes], Path]:
    """Writes bytes to a file with the given name, for set_input_files."""

    def write(name: str, content: bytes) -> Path:
        path = tmp_path / "upload" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        return path

    return write
