"""Wide tables on a phone: each scrolling box is a named, focusable region with a visible sign
that it scrolls (axe's scrollable-region-focusable), and no landmark is named twice."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Office
from portal.reports.periods import parse_period
from portal.reports.publishing import publish_report
from tests.browser.flows import describe
from tests.browser.test_oversight import session_of, signed_in_context
from tests.transparency.helpers import AFTER_OCTOBER, OCTOBER, director, october_cases

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
# Rules this file answers for, whatever axe-core rates their impact.
WATCHED = {"scrollable-region-focusable", "landmark-unique", "region"}
SHOTS = os.environ.get("PORTAL_TEST_SHOTS")
PAGES = (f"/reports/{OCTOBER}", "/reports/live", f"/staff/reports/{OCTOBER}", "/staff/password")


def findings(page: Page) -> list[dict]:
    violations = Axe().run(page).response["violations"]
    return [v for v in violations if v["impact"] in BLOCKING or v["id"] in WATCHED]


def test_report_tables_scroll_as_named_regions_in_both_languages(app, contexts, live_server):
    office = db.session.scalar(select(Office))
    october_cases(office)
    publish_report(office, parse_period(OCTOBER), now=AFTER_OCTOBER)
    cookie = session_of(app, director(office))
    db.session.remove()
    found: dict = {}
    for width, height in ((360, 740), (1366, 900)):
        page = signed_in_context(
            contexts, cookie, viewport={"width": width, "height": height}, is_mobile=width < 400
        ).new_page()
        for locale in ("en", "th"):
            page.goto(f"/lang/{locale}?next=/")
            for path in PAGES:
                assert page.goto(path).status == 200, path
                if found_here := findings(page):
                    found[f"{path} {locale} {width}px"] = found_here
                if SHOTS:
                    slug = re.sub(r"[^a-z0-9]+", "-", path).strip("-")
                    page.screenshot(
                        path=Path(SHOTS) / f"scroll-{slug}-{locale}-{width}.png", full_page=True
                    )
            if width == 360 and locale == "en":
                _assert_a_wide_table_scrolls_from_the_keyboard(page)
    assert not found, "axe-core found problems:\n" + describe(found)
    assert not contexts.recorder.csp_violations(), contexts.recorder.csp_violations()


def _assert_a_wide_table_scrolls_from_the_keyboard(page: Page) -> None:
    page.goto(f"/staff/reports/{OCTOBER}")
    boxes = page.locator(".table-scroll")
    wide = [
        i
        for i in range(boxes.count())
        if boxes.nth(i).evaluate("box => box.scrollWidth > box.clientWidth")
    ]
    assert wide, "at 360 px in English some report table should be wider than the screen"
    box = boxes.nth(wide[0])
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("role", "region")
    name = page.locator(f"#{box.get_attribute('aria-labelledby')}")
    expect(name).to_be_visible()
    # The sign that it scrolls: a shadow painted on the side with more to see.
    assert "radial-gradient" in box.evaluate("box => getComputedStyle(box).backgroundImage")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Chromium animates keyboard scrolling: wait for the box to have moved, not for a time.
    page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())
