"""Recusal: a staff member named in a case, or who declares a conflict, loses access to it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.cases import workflow
from portal.cases.errors import CaseError
from portal.cases.recusal import named_in
from portal.extensions import db
from portal.models import Case, Recusal, RecusalReason, Role
from portal.security.access import can_view_case, visible_cases_clause
from tests.cases.factories import file_case, group, make_user


def visible_ids(user) -> set[int]:
    return set(db.session.scalars(select(Case.id).where(visible_cases_clause(user))))


@pytest.mark.parametrize("written", [
    "นายสมชาย ใจดี ครูโรงเรียนบ้านนาทม",
    "ครู สมชาย  ใจดี",
    "สมชายใจดี",
    "สมชาย\u200bใจดี (ครูประจำชั้น)",
    "นาย สมชาย\tใจดี",
])
def test_full_names_match_however_they_are_spaced(written):
    assert named_in(written, "นายสมชาย ใจดี")
    assert named_in(written, "สมชาย ใจดี")


@pytest.mark.parametrize("written", ["สมชาย ใจร้าย", "สมหญิง ใจดี", "ครูสมชาย", ""])
def test_a_first_name_alone_or_another_person_does_not_match(written):
    assert not named_in(written, "สมชาย ใจดี")


def test_named_staff_are_recused_when_the_case_is_filed(app, office, staff):
    promotion = group(office, "promotion")
    named = make_user(office, Role.INTAKE, Role.CASE_OFFICER, groups=(promotion,),
                      name="นายสมชาย ใจดี")
    db.session.commit()
    case = file_case(office, respondent="ครู สมชาย  ใจดี และผู้บริหารโรงเรียน")
    recusal = db.session.get(Recusal, (case.id, named.id))
    assert recusal is not None and recusal.reason is RecusalReason.NAMED_RESPONDENT
    assert not can_view_case(named, case) and case.id not in visible_ids(named)
    assert can_view_case(staff.intake, case) and case.id in visible_ids(staff.intake)
    event = case.events[-1]
    assert event.kind.value == "conflict_declared" and event.visibility.value == "internal"
    assert event.actor_type.value == "system"
    with pytest.raises(CaseError, match="ไม่มีสิทธิ์"):
        workflow.add_internal_note(case, named, "ขอชี้แจง")


def test_declaring_a_conflict_removes_access_and_the_assignment(app, office, staff):
    case = file_case(office)
    workflow.assign_case(case, staff.intake, case.work_group, staff.officer, case.lock_version)
    db.session.commit()
    assert case.id in visible_ids(staff.officer)
    with pytest.raises(CaseError):
        workflow.declare_conflict(case, staff.officer, " ")
    event = workflow.declare_conflict(case, staff.officer, "เป็นญาติกับผู้ร้อง")
    db.session.commit()
    assert event.kind.value == "conflict_declared" and event.actor_user_id == staff.officer.id
    assert case.assignee_id is None
    assert not can_view_case(staff.officer, case) and case.id not in visible_ids(staff.officer)
    with pytest.raises(CaseError, match="ไม่มีสิทธิ์"):
        workflow.reply_publicly(case, staff.officer, "x", case.lock_version)
    with pytest.raises(CaseError, match="ไม่มีสิทธิ์"):
        workflow.declare_conflict(case, staff.officer, "อีกครั้ง")


def test_no_one_outside_may_declare(app, office, staff):
    case = file_case(office)
    with pytest.raises(CaseError, match="ไม่มีสิทธิ์"):
        workflow.declare_conflict(case, staff.outsider, "ไม่เกี่ยว")
