"""Issue 17 pages in Chromium, phone and desktop, through axe: the ITA lists with a link an
older row holds (``/\\evil.example``) shown but not linked, the form refusing it, and an
item's deliveries while a withdrawn post is looked for and after it was deleted.

Set PORTAL_TEST_SHOTS to keep screenshots of every page looked at (tests/browser/shots.py).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from portal.clock import utcnow
from portal.delivery.publication import enqueue_publication, withdraw_publication
from portal.extensions import db
from portal.models import DeliveryChannel, DeliveryStatus, ItaItem, Office, Role
from portal.publishing.share import payload
from tests.browser.conftest import MOBILE
from tests.browser.shots import shoot
from tests.browser.test_channel_pages import AGENT, session_cookie
from tests.factories import make_user
from tests.publishing.factories import board_item

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def set_up(office: Office, author) -> int:
    from portal.channels.settings import save_facebook_credentials

    db.session.add_all([
        ItaItem(office_id=office.id, fiscal_year=2569, code="O16", title_th="คู่มือการจัดการ"
                "เรื่องร้องเรียน", title_en="Manual", url="/\\evil.example", sort_order=1),
        ItaItem(office_id=office.id, fiscal_year=2569, code="O17", title_th="ช่องทางแจ้ง"
                "เรื่องร้องเรียน", title_en="Channels", url="/ita/channels", sort_order=2)])
    save_facebook_credentials(office, "102030405060", "page-token", None)
    item = board_item(office, author, body="โรงเรียนซ่อมห้องน้ำนักเรียนเสร็จแล้ว")
    rows = enqueue_publication(office, "outcome", item.id, 1, payload(item, item.versions[0]))
    facebook = next(r for r in rows if r.channel is DeliveryChannel.FACEBOOK_PAGE)
    facebook.status, facebook.attempts = DeliveryStatus.RETRYING, 1  # its answer was lost
    facebook.unconfirmed_since = utcnow()
    facebook.last_error = "การเชื่อมต่อกับ Facebook ขาดกลางคัน จะตรวจสอบและลองใหม่"
    withdraw_publication(office, "outcome", item.id, "ข้อมูลคลาดเคลื่อน")
    db.session.commit()
    return item.id


def look(page, axe, path: str, width: int, shot: str) -> str:
    page.goto(path)
    found = [v for v in axe.run(page).response["violations"]
             if v["impact"] in {"serious", "critical"}]
    assert not found, [(v["id"], v["help"]) for v in found]
    assert page.locator("h1").count() == 1
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, (path, scroll)
    shoot(page, shot)
    return page.content()


def test_ita_links_and_a_withdrawal_being_checked(app, contexts, backend):
    office = db.session.scalar(select(Office))
    admin = make_user(office, Role.ADMIN, Role.PR)
    item_id = set_up(office, admin)
    cookie = session_cookie(app, admin, "th")
    axe = Axe()
    for label, options in (("360", MOBILE), ("1366", DESKTOP)):
        width = options["viewport"]["width"]
        context = contexts.new(user_agent=AGENT, **options)
        context.add_cookies([cookie])
        context.set_default_timeout(60_000)
        page = context.new_page()
        name = f"{backend['name']}-{label}"
        public = look(page, axe, "/ita?year=2569", width, f"{name}-ita.png")
        assert "evil.example" not in public and page.locator('a[href="/ita/channels"]').count()
        listed = look(page, axe, "/admin/ita?year=2569", width, f"{name}-admin-ita.png")
        assert "ลิงก์นี้ใช้ไม่ได้" in listed
        assert page.locator('a[href*="evil.example"]').count() == 0
        edit = page.locator("a", has_text="แก้ไข").first.get_attribute("href")
        look(page, axe, edit, width, f"{name}-admin-ita-item.png")
        page.get_by_role("button", name="บันทึก").click()
        assert "https://" in page.locator(".field-error, .error-summary").first.inner_text()
        shoot(page, f"{name}-admin-ita-refused")
        deliveries = look(page, axe, f"/staff/publishing/{item_id}", width,
                          f"{name}-publishing-item.png")
        assert "กำลังตรวจสอบว่ามีโพสต์ขึ้นบนเพจแล้วหรือไม่" in deliveries
        assert "ลบโพสต์" in deliveries
