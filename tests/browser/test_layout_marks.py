"""Layout on a phone (360 px) and a desk (1366 px): Thai marks with room in the header, the
office name broken between words, the board's folded filters and grouped schools, menus that
fit, case numbers whole, the staff menu on the authenticator set-up, a verdict box in two."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.models import Case, Office, Role
from tests.admin.factories import make_user
from tests.browser.flows import describe
from tests.browser.shots import shoot
from tests.browser.test_oversight import session_of, signed_in_context
from tests.helpers import post_form, receipt_from, valid_case
from tests.publishing.factories import board_item
from tests.staff.test_triage import act

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
DESK = {"viewport": {"width": 1366, "height": 900}}
GAP_UNDER_HEADER = """() => document.querySelector('.back-link').getBoundingClientRect().top
    - document.querySelector('.site-header').getBoundingClientRect().bottom"""
OFFICE_NAME = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษานครพนม เขต 2"


def rows_of(page: Page, selector: str) -> int:
    """How many lines the element's text takes (its client rectangles' distinct tops)."""
    return page.locator(selector).first.evaluate(
        "el => new Set([...el.getClientRects()].map(r => Math.round(r.top))).size"
    )


def shot(page: Page, name: str) -> None:
    shoot(page, name)


def check(page: Page, name: str, found: dict) -> None:
    blocking = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    if blocking:
        found[name] = blocking
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{name} scrolls sideways ({width} px)"
    shot(page, name)


@pytest.fixture
def scene(app, live_server):
    office = db.session.scalar(sa.select(Office))
    office.name_th = OFFICE_NAME
    director = make_user(office, Role.DIRECTOR, Role.INTAKE, name="ผอ. สมชาย")
    item = board_item(office, director)
    db.session.commit()
    reporter = app.test_client()
    post_form(reporter, "/submit", valid_case())
    number, receipt = receipt_from(reporter.get("/receipt").get_data(as_text=True))
    case = db.session.scalar(sa.select(Case).where(Case.number == number))
    boss = app.test_client()
    from tests.conftest import sign_in_client

    sign_in_client(app, boss, director)
    assert act(boss, case, "acknowledge").status_code == 302
    assert act(boss, case, "resolve", outcome="upheld", summary="แก้ไขแล้ว").status_code == 302
    assert post_form(app.test_client(), "/submit", valid_case()).status_code == 302  # stays new
    tracker = app.test_client()
    post_form(tracker, "/track", {"number": number, "receipt": receipt})
    scene = {
        "director": session_of(app, director),
        "tracker": tracker.get_cookie("session").value,
        "item": item.id,
        "number": number,
    }
    db.session.remove()
    return scene


def test_public_pages_layout(contexts, scene):
    found: dict = {}
    for size, options in (("360", PHONE), ("1366", DESK)):
        page = signed_in_context(contexts, scene["tracker"], **options).new_page()
        for locale in ("th", "en"):
            page.goto(f"/lang/{locale}?next=/")
            page.goto("/outcomes")
            fold = page.locator("details.board-fold")
            expect(fold).not_to_have_attribute("open", "")
            assert fold.evaluate("el => el.getBoundingClientRect().height") < 80
            groups = page.locator("#school optgroup")
            assert groups.count() == 2 and groups.first.get_attribute("label") in (
                "อำเภอนาทม",
                "อำเภอศรีสงคราม",
                "Na Thom District",
                "Na Thom",
            )
            check(page, f"outcomes-{locale}-{size}", found)
            page.goto("/outcomes?district=1")
            expect(page.locator("details.board-fold")).to_have_attribute("open", "")
            page.goto(f"/outcomes/{scene['item']}")
            gap = page.evaluate(GAP_UNDER_HEADER)
            assert gap >= 16, gap
            check(page, f"item-{locale}-{size}", found)
            page.goto(f"/track/{scene['number']}")
            dispute = page.locator("form.verdict-dispute")
            expect(dispute).to_be_visible()
            assert dispute.evaluate("el => parseFloat(getComputedStyle(el).borderTopWidth)") >= 1
            check(page, f"verdict-{locale}-{size}", found)
        page.goto("/lang/th?next=/")
        # The brand's two lines have room for marks; the office name breaks between words.
        for selector in (".brand > span", ".brand small"):
            ratio = page.locator(selector).first.evaluate(
                "el => parseFloat(getComputedStyle(el).lineHeight) / "
                "parseFloat(getComputedStyle(el).fontSize)"
            )
            assert ratio >= 1.5, (selector, ratio)
        words = page.locator(".brand small .nobr")
        assert words.count() >= 4
        for i in range(words.count()):
            assert words.nth(i).evaluate("el => el.getClientRects().length") == 1
    assert not found, "axe-core found serious problems:\n" + describe(found)


def test_staff_pages_layout(contexts, scene):
    found: dict = {}
    for size, options in (("360", PHONE), ("1366", DESK)):
        page = signed_in_context(contexts, scene["director"], **options).new_page()
        for locale in ("th", "en"):
            page.goto(f"/lang/{locale}?next=/staff/")
            page.goto("/staff/")
            menu = page.locator("nav.staff-nav")
            if size == "1366":  # the director's menu on one line
                assert (
                    rows_of(page, "nav.staff-nav") == 1
                    or menu.evaluate("el => el.getBoundingClientRect().height") < 50
                )
            else:  # a phone: one scrolling row, not a third of the screen
                assert menu.evaluate("el => el.getBoundingClientRect().height") < 60
            number = page.locator("a.case-number").first
            assert number.evaluate("el => el.getClientRects().length") == 1
            check(page, f"inbox-{locale}-{size}", found)
            page.goto("/staff/two-factor/setup")
            expect(
                page.get_by_role(
                    "navigation", name="เมนูเจ้าหน้าที่" if locale == "th" else "Staff menu"
                )
            ).to_be_visible()
            expect(page.locator("nav.site-nav:not(.staff-nav)")).to_have_count(0)
            check(page, f"totp-setup-{locale}-{size}", found)
    assert not found, "axe-core found serious problems:\n" + describe(found)
