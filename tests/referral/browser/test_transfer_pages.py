"""The transfer form and the receiving office's case page in Chromium, Thai and English,
on a phone (360 px) and a desk: NP2 on the bare host, the receiving office under /o/SK/."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.cases.submit import CaseSubmission, ContactDetails, submit_case
from portal.extensions import db
from portal.models import CaseType, Office, Role, User, UserRole
from portal.referral.models import CaseTransfer
from portal.security import totp
from portal.security.files import clean_upload
from portal.security.passwords import hash_password
from tests.browser.flows import page_width
from tests.browser.shots import shoot
from tests.browser.test_triage import PASSWORD, Staff, add_staff, enter_code, sign_in
from tests.factories import PDF_BYTES, make_office


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PORTAL_OFFICE_ROUTING": "path"}


def _shoot(page, name: str) -> None:
    shoot(page, name, "referral")


def _data(app) -> str:
    np2 = db.session.scalar(select(Office).where(Office.code == "NP2"))
    sk = make_office("SK")
    sk.name_th, sk.name_en = "สพป.สกลนคร เขต 1 (ตัวอย่าง)", "Sakon Nakhon 1 (sample)"
    evidence = clean_upload(
        io.BytesIO(PDF_BYTES),
        "หลักฐาน.pdf",
        max_bytes=app.config["PORTAL_MAX_UPLOAD_BYTES"],
        max_pixels=40_000_000,
    )
    made = submit_case(
        np2,
        CaseSubmission(
            case_type=CaseType.COMPLAINT,
            subject="ห้องน้ำโรงเรียนบ้านโนนสูงชำรุด",
            description="ห้องน้ำของโรงเรียนชำรุดมาหลายเดือนแล้ว ขอให้ซ่อมโดยเร็ว",
            contact=ContactDetails(name="สมหญิง ตัวอย่าง", email="somying@example.com"),
            files=[evidence],
        ),
    )
    db.session.add(
        User(
            office_id=sk.id,
            email="sk-intake@test.example",
            name="ชนิดา รับโอน",
            password_hash=hash_password(PASSWORD),
            totp_secret=totp.new_secret(),
            totp_enabled=True,
            roles=[UserRole(role=Role.INTAKE)],
        )
    )
    db.session.commit()
    number = made.case.number
    db.session.remove()
    return number


@pytest.mark.parametrize("width", [360, 1280])
def test_transfer_form_and_receiving_case(app, browser, live_server, contexts, width):
    number = _data(app)
    director = add_staff("director@test.example", "ผู้อำนวยการ ทดสอบ", Role.DIRECTOR)
    backend = "pg" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else "sq"
    options = {"viewport": {"width": width, "height": 800}}
    page = contexts.new_page(**options)
    sign_in(page, director)
    page.goto(f"/staff/cases/{number}")
    page.get_by_role("link", name="โอนเรื่องไปสำนักงานอื่น").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ไปสำนักงานอื่น")
    assert page_width(page) <= width
    _shoot(page, f"transfer-th-{width}-{backend}")
    page.goto(f"/lang/en?next=/staff/cases/{number}/transfer")
    expect(page.get_by_role("heading", level=1)).to_contain_text("to another office")
    assert page_width(page) <= width
    _shoot(page, f"transfer-en-{width}-{backend}")
    page.goto(f"/lang/th?next=/staff/cases/{number}/transfer")
    page.get_by_label("โอนไปสำนักงาน").select_option(label="SK · สพป.สกลนคร เขต 1 (ตัวอย่าง)")
    page.get_by_label("เหตุผลที่โอน").fill("โรงเรียนบ้านโนนสูงอยู่ในเขตพื้นที่ สพป.สกลนคร เขต 1")
    page.get_by_role("button", name="โอนเรื่อง", exact=True).click()
    expect(page.get_by_text("โอนไป สพป.สกลนคร เขต 1 (ตัวอย่าง)").first).to_be_visible()
    _shoot(page, f"sent-th-{width}-{backend}")

    new_number = db.session.scalar(select(CaseTransfer)).to_case.number
    db.session.remove()
    receiving = browser.new_context(
        base_url=live_server, locale="th-TH", timezone_id="Asia/Bangkok", **options
    )
    receiving.set_default_timeout(15_000)
    try:
        other = receiving.new_page()
        other.goto("/o/SK/staff/sign-in")  # the office's own sign-in under its prefix
        other.get_by_label("อีเมล").fill("sk-intake@test.example")
        other.get_by_label("รหัสผ่าน").fill(PASSWORD)
        with other.expect_navigation():
            other.get_by_role("button", name="ลงชื่อเข้าใช้").click()
        enter_code(other, Staff("sk-intake@test.example", "ชนิดา รับโอน"))
        other.goto(f"/o/SK/staff/cases/{new_number}")
        expect(other.get_by_text("รับโอนจาก สำนักงานทดสอบ NP2").first).to_be_visible()
        expect(other.get_by_text("หลักฐาน.pdf").first).to_be_visible()
        assert page_width(other) <= width
        _shoot(other, f"received-th-{width}-{backend}")
        other.goto(f"/o/SK/lang/en?next=/o/SK/staff/cases/{new_number}")
        expect(other.get_by_text("Received by transfer from").first).to_be_visible()
        assert page_width(other) <= width
        _shoot(other, f"received-en-{width}-{backend}")
    finally:
        receiving.close()
