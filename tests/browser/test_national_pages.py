"""The national pages in Chromium, Thai and English, phone (360 px) and desk: the public
figures, a member's offices page, a director's requests, and an archived office's form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.cases.submit import CaseSubmission, submit_case
from portal.extensions import db
from portal.models import CaseType, Office, Role, User
from portal.national import members, rollups
from portal.offices.provisioning import NewOffice, archive_office, create_office
from tests.browser.flows import page_width
from tests.browser.shots import shoot
from tests.browser.test_triage import add_staff, sign_in


def _data() -> None:
    np2 = db.session.scalar(select(Office).where(Office.code == "NP2"))
    other = create_office(NewOffice(code="SKN1", name_th="สพป.สกลนคร เขต 1 (ตัวอย่าง)",
                                    name_en="Sakon Nakhon 1 (sample)", province_th="สกลนคร"),
                          np2)
    for office, n in ((np2, 4), (other, 2)):
        for i in range(n):
            submit_case(office, CaseSubmission(
                case_type=CaseType.COMPLAINT, subject=f"ห้องน้ำชำรุด {i}",
                description="ห้องน้ำของโรงเรียนชำรุดมาหลายเดือนแล้ว ขอให้ซ่อมโดยเร็ว"))
    db.session.commit()
    rollups.refresh_all()
    db.session.remove()


def _shoot(page, name: str) -> None:
    shoot(page, name, "national")


@pytest.mark.parametrize("width", [360, 1280])
def test_national_pages_thai_and_english(app, contexts, width):
    _data()
    staff = add_staff("national@test.example", "ผู้ดูแลระดับประเทศ ทดสอบ")
    director = add_staff("director@test.example", "ผู้อำนวยการ ทดสอบ", Role.DIRECTOR)
    members.add_member(db.session.scalar(select(User).where(User.email == staff.email)))
    db.session.commit()
    db.session.remove()
    backend = "pg" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else "sq"
    options = {"viewport": {"width": width, "height": 800}}
    for lang in ("th", "en"):
        page = contexts.new_page(**options)
        page.goto(f"/lang/{lang}?next=/national/figures")
        heading = ("Complaint figures of every office" if lang == "en"
                   else "สถิติเรื่องร้องเรียนทุกสำนักงาน")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        expect(page.get_by_role("rowheader").filter(has_text="SKN1").first).to_be_visible()
        assert page_width(page) <= width
        _shoot(page, f"figures-{lang}-{width}-{backend}")

    page = contexts.new_page(**options)
    sign_in(page, staff)
    page.goto("/national/")
    expect(page.get_by_role("heading", level=1)).to_have_text("สำนักงานในระบบ")
    page.get_by_text("ขอดูเรื่อง").first.click()
    page.get_by_label("เหตุผลที่ขอดูเรื่อง").first.fill("ตรวจสอบระยะเวลาตอบเรื่อง")
    page.get_by_role("button", name="ส่งคำขอ").first.click()
    expect(page.get_by_text("รอผู้อำนวยการพิจารณา")).to_be_visible()
    assert page_width(page) <= width
    _shoot(page, f"national-index-th-{width}-{backend}")
    page.goto("/lang/en?next=/national/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offices of this installation")
    _shoot(page, f"national-index-en-{width}-{backend}")
    page.goto("/lang/th?next=/national/")

    boss = contexts.new_page(**options)
    sign_in(boss, director)
    boss.goto("/national/requests")
    expect(boss.get_by_text("ตรวจสอบระยะเวลาตอบเรื่อง")).to_be_visible()
    _shoot(boss, f"requests-th-{width}-{backend}")
    boss.goto("/lang/en?next=/national/requests")
    _shoot(boss, f"requests-en-{width}-{backend}")
    boss.goto("/lang/th?next=/national/requests")
    boss.get_by_role("button", name="อนุญาต", exact=True).click()
    expect(boss.get_by_text("อนุญาตแล้ว")).to_be_visible()

    page.goto("/national/offices/NP2/cases")
    expect(page.get_by_role("link", name="NP2-").first).to_be_visible()
    _shoot(page, f"national-cases-th-{width}-{backend}")

    np2 = db.session.scalar(select(Office).where(Office.code == "NP2"))
    archive_office(np2)
    db.session.commit()
    db.session.remove()
    public = contexts.new_page(**options)
    public.goto("/submit")
    expect(public.get_by_role("heading", level=1)).to_have_text("สำนักงานนี้ไม่รับเรื่องใหม่แล้ว")
    _shoot(public, f"archived-th-{width}-{backend}")
    public.goto("/lang/en?next=/submit")
    expect(public.get_by_role("heading", level=1)).to_have_text(
        "This office no longer takes new cases")
    _shoot(public, f"archived-en-{width}-{backend}")
