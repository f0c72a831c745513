"""The browser fixtures live in tests/browser/fixtures.py, a plugin of the whole suite; their
constants are kept importable from here for the tests that use them."""

from tests.browser.fixtures import CHROMIUM, CHROMIUM_ARGS, MOBILE  # noqa: F401
