"""Assigning many cases at once from the inbox; each case is checked on its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import ActorType, Case, CaseEvent, EventKind, User, Visibility, WorkGroup
from portal.security.access import (
    CASE_ROLES,
    CONFIDENTIAL_ROLES,
    can_act_on_case,
    can_screen,
    is_recused,
    visible_cases_clause,
)


@dataclass
class SkippedCase:
    case_id: int
    number: str  # empty when the case was not found or is not the officer's to see
    reason: LazyString  # translated when shown


@dataclass
class BulkAssignResult:
    assigned: list[Case]
    skipped: list[SkippedCase]


def bulk_assign(
    user: User,
    case_ids: list[int],
    work_group: WorkGroup | None,
    assignee: User | None,
    on_assigned: Callable[[Case], None] | None = None,
) -> BulkAssignResult:
    """Assign the selected cases to ``work_group`` and/or ``assignee``; one event per case.

    Moving cases to another group needs a screening role; a case officer may only name an
    officer for cases of their own groups. Cases the user may not act on, closed cases, and
    cases the chosen officer could not see (confidential, recused) are skipped and reported.
    ``on_assigned`` is called for each assigned case (e.g. to queue the officer's e-mail).
    """
    _check_targets(user, work_group, assignee)
    wanted = list(dict.fromkeys(case_ids))
    found = {c.id: c for c in db.session.scalars(
        select(Case).where(Case.id.in_(wanted), visible_cases_clause(user)))}
    result = BulkAssignResult(assigned=[], skipped=[])
    for case_id in wanted:
        case_ = found.get(case_id)
        reason = _refusal(user, case_, work_group, assignee)
        if reason is not None:
            number = case_.number if case_ is not None else ""
            result.skipped.append(SkippedCase(case_id, number, reason))
            continue
        _assign(user, case_, work_group, assignee)
        result.assigned.append(case_)
        if on_assigned is not None:
            on_assigned(case_)
    db.session.flush()
    return result


def _check_targets(user: User, work_group: WorkGroup | None, assignee: User | None) -> None:
    if work_group is None and assignee is None:
        raise CaseError(_l("กรุณาเลือกกลุ่มงานหรือผู้รับผิดชอบ"))
    if work_group is not None and (work_group.office_id != user.office_id or not can_screen(user)):
        raise CaseError(_l("ท่านไม่มีสิทธิ์มอบหมายเรื่องให้กลุ่มงานนี้"))
    if assignee is not None and (
        assignee.office_id != user.office_id or not assignee.active
        or not assignee.role_set & CASE_ROLES
    ):
        raise CaseError(_l("ผู้รับผิดชอบที่เลือกไม่สามารถรับเรื่องได้"))


def _refusal(user: User, case_: Case | None, work_group: WorkGroup | None,
             assignee: User | None) -> LazyString | None:
    """Why ``case_`` cannot be assigned as asked, or None."""
    if case_ is None or not can_act_on_case(user, case_):
        return _l("ไม่พบเรื่องนี้หรือท่านไม่มีสิทธิ์")
    if not case_.is_open:
        return _l("เรื่องนี้ปิดแล้ว")
    target_group_id = work_group.id if work_group is not None else case_.work_group_id
    if target_group_id == case_.work_group_id and (
        assignee is None or assignee.id == case_.assignee_id
    ):
        return _l("เรื่องนี้มอบหมายไว้ตามนี้แล้ว")
    if assignee is None:
        return None
    if not can_screen(user) and target_group_id not in {g.id for g in user.work_groups}:
        return _l("ท่านมอบหมายได้เฉพาะเรื่องของกลุ่มงานของท่าน")
    screener = can_screen(assignee)
    if not screener and target_group_id not in {g.id for g in assignee.work_groups}:
        return _l("ผู้รับผิดชอบที่เลือกไม่ได้อยู่ในกลุ่มงานของเรื่องนี้")
    if (case_.confidential and not assignee.role_set & CONFIDENTIAL_ROLES) or is_recused(
        assignee, case_
    ):
        return _l("ผู้รับผิดชอบที่เลือกไม่มีสิทธิ์เข้าถึงเรื่องนี้")
    return None


def _assign(user: User, case_: Case, work_group: WorkGroup | None, assignee: User | None) -> None:
    if work_group is not None and work_group.id != case_.work_group_id:
        case_.work_group = work_group
        if assignee is None:
            case_.assignee = None  # the new group names its own officer
    if assignee is not None:
        case_.assignee = assignee
    group_name = case_.work_group.name_th if case_.work_group else "-"
    officer_name = case_.assignee.name if case_.assignee else "-"
    db.session.add(CaseEvent(  # added directly: appending would load each case's timeline
        case_id=case_.id, kind=EventKind.ASSIGNED, actor_type=ActorType.STAFF,
        actor_user_id=user.id, body=f"กลุ่มงาน: {group_name}\nผู้รับผิดชอบ: {officer_name}",
        visibility=Visibility.INTERNAL,
    ))
