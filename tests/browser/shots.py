"""Screenshots for a person to look at, never for an assertion.

Taken only when PORTAL_TEST_SHOTS names a folder: a full-page screenshot is among the
browser's costliest steps (the whole page rasterised and encoded), so the suite takes none
unless asked::

    PORTAL_TEST_SHOTS=/tmp/shots .venv/bin/python -m pytest tests/browser
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page

FOLDER = os.environ.get("PORTAL_TEST_SHOTS", "")


def taking() -> bool:
    return bool(FOLDER)


def shoot(page: Page, name: str, folder: str = "") -> None:
    """``page`` whole, as ``<PORTAL_TEST_SHOTS>/<folder>/<name>.png``, when shots are asked for."""
    if not FOLDER:
        return
    target = Path(FOLDER, folder)
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name.removesuffix('.png')}.png"), full_page=True)
