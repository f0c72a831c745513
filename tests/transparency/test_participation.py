"""Issue 17 §2 (last point): participation reports take the one path every public text takes.

Before, any case officer published on /ita/participation at once, with no privacy check and
no second person (a reporter's name and phone went public that way). Now a report is a
publication: drafted, checked for personal data, approved by a director or approver who is
not its author, and withdrawn like any item.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import Publication, PublicationKind, PublicationState, Role
from tests.helpers import approve_form, csrf_token, post_form

PUBLIC = "/ita/participation?year=2569"
REPORT = {"held_on": "15/3/2569", "title": "เวทีรับฟังความคิดเห็นผู้ปกครอง",
          "participants": "ผู้ปกครอง 30 คน นำโดยนายสมชาย ใจดี โทร 081-234-5678",
          "body": "ขอให้ประกาศเมนูอาหารล่วงหน้า", "improvement": "ประกาศเมนูทุกวันศุกร์"}


def test_a_report_is_public_only_once_checked_and_approved_by_another(
        app, client, office, login_as):
    officer = login_as(Role.CASE_OFFICER)
    assert "/staff/publishing/participation/new" in officer.get(
        "/staff/participation").get_data(as_text=True)
    assert officer.post("/staff/participation", data={
        "csrf_token": csrf_token(officer, "/staff/publishing/participation/new"),
        **REPORT}).status_code == 405
    response = post_form(officer, "/staff/publishing/participation/new", REPORT)
    assert response.status_code == 302
    item = db.session.scalar(select(Publication))
    assert item.kind is PublicationKind.PARTICIPATION and item.latest.held_on == date(2026, 3, 15)
    assert "เวทีรับฟัง" not in client.get(PUBLIC).get_data(as_text=True)  # a draft is private

    page = f"/staff/publishing/{item.id}"
    html = officer.get(page).get_data(as_text=True)
    assert "พบข้อความที่อาจระบุตัวบุคคล" in html and "081-234-5678" in html
    token = csrf_token(officer, page)
    officer.post(f"{page}/submit", data={"csrf_token": token})
    assert "อนุมัติและเผยแพร่" not in officer.get(page).get_data(as_text=True)  # not the author
    director = login_as(Role.DIRECTOR)
    refused = director.post(f"{page}/approve", data=approve_form(director, item.id))
    assert refused.status_code == 302  # the phone number and the name stand in the way
    assert "เวทีรับฟัง" not in client.get(PUBLIC).get_data(as_text=True)

    officer.post(f"{page}/edit", data={"csrf_token": token, **REPORT,
                                       "participants": "ผู้ปกครอง 30 คน"})
    officer.post(f"{page}/submit", data={"csrf_token": token})
    assert director.post(f"{page}/approve",
                         data=approve_form(director, item.id)).status_code == 302
    html = client.get(PUBLIC).get_data(as_text=True)
    assert "เวทีรับฟังความคิดเห็นผู้ปกครอง" in html and "ประกาศเมนูทุกวันศุกร์" in html
    assert "สมชาย" not in html
    assert "เวทีรับฟัง" not in client.get("/ita/participation?year=2570").get_data(as_text=True)
    assert "เวทีรับฟัง" not in client.get("/outcomes").get_data(as_text=True)  # ITA page only
    assert client.get(f"/outcomes/{item.id}").status_code == 404


def test_a_report_is_withdrawn_like_any_item(app, client, office, login_as):
    officer = login_as(Role.INTAKE)
    post_form(officer, "/staff/publishing/participation/new",
              {**REPORT, "participants": "ผู้ปกครอง 30 คน"})
    item = db.session.scalar(select(Publication))
    page = f"/staff/publishing/{item.id}"
    officer.post(f"{page}/submit", data={"csrf_token": csrf_token(officer, page)})
    director = login_as(Role.DIRECTOR)
    director.post(f"{page}/approve", data=approve_form(director, item.id))
    assert "เวทีรับฟัง" in client.get(PUBLIC).get_data(as_text=True)
    director.post(f"{page}/withdraw", data={"csrf_token": csrf_token(director, page),
                                            "withdraw-reason": "ข้อมูลผู้เข้าร่วมไม่ถูกต้อง"})
    db.session.expire_all()
    assert db.session.get(Publication, item.id).state is PublicationState.WITHDRAWN
    assert "เวทีรับฟัง" not in client.get(PUBLIC).get_data(as_text=True)


def test_missing_fields_are_refused(app, office, login_as):
    officer = login_as(Role.INTAKE)
    missing = post_form(officer, "/staff/publishing/participation/new",
                        {"held_on": "15/3/2569", "title": "หัวข้อ"})
    assert missing.status_code == 422
    assert db.session.scalar(select(Publication)) is None
