"""The case page's retention panel in Chromium: a director places a hold and keeps a file as
evidence on a 360 px phone; the panel in Thai and English, phone and desktop, through axe.

Set PORTAL_SHOTS_DIR to keep a screenshot of every page looked at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Office, Role
from portal.models.privacy import EvidenceMark, LegalHold
from tests.browser.conftest import MOBILE
from tests.browser.test_channel_pages import AGENT, session_cookie
from tests.factories import make_user
from tests.privacy.factories import ended_case
from tests.privacy.test_browser import DESKTOP, look

pytestmark = pytest.mark.browser


def test_director_holds_a_case_and_keeps_a_file_from_the_case_page(app, contexts, backend):
    from axe_playwright_python.sync_playwright import Axe

    office = db.session.scalar(select(Office))
    director = make_user(office, Role.DIRECTOR)
    case = ended_case(office, years_ago=3)
    db.session.commit()
    path = f"/staff/cases/{case.number}"
    axe = Axe()

    context = contexts.new(user_agent=AGENT, **MOBILE)
    context.add_cookies([session_cookie(app, director, "th")])
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(path)
    panel = page.locator("#retention")
    panel.locator("summary").click()
    panel.get_by_label("เป็นคดีในศาล").check()
    panel.get_by_label("รายละเอียดเหตุผล").fill("ศาลปกครองเรียกสำนวนคดีหมายเลขดำ ๓๔/๒๕๖๙")
    panel.get_by_label("ผู้ขอให้เก็บ (หน่วยงานหรือผู้รับผิดชอบ)").fill("ศาลปกครองอุดรธานี")
    panel.get_by_role("button", name="ระงับการลบของเรื่องนี้").click()
    expect(page.locator(".notice-success")).to_contain_text("ระงับการลบข้อมูลของเรื่อง")
    expect(page.locator("#retention")).to_contain_text("เรื่องนี้ถูกระงับการลบ")
    page.locator("#retention").get_by_role("button", name="เก็บไฟล์ photo.jpg เป็นพยานหลักฐาน").click()
    expect(page.locator(".notice-success")).to_contain_text("เป็นพยานหลักฐานแล้ว")
    context.close()
    db.session.expire_all()
    assert db.session.scalar(select(LegalHold.holder)) == "ศาลปกครองอุดรธานี"
    assert db.session.get(EvidenceMark, case.attachments[0].id) is not None

    for lang in ("th", "en"):
        for label, options in (("360", MOBILE), ("1366", DESKTOP)):
            context = contexts.new(user_agent=AGENT, **options)
            context.add_cookies([session_cookie(app, director, lang)])
            context.set_default_timeout(60_000)
            page = context.new_page()
            page.goto(path)
            expect(page.locator("#retention")).to_have_attribute("open", "")
            page.locator("#retention").scroll_into_view_if_needed()
            look(
                page,
                axe,
                "",
                options["viewport"]["width"],
                f"{backend['name']}-{label}-{lang}-case-retention.png",
            )
            context.close()
