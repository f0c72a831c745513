"""The triage flow over HTTP: inbox, screening, answering, resolving, confidentiality."""

from __future__ import annotations

import io
import re

import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Case,
    CaseStatus,
    CaseView,
    Channel,
    EventKind,
    Outcome,
    Role,
    Visibility,
    WorkGroup,
)
from tests.factories import jpeg_bytes
from tests.helpers import CSRF_RE, post_form, receipt_from, valid_case


def file_case(app, **overrides) -> Case:
    reporter = app.test_client()
    url = "/report-corruption" if overrides.pop("corruption", False) else "/submit"
    response = post_form(reporter, url, valid_case(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    number, _receipt = receipt_from(reporter.get("/receipt").get_data(as_text=True))
    return db.session.scalar(sa.select(Case).where(Case.number == number))


def act(client, case: Case, action: str, **data):
    page = client.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    token = CSRF_RE.search(page)
    version = re.search(rf'action="/staff/cases/{case.number}/{action}".*?name="version" '
                        r'type="hidden" value="(\d+)"', page, re.S)
    payload = {"csrf_token": token.group(1) or token.group(2), **data}
    if version and "version" not in data:
        payload["version"] = version.group(1)
    return client.post(f"/staff/cases/{case.number}/{action}", data=payload)


def group(code: str) -> WorkGroup:
    return db.session.scalar(sa.select(WorkGroup).where(WorkGroup.code == code))


def test_intake_screens_and_officer_answers_and_resolves(app, office, login_as):
    case = file_case(app, attachments=[(io.BytesIO(jpeg_bytes()), "lunch.jpg")])
    intake = login_as(Role.INTAKE)
    inbox = intake.get("/staff/?queue=new").get_data(as_text=True)
    assert case.number in inbox and "อาหารกลางวันไม่เพียงพอ" in inbox
    assert act(intake, case, "acknowledge").status_code == 302
    officer = login_as(Role.CASE_OFFICER, groups=[group("promotion")], name="ครูผู้รับผิดชอบ")
    assert officer.get(f"/staff/cases/{case.number}").status_code == 404  # not yet their group
    response = act(intake, case, "assign", work_group_id=str(group("promotion").id),
                   assignee_id=str(officer.user.id))
    assert response.status_code == 302
    page = officer.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert "สมชาย ใจดี" in page and "lunch.jpg" in page  # handlers see the reporter
    assert act(officer, case, "note", body="โทรสอบถามโรงเรียนแล้ว").status_code == 302
    typed = "เรียนผู้แจ้ง\nกำลังตรวจสอบ <strong>ด่วน</strong><script>x()</script>"
    assert act(officer, case, "reply", body=typed).status_code == 302
    assert act(officer, case, "resolve", outcome=Outcome.UPHELD.value,
               summary="โรงเรียนเพิ่มปริมาณอาหารกลางวันแล้ว").status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status is CaseStatus.RESOLVED and case.outcome is Outcome.UPHELD
    assert case.assignee_id == officer.user.id and case.reporter_informed_at is not None
    kinds = [(e.kind, e.visibility) for e in case.events]
    assert (EventKind.INTERNAL_NOTE, Visibility.INTERNAL) in kinds
    assert (EventKind.PUBLIC_REPLY, Visibility.PUBLIC) in kinds
    reply = next(e for e in case.events if e.kind is EventKind.PUBLIC_REPLY)
    assert reply.body == typed  # plain text, stored as typed
    page = officer.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert "เรียนผู้แจ้ง<br>\nกำลังตรวจสอบ &lt;strong&gt;ด่วน&lt;/strong&gt;&lt;script&gt;" in page
    assert "<script>x()" not in page


def test_reporter_sees_public_reply_but_not_internal_note(app, office, login_as):
    reporter = app.test_client()
    post_form(reporter, "/submit", valid_case())
    number, receipt = receipt_from(reporter.get("/receipt").get_data(as_text=True))
    case = db.session.scalar(sa.select(Case).where(Case.number == number))
    intake = login_as(Role.INTAKE)
    act(intake, case, "note", body="ข้อมูลภายในห้ามเผยแพร่")
    act(intake, case, "reply", body="เราได้ประสานโรงเรียนแล้ว")
    later = app.test_client()
    post_form(later, "/track", {"number": number, "receipt": receipt})
    html = later.get(f"/track/{number}").get_data(as_text=True)
    assert "เราได้ประสานโรงเรียนแล้ว" in html and "ข้อมูลภายในห้ามเผยแพร่" not in html


def test_second_officer_gets_changed_meanwhile_and_keeps_text(app, office, login_as):
    case = file_case(app)
    first, second = login_as(Role.INTAKE), login_as(Role.INTAKE)
    second_page = second.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    stale_version = re.search(r'name="version" type="hidden" value="(\d+)"', second_page).group(1)
    assert act(first, case, "reply", body="คำตอบแรก").status_code == 302
    response = act(second, case, "reply", body="คำตอบที่สองที่พิมพ์ไว้", version=stale_version)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "ถูกแก้ไขโดยผู้อื่นระหว่างนี้" in html and "คำตอบที่สองที่พิมพ์ไว้" in html
    db.session.expire_all()
    replies = [e.body for e in db.session.get(Case, case.id).events
               if e.kind is EventKind.PUBLIC_REPLY]
    assert replies == ["คำตอบแรก"]


def test_illegal_transition_is_refused_clearly(app, office, login_as):
    case = file_case(app)
    intake = login_as(Role.INTAKE)
    act(intake, case, "decline", reason="insufficient", note="")
    response = act(intake, case, "resolve", outcome="upheld", summary="ไม่ควรได้")
    assert response.status_code == 422
    assert "ไม่รับพิจารณา" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Case, case.id).status is CaseStatus.DECLINED


def test_corruption_report_is_seen_only_by_integrity_and_director(app, office, login_as):
    case = file_case(app, corruption=True, respondent="ครูสมศรี มีทรัพย์",
                     acknowledge_false_report="y", case_type="")
    intake = login_as(Role.INTAKE)
    officer = login_as(Role.CASE_OFFICER, groups=[group("legal")])
    integrity = login_as(Role.INTEGRITY)
    director = login_as(Role.DIRECTOR)
    for outsider in (intake, officer):
        assert outsider.get(f"/staff/cases/{case.number}").status_code == 404
        assert case.number not in outsider.get("/staff/").get_data(as_text=True)
        assert case.number not in outsider.get("/staff/export.csv").get_data(as_text=True)
    for insider in (integrity, director):
        page = insider.get(f"/staff/cases/{case.number}").get_data(as_text=True)
        assert "ครูสมศรี มีทรัพย์" in page and "ทุกการเปิดดูถูกบันทึกไว้" in page
    views = db.session.scalars(sa.select(CaseView.user_id)).all()
    assert sorted(views) == sorted([integrity.user.id, director.user.id])


def test_named_staff_member_is_recused(app, office, login_as):
    named = login_as(Role.INTEGRITY, name="สมศรี มีทรัพย์")
    case = file_case(app, corruption=True, respondent="สมศรี มีทรัพย์ ครูโรงเรียนบ้านนาทม",
                     acknowledge_false_report="y")
    other = login_as(Role.INTEGRITY)
    assert other.get(f"/staff/cases/{case.number}").status_code == 200
    assert named.get(f"/staff/cases/{case.number}").status_code == 404


def test_other_office_cases_are_unreachable(app, office, login_as):
    from tests.factories import make_office

    case = file_case(app)
    other_office = make_office("XX9")
    db.session.commit()
    from portal.models import User, UserRole
    from tests.conftest import _staff_hash, sign_in_client

    stranger = User(office_id=other_office.id, email="x@other.example", name="อื่น",
                    password_hash=_staff_hash(), roles=[UserRole(role=Role.DIRECTOR)])
    db.session.add(stranger)
    db.session.commit()
    client = app.test_client()
    sign_in_client(app, client, stranger)
    assert client.get(f"/staff/cases/{case.number}").status_code == 404
    assert case.number not in client.get("/staff/").get_data(as_text=True)


def test_declare_conflict_removes_access(app, office, login_as):
    case = file_case(app)
    intake = login_as(Role.INTAKE)
    response = act(intake, case, "conflict", note="ผู้แจ้งเป็นญาติของข้าพเจ้า")
    assert response.status_code == 302
    assert intake.get(f"/staff/cases/{case.number}").status_code == 404


def test_phone_case_is_recorded_with_channel_and_original_date(app, office, login_as):
    intake = login_as(Role.INTAKE)
    token = CSRF_RE.search(intake.get("/staff/cases/new").get_data(as_text=True))
    response = intake.post("/staff/cases/new", data={
        "csrf_token": token.group(1) or token.group(2), "channel": "phone",
        "received_on": "20/11/2569", "case_type": "complaint", "subject": "โทรแจ้งเรื่องรถรับส่ง",
        "description": "ผู้ปกครองโทรแจ้งว่ารถรับส่งนักเรียนบรรทุกเด็กเกินจำนวน", "name": "ผู้ปกครอง",
    }, content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"] == "/receipt"
    case = db.session.scalar(sa.select(Case))
    assert case.channel is Channel.PHONE and case.original_received_on.isoformat() == "2026-11-20"
    assert case.number in intake.get("/staff/").get_data(as_text=True)


def test_thai_search_and_csv_export(app, office, login_as):
    lunch = file_case(app)
    file_case(app, subject="ห้องน้ำชำรุด", description="ห้องน้ำนักเรียนหญิงประตูพังมาหลายเดือนแล้ว")
    intake = login_as(Role.INTAKE)
    found = intake.get("/staff/?q=กลางวัน").get_data(as_text=True)
    assert lunch.number in found and "ห้องน้ำชำรุด" not in found
    csv = intake.get("/staff/export.csv")
    assert csv.data.startswith(b"\xef\xbb\xbf") and "text/csv" in csv.content_type
    text = csv.data.decode("utf-8-sig")
    assert lunch.number in text and "somchai@example.com" not in text


def test_bulk_assign(app, office, login_as):
    cases = [file_case(app) for _ in range(3)]
    intake = login_as(Role.INTAKE)
    token = CSRF_RE.search(intake.get("/staff/").get_data(as_text=True))
    response = intake.post("/staff/bulk-assign", data={
        "csrf_token": token.group(1) or token.group(2),
        "case_ids": [str(c.id) for c in cases[:2]], "work_group_id": str(group("promotion").id)})
    assert response.status_code == 302
    db.session.expire_all()
    groups = [db.session.get(Case, c.id).work_group_id for c in cases]
    assert groups[:2] == [group("promotion").id] * 2


def test_reporter_disputes_then_rates(app, office, login_as):
    reporter = app.test_client()
    post_form(reporter, "/submit", valid_case())
    number, receipt = receipt_from(reporter.get("/receipt").get_data(as_text=True))
    case = db.session.scalar(sa.select(Case).where(Case.number == number))
    intake = login_as(Role.INTAKE)
    assert act(intake, case, "acknowledge").status_code == 302
    assert act(intake, case, "resolve", outcome="not_upheld",
               summary="ตรวจสอบแล้วอาหารเพียงพอ").status_code == 302
    later = app.test_client()
    post_form(later, "/track", {"number": number, "receipt": receipt})
    page = later.get(f"/track/{number}").get_data(as_text=True)
    assert "ท่านเห็นด้วยกับผลการดำเนินการหรือไม่" in page and "ตรวจสอบแล้วอาหารเพียงพอ" in page
    token = CSRF_RE.search(page)
    token = token.group(1) or token.group(2)
    refused = later.post(f"/track/{number}/verdict/dispute", data={"csrf_token": token})
    assert "กรุณาระบุเหตุผลที่ไม่เห็นด้วย" in refused.get_data(as_text=True)
    disputed = later.post(f"/track/{number}/verdict/dispute",
                          data={"csrf_token": token, "reason": "วันนี้ลูกยังได้อาหารไม่พอ"})
    assert disputed.status_code == 302
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status is CaseStatus.IN_PROGRESS and case.disputed_count == 1
    assert act(intake, case, "resolve", outcome="upheld",
               summary="เพิ่มงบอาหารกลางวันแล้ว").status_code == 302
    rated = later.post(f"/track/{number}/rating",
                       data={"csrf_token": token, "rating": "4", "comment": "ขอบคุณครับ"})
    assert rated.status_code == 302
    from portal.models import Satisfaction

    assert db.session.get(Satisfaction, case.id).rating == 4
