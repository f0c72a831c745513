"""The browser fixtures, for this package's Chromium walk (tests/network/test_browser.py)."""

from tests.browser.conftest import (  # noqa: F401
    browser,
    contexts,
    live_server,
    recorder,
    upload,
)
