"""The inbox in Chromium: "new from the reporter" and the last activity, Thai and English,
360 px and 1366 px, axe clean.

The reporter writes in one case after the intake officer last opened it; the inbox marks that
row with an envelope and words a screen reader reads (not a colour), lists the last activity
in its own column, offers the filter "new from the reporter" and the sort by last activity;
opening the case clears the marker for this officer. Set ``PORTAL_TEST_SHOTS`` to a directory
to keep screenshots of each view.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.cases.activity import mark_seen
from portal.cases.tracking import add_reporter_message
from portal.clock import utcnow
from portal.extensions import db
from portal.models import CaseStatus, Office, Role, User
from tests.browser.flows import describe, page_width
from tests.browser.shots import shoot
from tests.browser.test_triage import add_staff, blocking, sign_in
from tests.inbox.factories import make_case

pytestmark = pytest.mark.browser

WORDS = {
    "th": {"marker": "มีข้อความใหม่จากผู้แจ้ง", "column": "ความเคลื่อนไหวล่าสุด",
           "sort": "ความเคลื่อนไหวล่าสุดก่อน", "filters": "ค้นหาและกรอง", "search": "ค้นหา",
           "inbox": "กล่องเรื่อง"},
    "en": {"marker": "New from the reporter", "column": "Last activity",
           "sort": "Latest activity first", "filters": "Search and filter", "search": "Search",
           "inbox": "Case inbox"},
}


@pytest.fixture
def inbox_world(live_server):
    intake = add_staff("intake@test.example", "สุดา รับเรื่อง", Role.INTAKE)
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    user = db.session.scalar(select(User).where(User.email == intake.email))
    now = utcnow()
    wrote = make_case(office, "ผู้ปกครองส่งภาพถ่ายห้องน้ำเพิ่มเติม", status=CaseStatus.IN_PROGRESS,
                      received_at=now - timedelta(days=3))
    quiet = make_case(office, "สอบถามกำหนดการรับสมัครนักเรียน", status=CaseStatus.ACKNOWLEDGED,
                      received_at=now - timedelta(days=9))
    mark_seen(user, wrote, now - timedelta(hours=2))
    mark_seen(user, quiet, now - timedelta(hours=2))
    db.session.commit()
    add_reporter_message(wrote, "ส่งภาพถ่ายห้องน้ำที่ยังชำรุดมาเพิ่มเติมค่ะ", [])
    db.session.commit()
    numbers = wrote.number, quiet.number
    db.session.remove()
    return intake, numbers


def _row(page: Page, number: str):
    return page.locator("table.cases tbody tr").filter(
        has=page.get_by_role("link", name=number, exact=True))


def _shot(page: Page, name: str) -> None:
    shoot(page, name, "inbox")


def test_new_from_the_reporter_and_last_activity(contexts, inbox_world):
    intake, (wrote, quiet) = inbox_world
    page = contexts.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, intake)
    expect(page.get_by_role("heading", level=1)).to_have_text("กล่องเรื่อง")
    found: dict[str, list] = {}
    for language in ("th", "en"):
        words = WORDS[language]
        page.goto(f"/lang/{language}?next=/staff/")
        for width in (1366, 360):
            page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})
            page.goto("/staff/?size=50")
            expect(page.get_by_role("heading", level=1)).to_have_text(words["inbox"])
            marker = _row(page, wrote).locator(".marker-new")
            expect(marker).to_have_count(1)
            expect(marker).to_have_attribute("title", words["marker"])
            expect(marker.locator(".visually-hidden")).to_have_text(words["marker"])
            expect(_row(page, quiet).locator(".marker-new")).to_have_count(0)
            expect(page.get_by_role("columnheader", name=words["column"])).to_have_count(1)
            assert _row(page, wrote).locator("time").count() == 1
            if width < 400:
                assert page_width(page) <= width + 1, "the page scrolls sideways"
            found[f"{language} {width}"] = blocking(Axe(), page)
            _shot(page, f"inbox-{language}-{width}")
        # The filter and the sort, through the filter panel as staff use it.
        page.set_viewport_size({"width": 1366, "height": 900})
        page.get_by_text(words["filters"], exact=True).click()
        page.get_by_label(words["marker"]).check()
        page.locator("#sort").select_option(label=words["sort"])
        page.get_by_role("button", name=words["search"], exact=True).click()
        expect(page.locator("table.cases tbody tr")).to_have_count(1)
        expect(_row(page, wrote)).to_have_count(1)
        expect(page.locator(".chips")).to_contain_text(words["marker"])
        found[f"{language} filtered"] = blocking(Axe(), page)
        _shot(page, f"inbox-{language}-filtered")
    found = {name: problems for name, problems in found.items() if problems}
    assert not found, "axe-core found serious problems:\n" + describe(found)

    # Opening the case clears the marker for this officer.
    page.goto(f"/staff/cases/{wrote}")
    page.goto("/staff/?size=50")
    expect(_row(page, wrote)).to_have_count(1)
    expect(_row(page, wrote).locator(".marker-new")).to_have_count(0)
