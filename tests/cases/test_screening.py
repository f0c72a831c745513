"""Screening: acknowledge, assign, correct details; who may do what; what the reporter hears."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.cases import workflow
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import CaseStatus, CaseType, Delivery, Priority, Role
from portal.security.access import can_view_case
from tests.cases.factories import category, file_case, group, make_user, schools


def deliveries(case) -> list[Delivery]:
    return list(db.session.scalars(
        select(Delivery).where(Delivery.case_id == case.id).order_by(Delivery.id)))


def test_acknowledge_tells_the_reporter_with_a_link_not_the_receipt(app, office, staff):
    case = file_case(office)
    event = workflow.acknowledge_case(case, staff.intake, case.lock_version)
    db.session.commit()
    assert case.status is CaseStatus.ACKNOWLEDGED and case.acknowledged_at == event.created_at
    assert event.visibility.value == "public" and event.actor_user_id == staff.intake.id
    mail = deliveries(case)[-1]
    assert mail.purpose == "case_acknowledged" and mail.recipient == "reporter@example.com"
    assert case.number in mail.subject
    assert f"http://portal.test/track?number={case.number}" in mail.body_text
    assert f"http://portal.test/track?number={case.number}" in mail.body_html
    assert case.receipt_hash not in mail.body_text


def test_no_mail_without_an_address(app, office, staff):
    case = file_case(office, email="")
    workflow.acknowledge_case(case, staff.intake, case.lock_version)
    workflow.reply_publicly(case, staff.intake, "ตอบ", case.lock_version)
    db.session.commit()
    assert deliveries(case) == []


def test_case_officers_cannot_screen_and_strangers_cannot_act(app, office, staff):
    case = file_case(office)
    for person in (staff.officer, staff.pr):
        with pytest.raises(CaseError, match="ไม่มีสิทธิ์"):
            workflow.acknowledge_case(case, person, case.lock_version)
    for person in (staff.outsider, staff.pr):
        with pytest.raises(CaseError, match="ไม่มีสิทธิ์"):
            workflow.add_internal_note(case, person, "ลองดู")
    other_office_intake = make_user(_other_office(), Role.INTAKE)
    with pytest.raises(CaseError, match="ไม่มีสิทธิ์"):
        workflow.acknowledge_case(case, other_office_intake, case.lock_version)
    db.session.rollback()
    assert case.status is CaseStatus.NEW


def _other_office():
    from tests.factories import make_office

    return make_office("NP1")


def test_assigning_a_new_case_acknowledges_it(app, office, staff):
    case = file_case(office)
    promotion = group(office, "promotion")
    event = workflow.assign_case(case, staff.intake, promotion, staff.officer, case.lock_version)
    db.session.commit()
    assert case.status is CaseStatus.ACKNOWLEDGED and case.assignee_id == staff.officer.id
    assert event.kind.value == "assigned" and event.visibility.value == "internal"
    assert staff.officer.name in event.body
    assert [d.purpose for d in deliveries(case)] == ["case_received", "case_acknowledged"]
    # Assigning again to the same people changes nothing and records nothing.
    count = len(case.events)
    assert workflow.assign_case(case, staff.intake, promotion, staff.officer,
                                case.lock_version) is None
    assert len(case.events) == count


def test_assignee_must_fit_the_group_office_and_case(app, office, staff):
    case = file_case(office)
    promotion, legal = group(office, "promotion"), group(office, "legal")
    v = case.lock_version
    with pytest.raises(CaseError, match="ไม่ได้อยู่ในกลุ่มงานนี้"):
        workflow.assign_case(case, staff.intake, legal, staff.officer, v)
    with pytest.raises(CaseError, match="มอบหมายให้ผู้นี้ไม่ได้"):
        workflow.assign_case(case, staff.intake, promotion, staff.pr, v)
    with pytest.raises(CaseError, match="มอบหมายให้ผู้นี้ไม่ได้"):
        workflow.assign_case(case, staff.intake, None, make_user(_other_office(),
                                                                  Role.CASE_OFFICER), v)
    workflow.declare_conflict(case, staff.officer, "เป็นญาติกับผู้ถูกร้อง")
    with pytest.raises(CaseError, match="ถอนตัว"):
        workflow.assign_case(case, staff.intake, promotion, staff.officer, case.lock_version)
    corrupt = file_case(office, CaseType.CORRUPTION)
    plain_legal_officer = make_user(office, Role.CASE_OFFICER, groups=(legal,))
    with pytest.raises(CaseError, match="ความลับ"):
        workflow.assign_case(corrupt, staff.integrity, legal, plain_legal_officer,
                             corrupt.lock_version)
    workflow.assign_case(corrupt, staff.integrity, legal, staff.integrity, corrupt.lock_version)
    assert corrupt.assignee_id == staff.integrity.id


def test_case_officer_passes_within_the_group_only(app, office, staff):
    case = file_case(office)
    promotion = group(office, "promotion")
    colleague = make_user(office, Role.CASE_OFFICER, groups=(promotion,))
    workflow.assign_case(case, staff.intake, promotion, staff.officer, case.lock_version)
    workflow.assign_case(case, staff.officer, promotion, colleague, case.lock_version)
    assert case.assignee_id == colleague.id
    with pytest.raises(CaseError, match="กลุ่มงานอื่น"):
        workflow.assign_case(case, staff.officer, group(office, "legal"), None, case.lock_version)


def test_details_update_lists_the_changes(app, office, staff):
    case = file_case(office)
    school = schools(office)[0]
    event = workflow.update_case_details(case, staff.intake, case.lock_version, school=school,
                                         priority=Priority.URGENT)
    db.session.commit()
    assert case.school_id == school.id and case.priority is Priority.URGENT
    assert "โรงเรียน" in event.body and school.name_th in event.body and "ด่วนที่สุด" in event.body
    assert event.kind.value == "updated" and event.visibility.value == "internal"
    assert workflow.update_case_details(case, staff.intake, case.lock_version,
                                        priority=Priority.URGENT) is None


def test_category_must_match_the_type(app, office, staff):
    case = file_case(office)
    with pytest.raises(CaseError, match="หมวดหมู่"):
        workflow.update_case_details(case, staff.intake, case.lock_version,
                                     category=category(office, CaseType.QUESTION))
    workflow.update_case_details(case, staff.intake, case.lock_version,
                                 case_type=CaseType.QUESTION)
    assert case.category is None  # the complaint category no longer fits: cleared
    workflow.update_case_details(case, staff.intake, case.lock_version,
                                 category=category(office, CaseType.QUESTION))
    assert case.category.case_type is CaseType.QUESTION


def test_only_screeners_change_the_type(app, office, staff):
    case = file_case(office)
    workflow.assign_case(case, staff.intake, case.work_group, staff.officer, case.lock_version)
    with pytest.raises(CaseError, match="ประเภท"):
        workflow.update_case_details(case, staff.officer, case.lock_version,
                                     case_type=CaseType.SUGGESTION)
    workflow.update_case_details(case, staff.officer, case.lock_version, priority=Priority.HIGH)
    assert case.priority is Priority.HIGH


def test_becoming_corruption_makes_it_confidential_and_legal(app, office, staff):
    case = file_case(office)
    workflow.assign_case(case, staff.intake, case.work_group, staff.officer, case.lock_version)
    assert can_view_case(staff.officer, case)
    event = workflow.update_case_details(case, staff.intake, case.lock_version,
                                         case_type=CaseType.CORRUPTION)
    db.session.commit()
    assert case.confidential and case.work_group.code == "legal" and case.assignee is None
    assert "เรื่องลับ" in event.body and staff.officer.name in event.body
    assert not can_view_case(staff.officer, case) and not can_view_case(staff.intake, case)
    assert can_view_case(staff.integrity, case)
