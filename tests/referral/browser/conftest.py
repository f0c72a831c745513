"""The browser fixtures of tests/browser (a live server, Chromium, watched contexts)."""

from tests.browser.conftest import (  # noqa: F401
    browser,
    contexts,
    live_server,
    process_warmed,
    recorder,
)
