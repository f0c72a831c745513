"""Transparency pages in Chromium at 360 px: axe-clean, CSP-clean, the director publishes."""

from __future__ import annotations

import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.ita.items import seed_default_items
from portal.models import Office, Role, User, UserRole
from portal.publishing.drafting import DraftText
from portal.reports.periods import parse_period
from portal.reports.publishing import publish_report
from portal.security import totp
from portal.security.passwords import hash_password
from tests.browser.flows import describe
from tests.browser.shots import shoot
from tests.transparency.helpers import AFTER_OCTOBER, OCTOBER, october_cases
from tests.transparency.participation import approved_participation

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
PASSWORD = "รายงาน-ประจำเดือน-2569"
PUBLIC_PAGES = ("/reports", f"/reports/{OCTOBER}", f"/reports/{OCTOBER}/v1", "/reports/live",
                "/open-data", "/ita?year=2570", "/ita/manual", "/ita/channels",
                "/ita/statistics?year=2570", "/ita/participation?year=2570")


@pytest.fixture
def published(live_server) -> Office:
    """An office with a published October 2026, its ITA items and a participation report."""
    office = db.session.scalar(select(Office))
    october_cases(office)
    seed_default_items(office, 2569)
    db.session.commit()
    from portal.ita.items import copy_items

    copy_items(office, 2569, 2570)
    publish_report(office, parse_period(OCTOBER), now=AFTER_OCTOBER)
    approved_participation(office, DraftText(
        held_on=AFTER_OCTOBER.date(), title="เวทีรับฟังความคิดเห็นผู้ปกครอง",
        participants="ผู้ปกครอง 30 คน", body="ขอให้ประกาศเมนูอาหารล่วงหน้า",
        improvement="ประกาศเมนูทุกวันศุกร์"))
    db.session.commit()
    db.session.remove()
    return office


def _check(page: Page, name: str, found: dict, shot: str | None = None) -> None:
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if blocking:
        found[name] = blocking
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{name} scrolls sideways ({width} px)"
    if shot:
        shoot(page, shot, "publishing")


def test_public_transparency_pages_on_a_phone(contexts, published, recorder, backend):
    page = contexts.mobile_page()
    found: dict = {}
    for path in PUBLIC_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        slug = re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "root"
        _check(page, path, found, f"{backend['name']}-360-th-{slug}.png")
    expect(page.get_by_role("heading", level=1)).to_contain_text("การมีส่วนร่วม")
    assert not found, "axe-core found serious problems:\n" + describe(found)
    assert not recorder.csp_violations(), recorder.csp_violations()
    assert not recorder.page_errors, recorder.page_errors


def _director(secret: str) -> str:
    office = db.session.scalar(select(Office))
    db.session.add(User(office_id=office.id, email="director@test.example", name="ผอ. ทดสอบ",
                        password_hash=hash_password(PASSWORD), totp_secret=secret,
                        totp_enabled=True, roles=[UserRole(role=Role.DIRECTOR)]))
    db.session.commit()
    db.session.remove()
    return "director@test.example"


def test_the_director_reviews_and_publishes_a_correction(contexts, published, recorder,
                                                          backend):
    secret = totp.new_secret()
    email = _director(secret)
    page = contexts.mobile_page()
    page.goto("/staff/sign-in")
    page.get_by_label("อีเมล").fill(email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="ลงชื่อเข้าใช้").click()
    expect(page).to_have_url(re.compile(r"/staff/sign-in/code$"))
    page.get_by_label("รหัสยืนยัน 6 หลัก").fill(
        totp.totp(totp.decode_secret(secret), time.time()))
    page.get_by_role("button", name="ยืนยัน", exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/"))

    found: dict = {}
    page.get_by_role("navigation", name="เมนูเจ้าหน้าที่").get_by_role(
        "link", name="รายงาน", exact=True).click()
    page.get_by_role("navigation", name="หน้ารายงาน").get_by_role(
        "link", name="เผยแพร่รายงาน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("รายงานสถิติเรื่องร้องเรียน")
    _check(page, "/staff/transparency", found, f"{backend['name']}-360-th-staff-transparency.png")
    page.get_by_role("link", name="ตุลาคม 2569").click()
    _check(page, "review", found, f"{backend['name']}-360-th-staff-review.png")
    page.get_by_role("button", name="เผยแพร่", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text("หมายเหตุ")
    page.get_by_label("หมายเหตุการแก้ไข").fill("แก้ไขจำนวนเรื่องที่ยุติแล้ว")
    page.get_by_role("button", name="เผยแพร่", exact=True).click()
    # First what goes public, and nothing published yet.
    expect(page.locator("#what-goes-public")).to_contain_text(f"/reports/{OCTOBER}/v2")
    expect(page.locator("#what-goes-public")).to_contain_text("แก้ไขจำนวนเรื่องที่ยุติแล้ว")
    _check(page, "confirm", found, f"{backend['name']}-360-th-staff-confirm.png")
    # Publishing renders the PDF and every file: allow for a busy machine.
    with page.expect_navigation(timeout=90_000):
        page.get_by_role("button", name="ยืนยันเผยแพร่").click(no_wait_after=True)
    expect(page).to_have_url(re.compile(rf"/reports/{OCTOBER}/v2$"))
    expect(page.get_by_text("แก้ไขจำนวนเรื่องที่ยุติแล้ว").first).to_be_visible()
    page.goto(f"/reports/{OCTOBER}/v1")
    expect(page.get_by_text("มีฉบับแก้ไขที่ใหม่กว่า")).to_be_visible()

    page.goto("/staff/participation")
    _check(page, "/staff/participation", found, f"{backend['name']}-360-th-staff-participation.png")
    assert not found, "axe-core found serious problems:\n" + describe(found)
    assert not recorder.csp_violations(), recorder.csp_violations()
