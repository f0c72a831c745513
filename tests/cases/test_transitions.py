"""The state machine: every action allowed exactly where DESIGN §3 says, refused elsewhere."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.cases import workflow
from portal.cases.errors import CaseError
from portal.cases.transitions import ALLOWED
from portal.extensions import db
from portal.models import CaseEvent, CaseStatus, DeclineReason, Outcome
from portal.staff.labels import STATUS  # staff actions name the status in staff words
from tests.cases.factories import file_case, put_in_status

S = CaseStatus
OPEN = {S.NEW, S.ACKNOWLEDGED, S.IN_PROGRESS, S.AWAITING_REPORTER}

# action → the statuses it may start from, and the status it leads to.
EXPECTED = {
    "acknowledge": ({S.NEW}, S.ACKNOWLEDGED),
    "reply": (OPEN, S.IN_PROGRESS),
    "request_information": ({S.NEW, S.ACKNOWLEDGED, S.IN_PROGRESS}, S.AWAITING_REPORTER),
    "resolve": ({S.ACKNOWLEDGED, S.IN_PROGRESS, S.AWAITING_REPORTER}, S.RESOLVED),
    "decline": (OPEN, S.DECLINED),
    "refer": (OPEN, S.REFERRED),
    "merge": (OPEN, S.MERGED),
    "reopen": ({S.RESOLVED, S.CLOSED, S.DECLINED}, S.IN_PROGRESS),
    "close": ({S.RESOLVED}, S.CLOSED),
}


def act(action, case, actor, target):
    v = case.lock_version
    return {
        "acknowledge": lambda: workflow.acknowledge_case(case, actor, v),
        "reply": lambda: workflow.reply_publicly(case, actor, "กำลังตรวจสอบ", v),
        "request_information": lambda: workflow.request_information(
            case, actor, "ขอทราบชื่อโรงเรียน", v),
        "resolve": lambda: workflow.resolve_case(case, actor, Outcome.UPHELD, "แก้ไขแล้ว", v),
        "decline": lambda: workflow.decline_case(case, actor, DeclineReason.INSUFFICIENT, "", v),
        "refer": lambda: workflow.refer_case(case, actor, "สำนักงานเขตพื้นที่อื่น", "", v),
        "merge": lambda: workflow.merge_case(case, actor, target, v),
        "reopen": lambda: workflow.reopen_case(case, actor, "ผู้แจ้งให้ข้อมูลใหม่", v),
        "close": lambda: workflow.close_case(case, actor, v),
    }[action]()


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_action_from_each_status(app, office, staff, action):
    allowed_from, leads_to = EXPECTED[action]
    target = file_case(office, subject="เรื่องหลักสำหรับรวม")
    for status in CaseStatus:
        case = put_in_status(file_case(office), status)
        events_before = len(case.events)
        if status in allowed_from:
            act(action, case, staff.director, target)
            db.session.commit()
            assert case.status is leads_to, (action, status)
            assert len(case.events) > events_before
        else:
            with pytest.raises(CaseError) as refused:
                act(action, case, staff.director, target)
            db.session.rollback()
            assert case.status is status, (action, status)
            assert len(case.events) == events_before
            assert str(STATUS[status]) in str(refused.value), (action, status)  # names it


def test_the_table_is_the_design(app):
    assert ALLOWED[S.MERGED] == frozenset() and ALLOWED[S.REFERRED] == frozenset()
    assert S.NEW not in set().union(*ALLOWED.values())  # nothing goes back to new
    for action, (allowed_from, leads_to) in EXPECTED.items():
        if action not in ("reply",):  # replying while in progress keeps the status
            assert all(leads_to in ALLOWED[s] for s in allowed_from), action


def test_refusal_names_the_current_status(app, office, staff):
    case = put_in_status(file_case(office), S.CLOSED)
    with pytest.raises(CaseError) as refused:
        workflow.resolve_case(case, staff.director, Outcome.UPHELD, "x", case.lock_version)
    assert "ยุติเรื่องแล้ว" in str(refused.value)


def test_every_change_is_an_event_by_the_staff_member(app, office, staff):
    case = file_case(office)
    workflow.acknowledge_case(case, staff.intake, case.lock_version)
    workflow.assign_case(case, staff.intake, case.work_group, staff.officer, case.lock_version)
    workflow.reply_publicly(case, staff.officer, "รับทราบ", case.lock_version)
    workflow.add_internal_note(case, staff.officer, "โทรสอบถามโรงเรียนแล้ว")
    workflow.resolve_case(case, staff.officer, Outcome.PARTLY_UPHELD, "ปรับเมนูแล้ว",
                          case.lock_version)
    db.session.commit()
    staff_events = [e for e in case.events if e.kind.value != "submitted"]
    assert [e.kind.value for e in staff_events] == [
        "status_changed", "assigned", "public_reply", "internal_note", "status_changed"]
    assert {(e.actor_type.value, e.actor_user_id) for e in staff_events} == {
        ("staff", staff.intake.id), ("staff", staff.officer.id)}
    assert db.session.get(CaseEvent, staff_events[3].id).visibility.value == "internal"
    assert case.outcome is Outcome.PARTLY_UPHELD and case.resolved_at is not None


def test_complaints_must_say_whether_upheld(app, office, staff):
    case = put_in_status(file_case(office), S.IN_PROGRESS)
    with pytest.raises(CaseError):
        workflow.resolve_case(case, staff.director, Outcome.ANSWERED, "ตอบแล้ว", case.lock_version)
    assert workflow.outcomes_for(case.case_type) == [
        Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD]


def test_decline_other_needs_a_note_and_shows_the_reason(app, office, staff):
    case = file_case(office)
    with pytest.raises(CaseError):
        workflow.decline_case(case, staff.intake, DeclineReason.OTHER, "  ", case.lock_version)
    event = workflow.decline_case(case, staff.intake, DeclineReason.BEFORE_COURT, "คดีอยู่ในศาล",
                                  case.lock_version)
    db.session.commit()
    assert case.decline_reason is DeclineReason.BEFORE_COURT
    assert "ศาล" in event.body and event.visibility.value == "public"
    assert case.reporter_informed_at is not None and case.acknowledged_at is not None


def test_refer_names_the_agency(app, office, staff):
    case = file_case(office)
    workflow.refer_case(case, staff.intake, "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา", "",
                        case.lock_version)
    db.session.commit()
    assert case.referred_to.startswith("สำนักงานเขต") and "ส่งต่อไปยัง" in case.events[-1].body
    with pytest.raises(CaseError):
        workflow.refer_case(file_case(office), staff.intake, " ", "", 1)


def test_reopen_counts_and_gives_a_fresh_deadline(app, office, staff, frozen):
    case = put_in_status(file_case(office), S.RESOLVED)
    case.outcome = Outcome.NOT_UPHELD
    db.session.commit()
    frozen.advance(days=30)
    workflow.reopen_case(case, staff.officer, "พบหลักฐานใหม่", case.lock_version)
    db.session.commit()
    assert case.status is S.IN_PROGRESS and case.reopened_count == 1
    assert case.outcome is None and case.resolved_at is None and case.feedback_due_at is None
    assert case.reply_due_at == frozen.now + timedelta(days=15)
    assert case.events[-1].kind.value == "reopened" and case.events[-1].body == "พบหลักฐานใหม่"


def test_notes_are_allowed_in_any_status(app, office, staff):
    case = put_in_status(file_case(office), S.CLOSED)
    workflow.add_internal_note(case, staff.officer, "บันทึกหลังปิดเรื่อง")
    db.session.commit()
    assert case.events[-1].kind.value == "internal_note"
