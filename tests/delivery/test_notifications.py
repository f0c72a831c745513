"""Staff hear of an assignment by e-mail through the outbox: in Thai, with a link to the staff
case page, never the reporter's contact details, and a confidential case only by number."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.cases import workflow
from portal.delivery.worker import run_once
from portal.extensions import db
from portal.filters import thai_date
from portal.models import CaseType, Delivery, Recusal, RecusalReason, Role
from tests.cases.factories import file_case, group, make_staff, make_user
from tests.helpers import CSRF_RE

REPORTER_DETAILS = ("ผู้แจ้ง ทดสอบ", "reporter@example.com")


@pytest.fixture
def staff(office):
    people = make_staff(office)
    db.session.commit()
    return people


def staff_mail(case_number: str | None = None) -> list[Delivery]:
    rows = db.session.scalars(
        select(Delivery).where(Delivery.purpose == "staff_assigned").order_by(Delivery.id)).all()
    return [d for d in rows if case_number is None or case_number in d.subject]


def assert_no_reporter_details(delivery: Delivery) -> None:
    for part in (delivery.subject, delivery.body_text, delivery.body_html):
        for detail in REPORTER_DETAILS:
            assert detail not in part


def test_the_assigned_officer_gets_a_thai_email_with_the_staff_link(app, office, staff,
                                                                     smtp_server):
    case = file_case(office)
    workflow.assign_case(case, staff.intake, case.work_group, staff.officer, case.lock_version)
    db.session.commit()

    (mail,) = staff_mail()
    assert mail.recipient == staff.officer.email
    assert mail.case_id is None  # the case's own deliveries are the reporter's
    assert mail.subject == f"มอบหมายเรื่องเลขที่ {case.number} ให้ท่าน"
    link = f"http://portal.test/staff/cases/{case.number}"
    deadline = thai_date(case.reply_due_at, "long", "th")
    assert str(case.received_at.year + 543) in deadline  # Buddhist era
    for body in (mail.body_text, mail.body_html):
        assert "เรียน สมศรี ขยันดี" in body
        assert "ท่านได้รับมอบหมายให้รับผิดชอบเรื่องต่อไปนี้" in body
        for expected in (case.number, "อาหารกลางวันไม่เพียงพอ", "ร้องเรียน", deadline, link,
                         "ผู้รับเรื่อง ทดสอบ"):
            assert expected in body
    assert f'href="{link}"' in mail.body_html
    assert_no_reporter_details(mail)
    assert case.description not in mail.body_text
    # The reporter still hears of the acknowledgement that assigning a new case implies.
    purposes = db.session.scalars(select(Delivery.purpose).where(Delivery.case_id == case.id)
                                  .order_by(Delivery.id)).all()
    assert purposes == ["case_received", "case_acknowledged"]

    assert run_once() == 3
    received = {m["X-RcptTo"]: m for m in smtp_server.messages()}
    message = received[staff.officer.email]
    assert message["Subject"] == f"มอบหมายเรื่องเลขที่ {case.number} ให้ท่าน"
    assert message["Message-ID"] == mail.message_id
    assert link in message.get_body(preferencelist=("plain",)).get_content()


def test_a_group_without_an_officer_tells_every_active_member_who_may_see_it(app, office, staff):
    promotion = group(office, "promotion")
    second = make_user(office, Role.CASE_OFFICER, groups=(promotion,))
    retired = make_user(office, Role.CASE_OFFICER, groups=(promotion,))
    retired.active = False
    recused = make_user(office, Role.CASE_OFFICER, groups=(promotion,))
    pr_member = make_user(office, Role.PR, groups=(promotion,))  # PR never reads cases
    case = file_case(office, CaseType.SUGGESTION)
    case.work_group = None
    db.session.add(Recusal(case_id=case.id, user_id=recused.id,
                           reason=RecusalReason.DECLARED_CONFLICT))
    db.session.commit()

    workflow.assign_case(case, staff.intake, promotion, None, case.lock_version)
    db.session.commit()

    mails = staff_mail(case.number)
    assert sorted(m.recipient for m in mails) == sorted([staff.officer.email, second.email])
    assert {retired.email, recused.email, pr_member.email}.isdisjoint(m.recipient for m in mails)
    for mail in mails:
        assert mail.subject == f"มีเรื่องเลขที่ {case.number} มอบหมายให้กลุ่มงานของท่าน"
        assert "มีเรื่องมอบหมายให้กลุ่มงาน กลุ่มส่งเสริมการจัดการศึกษา ซึ่งท่านเป็นสมาชิก" in (
            mail.body_text)
        assert_no_reporter_details(mail)


def test_whoever_assigns_is_not_told_and_an_unchanged_assignment_tells_nobody(app, office,
                                                                               staff):
    case = file_case(office)
    workflow.assign_case(case, staff.officer, case.work_group, staff.officer, case.lock_version)
    # Same group, same officer again: nothing changed, no event, no e-mail.
    assert workflow.assign_case(case, staff.intake, case.work_group, staff.officer,
                                case.lock_version) is None
    db.session.commit()
    assert staff_mail() == []


def test_a_confidential_case_is_named_by_its_number_only(app, office, staff):
    legal = group(office, "legal")
    legal_clerk = make_user(office, Role.CASE_OFFICER, groups=(legal,))  # no confidential role
    db.session.commit()
    case = file_case(office, CaseType.CORRUPTION, subject="ผอ.เรียกรับเงินค่าบรรจุครู",
                     description="มีการเรียกรับเงินสองแสนบาท", respondent="นายสมปอง ทุจริต")
    assert case.confidential

    workflow.assign_case(case, staff.director, legal, staff.integrity, case.lock_version)
    db.session.commit()
    (mail,) = staff_mail(case.number)
    assert mail.recipient == staff.integrity.email
    assert mail.subject == f"มอบหมายเรื่องเลขที่ {case.number} ให้ท่าน"
    for part in (mail.subject, mail.body_text, mail.body_html):
        for secret in ("ผอ.เรียกรับเงินค่าบรรจุครู", "สองแสน", "นายสมปอง", "ทุจริต",
                       "ผู้อำนวยการ ทดสอบ", "กลุ่มกฎหมายและคดี", *REPORTER_DETAILS):
            assert secret not in part
    for body in (mail.body_text, mail.body_html):
        assert case.number in body and "เรื่องลับ" in body
        assert f"http://portal.test/staff/cases/{case.number}" in body

    # Back to the group alone: only members allowed to see confidential cases hear of it.
    workflow.assign_case(case, staff.director, legal, None, case.lock_version)
    db.session.commit()
    second = staff_mail(case.number)[1:]
    assert [m.recipient for m in second] == [staff.integrity.email]
    assert legal_clerk.email not in {m.recipient for m in staff_mail()}


def test_a_rolled_back_assignment_sends_nothing(app, office, staff):
    case = file_case(office)
    workflow.assign_case(case, staff.intake, case.work_group, staff.officer, case.lock_version)
    db.session.rollback()
    assert staff_mail() == []


def test_bulk_assignment_tells_the_officer_of_each_case(app, office, login_as):
    promotion = group(office, "promotion")
    officer = login_as(Role.CASE_OFFICER, groups=[promotion], email="somsri@test.example").user
    cases = [file_case(office) for _ in range(3)]
    intake = login_as(Role.INTAKE)
    token = CSRF_RE.search(intake.get("/staff/").get_data(as_text=True))
    response = intake.post("/staff/bulk-assign", data={
        "csrf_token": token.group(1) or token.group(2),
        "case_ids": [str(c.id) for c in cases[:2]],
        "work_group_id": str(promotion.id), "assignee_id": str(officer.id)})
    assert response.status_code == 302

    mails = staff_mail()
    assert [m.recipient for m in mails] == ["somsri@test.example"] * 2
    assert sorted(m.subject for m in mails) == sorted(
        f"มอบหมายเรื่องเลขที่ {c.number} ให้ท่าน" for c in cases[:2])


def test_bulk_assignment_to_another_group_tells_that_groups_members(app, office, login_as):
    legal = group(office, "legal")
    member = login_as(Role.CASE_OFFICER, groups=[legal], email="legal@test.example").user
    login_as(Role.CASE_OFFICER, groups=[group(office, "promotion")], email="promo@test.example")
    case = file_case(office)  # routed to the promotion group
    director = login_as(Role.DIRECTOR)
    token = CSRF_RE.search(director.get("/staff/").get_data(as_text=True))
    response = director.post("/staff/bulk-assign", data={
        "csrf_token": token.group(1) or token.group(2),
        "case_ids": [str(case.id)], "work_group_id": str(legal.id)})
    assert response.status_code == 302

    (mail,) = staff_mail()
    assert mail.recipient == member.email
    assert mail.subject == f"มีเรื่องเลขที่ {case.number} มอบหมายให้กลุ่มงานของท่าน"
    assert "กลุ่มกฎหมายและคดี" in mail.body_text
