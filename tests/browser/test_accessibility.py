"""Every public page passes axe-core, and the strict Content-Security-Policy holds on each."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.flows import confirm_saved, describe, open_case, submit_general_case
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def visit_public_pages(page: Page, upload) -> Iterator[str]:
    """Opens each public page in turn, yielding its name while it is on screen."""
    for path in ("/", "/submit", "/report-corruption", "/track", "/privacy", "/how-it-works"):
        response = page.goto(path)
        assert response.status == 200, path
        yield path
    page.goto("/submit")
    page.get_by_role("button", name="ส่งเรื่อง").click()
    expect(page.locator("#error-summary")).to_be_visible()
    yield "/submit with errors"
    slip = submit_general_case(page, files=[upload("รูป.jpg", jpeg_bytes())])
    yield "/receipt"
    confirm_saved(page, slip)
    yield "/track after the receipt"
    open_case(page, slip, start=False)
    yield "/track/<number>"


def test_public_pages_have_no_serious_accessibility_violations(page, upload):
    axe = Axe()
    found = {}
    for name in visit_public_pages(page, upload):
        violations = axe.run(page).response["violations"]
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        if blocking:
            found[name] = blocking
    assert not found, "axe-core found serious problems:\n" + describe(found)


def test_content_security_policy_holds_on_every_page(page, upload, recorder):
    visited = list(visit_public_pages(page, upload))
    assert len(visited) == 10
    assert any(m.endswith("Content-Security-Policy") for m in _header_names(page)), \
        "the page was served without a Content-Security-Policy"
    assert not recorder.csp_violations(), "\n".join(recorder.csp_violations())
    assert not recorder.page_errors, recorder.page_errors
    _assert_violations_would_be_seen(page, recorder)


def _assert_violations_would_be_seen(page: Page, recorder) -> None:
    """The check above means something: an inline script and style are refused and logged."""

    def inject(route):
        response = route.fetch()
        body = response.text().replace(
            "</main>", '<script>document.title = "x"</script><p style="color: red">x</p></main>')
        route.fulfill(response=response, body=body)

    page.route("**/privacy", inject)
    page.goto("/privacy")
    expect(page).not_to_have_title("x")
    refused = recorder.csp_violations()
    assert any("script" in m for m in refused) and any("style" in m for m in refused), refused


def _header_names(page: Page) -> list[str]:
    response = page.reload()
    return [name.title() for name in response.all_headers()]

