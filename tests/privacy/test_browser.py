"""The PDPA pages in Chromium: the reporter's rights flow on a 360 px phone, and every new
staff and admin page at 360 px and on a desktop, in Thai and English, through axe.

Set PORTAL_TEST_SHOTS to keep a screenshot of every page looked at (tests/browser/shots.py).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from portal.clock import utcnow
from portal.extensions import db
from portal.models import Office, ReporterContact, Role
from portal.models.privacy import PrivacyRequest
from portal.privacy.breaches import BreachFields, record_breach
from portal.privacy.holds import place_hold
from portal.privacy.purge import purge_office
from portal.privacy.rights import request_erasure
from tests.browser.conftest import MOBILE
from tests.browser.flows import open_case, submit_general_case, textbox
from tests.browser.shots import shoot
from tests.browser.test_channel_pages import AGENT, session_cookie
from tests.factories import make_user
from tests.privacy.factories import NOW, ended_case

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def look(page, axe, path: str, width: int, shot: str) -> None:
    if path:
        page.goto(path)
    found = [
        v for v in axe.run(page).response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert not found, [
        (
            path,
            v["id"],
            [n["target"] for n in v["nodes"]][:3],
            [n.get("failureSummary", "")[:200] for n in v["nodes"]][:2],
        )
        for v in found
    ]
    assert page.locator("h1").count() == 1
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, (path, scroll)
    shoot(page, shot)


def test_reporter_gets_a_copy_corrects_and_asks_for_erasure_on_a_phone(contexts, backend):
    axe = Axe()
    page = contexts.mobile_page()
    page.set_default_timeout(60_000)
    slip = submit_general_case(page)
    open_case(page, slip)
    page.get_by_role("link", name=re.compile("ข้อมูลส่วนบุคคลของท่าน")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ข้อมูลส่วนบุคคลของท่าน")
    look(page, axe, "", 360, f"{backend['name']}-360-th-track-privacy.png")
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดข้อมูลของท่าน (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert json.loads(archive.read("data.json"))["contact"]["phone"] == "081-234-5678"
    assert archive.read("data.pdf").startswith(b"%PDF")
    textbox(page, "หมายเลขโทรศัพท์").fill("0861112222")
    page.get_by_role("button", name="บันทึกข้อมูลติดต่อ").click()
    expect(page.locator(".notice-success")).to_contain_text("แก้ไขข้อมูลติดต่อของท่านแล้ว")
    page.get_by_role("radio", name="ขอให้ลบข้อมูลติดต่อของท่าน").check()
    page.get_by_role("button", name="ส่งคำขอ").click()
    expect(page.locator(".notice-success")).to_contain_text("ได้รับคำขอของท่านแล้ว")
    expect(page.get_by_text(re.compile("อยู่ระหว่างพิจารณา"))).to_be_visible()
    db.session.expire_all()
    assert db.session.scalar(select(ReporterContact.phone)) == "086-111-2222"
    assert (
        db.session.scalar(select(PrivacyRequest.kind).where(PrivacyRequest.kind == "erasure"))
        == "erasure"
    )
    page.goto(f"/lang/en?next=/track/{slip.number}/privacy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your personal data")
    look(page, axe, "", 360, f"{backend['name']}-360-en-track-privacy.png")


def _set_up(office: Office):
    admin = make_user(office, Role.ADMIN, Role.DIRECTOR)
    closed = ended_case(office, years_ago=3)
    held = ended_case(office, years_ago=6)
    db.session.commit()
    place_hold(held, "court", "คดีปกครองหมายเลขดำ ๑๒/๒๕๖๙", "ศาลปกครองอุดรธานี", admin)
    db.session.commit()
    purge_office(office, now=NOW)
    request_erasure(closed, "objection", "ไม่ประสงค์ให้เก็บข้อมูล")
    breach = record_breach(
        office,
        BreachFields(
            title="ส่งไฟล์รายชื่อผู้แจ้งไปยังอีเมลภายนอก",
            discovered_at=utcnow() - timedelta(hours=30),
            description="เจ้าหน้าที่แนบไฟล์ผิด",
            data_kinds="ชื่อและเบอร์โทรศัพท์ของผู้แจ้ง",
            people_count=42,
            risk="high",
            risk_assessment="อาจถูกนำไปใช้หลอกลวง",
            measures="ขอให้ผู้รับลบ",
        ),
        admin,
    )
    db.session.commit()
    return admin, breach


def test_staff_and_admin_pages_in_both_languages_and_widths(app, contexts, backend):
    office = db.session.scalar(select(Office))
    admin, breach = _set_up(office)
    request_id = db.session.scalar(select(PrivacyRequest.id))
    paths = [
        "/admin/privacy",
        "/admin/privacy/holds",
        "/admin/privacy/purge-log",
        "/admin/privacy/breaches",
        f"/admin/privacy/breaches/{breach.id}",
        "/admin/privacy/processors",
        "/admin/privacy/ropa",
        "/staff/privacy-requests",
        f"/staff/privacy-requests/{request_id}",
        "/staff/account/my-data",
    ]
    axe = Axe()
    for lang in ("th", "en"):
        for label, options in (("360", MOBILE), ("1366", DESKTOP)):
            context = contexts.new(user_agent=AGENT, **options)
            context.add_cookies([session_cookie(app, admin, lang)])
            context.set_default_timeout(60_000)
            page = context.new_page()
            for path in paths:
                name = path.strip("/").replace("/", "-")
                look(
                    page,
                    axe,
                    path,
                    options["viewport"]["width"],
                    f"{backend['name']}-{label}-{lang}-{name}.png",
                )
                assert page.locator(".breach-clock").count() == 1, path
            context.close()
