"""A correspondent on a 360 px phone in real Chromium: joins from the letter's link, sends
news with photos, signs out and back in by the e-mailed link. No sideways scrolling, no
script errors, no Content-Security-Policy violations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Office, Role, School, User, UserRole
from portal.network.invitations import create_invitation
from portal.network.models import SchoolNews
from tests.browser.flows import page_width
from tests.factories import jpeg_bytes
from tests.network.helpers import code_in, last_mail, link_in

pytestmark = pytest.mark.browser
EMAIL = "malee@school.example"


def _invitation_path() -> tuple[str, int]:
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    pr = User(
        office_id=office.id,
        email="pr@test.example",
        name="นักประชาสัมพันธ์",
        password_hash="!",
        roles=[UserRole(role=Role.PR)],
    )
    db.session.add(pr)
    db.session.flush()
    school = db.session.scalars(
        select(School).where(School.office_id == office.id).order_by(School.id)
    ).first()
    invitation = create_invitation(office, school, pr)
    db.session.commit()
    path, school_id = f"/network/join/{invitation.token}", school.id
    db.session.remove()  # the server's threads must not wait on this thread's transaction
    return path, school_id


def _narrow(page) -> None:
    page.wait_for_load_state("load")  # a click's navigation may still be under way
    expect(page.locator("main h1")).to_be_visible()
    assert page_width(page) <= 361, f"{page.url} scrolls sideways"


def test_a_correspondent_joins_and_sends_news_on_a_phone(app, contexts, recorder, upload):
    path, school_id = _invitation_path()
    page = contexts.mobile_page()
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("เข้าร่วมเครือข่ายประชาสัมพันธ์")
    _narrow(page)
    page.get_by_label("ชื่อ-นามสกุล").fill("นางสาวมาลี ใจดี")
    page.get_by_label("ตำแหน่ง").fill("ครู")
    page.get_by_label("อีเมล").fill(EMAIL)
    page.get_by_label("โทรศัพท์").fill("0812345678")
    page.get_by_label("เพจ Facebook ของโรงเรียน").fill("facebook.com/samphong.school")
    page.get_by_label("โรงเรียนเข้าร่วมกลุ่มเครือข่ายของเขตพื้นที่แล้ว").check()
    page.get_by_role("checkbox", name=re.compile("รับทราบว่าข้อมูลนี้ใช้")).check()
    page.get_by_role("button", name="ส่งรหัสยืนยันไปที่อีเมล").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ยืนยันอีเมล")
    code = code_in(last_mail(EMAIL, "network_join_code"))
    db.session.remove()
    page.get_by_label("รหัสยืนยัน 6 หลัก").fill(code)
    page.get_by_role("button", name="ยืนยัน").click()
    expect(page.get_by_text("ยินดีต้อนรับสู่เครือข่ายประชาสัมพันธ์")).to_be_visible()
    assert page.url.endswith(f"/network/school/{school_id}")
    _narrow(page)

    page.get_by_role("link", name="ข่าวของโรงเรียน").click()
    page.get_by_role("link", name="ส่งข่าวใหม่").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ส่งข่าวกิจกรรมของโรงเรียน")
    _narrow(page)
    page.get_by_label("หัวข้อข่าว").fill("กีฬาสีต้านยาเสพติด")
    page.get_by_label("วันที่จัดกิจกรรม").fill("20112569")
    page.get_by_label("เนื้อข่าว").fill("โรงเรียนจัดการแข่งขันกีฬาสีประจำปี นักเรียนทุกชั้นร่วมกิจกรรม")
    page.get_by_label("ภาพกิจกรรม (ไม่เกิน 10 ภาพ)").set_input_files(
        [upload("a.jpg", jpeg_bytes()), upload("b.jpg", jpeg_bytes(color=(10, 200, 10)))]
    )
    page.get_by_label("มีใบหน้านักเรียน และโรงเรียนได้รับความยินยอมจากผู้ปกครองแล้ว").check()
    page.get_by_role("checkbox", name=re.compile("โรงเรียนได้รับความยินยอมจากผู้ปกครองสำหรับ")).check()
    page.get_by_role("button", name="ส่งข่าว").click()
    expect(page.get_by_text("ส่งข่าวแล้ว")).to_be_visible()
    expect(page.get_by_text("กีฬาสีต้านยาเสพติด")).to_be_visible()
    _narrow(page)
    news = db.session.scalar(select(SchoolNews))
    assert news is not None and len(news.photos) == 2
    db.session.remove()

    # Out, and back in by the link in the e-mail, on the same phone.
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.get_by_label("อีเมลที่ลงทะเบียนไว้").fill(EMAIL)
    page.get_by_role("button", name="ส่งลิงก์เข้าสู่ระบบ").click()
    expect(page.get_by_text("หากอีเมลนี้ลงทะเบียนไว้")).to_be_visible()
    link = link_in(last_mail(EMAIL, "network_sign_in"))
    db.session.remove()
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    assert page.url.endswith(f"/network/school/{school_id}")
    # Another school's page does not exist for this correspondent.
    response = page.goto(f"/network/school/{school_id + 1}")
    assert response.status == 404
    assert recorder.page_errors == [] and recorder.csp_violations() == []
