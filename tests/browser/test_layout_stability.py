"""Nothing moves when the script arrives late: the receipt page keeps its copy buttons' space.

On a slow phone the page is painted before site.js runs; buttons that only the script can use
are kept invisible (not removed) until then, so showing them shifts nothing (CLS).
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Route, expect

from tests.browser.flows import fill_general_case, read_slip

pytestmark = pytest.mark.browser

RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push(entry.value);
  }
}).observe({type: "layout-shift", buffered: true});
"""


class LateScript:
    """Holds site.js back, as a slow mobile connection does, and counts what it held."""

    def __init__(self) -> None:
        self.held: list[str] = []

    def __call__(self, route: Route) -> None:
        self.held.append(route.request.url)
        time.sleep(0.6)  # the page is painted meanwhile
        route.continue_()


def test_receipt_page_does_not_shift_when_the_copy_buttons_appear(contexts):
    # A tall phone screen: layout shifts count only for what is in view.
    page = contexts.new_page(viewport={"width": 360, "height": 2000}, is_mobile=True,
                             has_touch=True)
    late = LateScript()
    # The script's URL carries its content hash (?v=...); routing also turns the cache off.
    page.route("**/static/js/site.js?v=*", late)
    page.goto("/submit")
    fill_general_case(page)
    page.add_init_script(RECORD_SHIFTS)
    page.get_by_role("button", name="ส่งเรื่อง").click()
    read_slip(page)
    copy = page.get_by_role("button", name="คัดลอก").first
    expect(copy).to_be_visible()  # the script has run
    page.wait_for_timeout(200)
    shifts = page.evaluate("window.__shifts")
    assert sum(shifts) < 0.01, shifts
    assert late.held, "site.js was never held back, so the test proved nothing"
