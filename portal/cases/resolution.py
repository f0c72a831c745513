"""Ending a case honestly, and starting again: resolve, close, reopen."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import clock
from portal.cases.deadlines import add_days, holidays_of, policy_for
from portal.cases.errors import CaseError
from portal.cases.feedback import answered_this_round
from portal.cases.transitions import (
    case_service,
    finish,
    mark_informed,
    move,
    refused_in_status,
    require_act,
    require_text,
    require_version,
    start_new_round,
)
from portal.extensions import db
from portal.filters import thai_date
from portal.models import (
    ActorType,
    Case,
    CaseEvent,
    CaseStatus,
    CaseType,
    EventKind,
    Office,
    Outcome,
    User,
)

OUTCOMES = {
    Outcome.UPHELD: _l("เป็นจริงตามที่ร้องเรียน และได้แก้ไขหรือดำเนินการแล้ว"),
    Outcome.PARTLY_UPHELD: _l("เป็นจริงบางส่วน และได้แก้ไขหรือดำเนินการในส่วนนั้นแล้ว"),
    Outcome.NOT_UPHELD: _l("ตรวจสอบแล้วไม่เป็นไปตามที่ร้องเรียน"),
    Outcome.ANSWERED: _l("ตอบคำถามหรือรับข้อเสนอแนะ/คำชมแล้ว"),
}

# A complaint or corruption report must say whether it was upheld; never just "answered".
_WITH_FINDING = (CaseType.COMPLAINT, CaseType.CORRUPTION)


def outcomes_for(case_type: CaseType) -> list[Outcome]:
    """The outcomes a case of this type may be resolved with (for the form's choices)."""
    if case_type in _WITH_FINDING:
        return [Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD]
    return list(Outcome)


@case_service
def resolve_case(
    case: Case, actor: User, outcome: Outcome, summary: str, expected_version: int
) -> CaseEvent:
    """Record what handling found and did; the reporter is told and may confirm or dispute.

    ``summary`` is shown to the reporter. The feedback window (policy.feedback_days) starts.
    """
    require_act(actor, case)
    require_version(case, expected_version)
    if outcome not in outcomes_for(case.case_type):
        raise CaseError(_l("ผลการดำเนินการนี้ใช้กับเรื่องประเภทนี้ไม่ได้ "
                           "เรื่องร้องเรียนต้องระบุว่าเป็นจริงหรือไม่"))
    summary = require_text(summary, _l("กรุณาสรุปผลการดำเนินการให้ผู้แจ้งทราบ"))
    now = clock.utcnow()
    event = move(case, actor, CaseStatus.RESOLVED, body=summary, now=now)
    case.outcome = outcome
    case.resolved_at = now
    mark_informed(case, now)
    policy = policy_for(case.office, case.case_type)
    case.feedback_due_at = add_days(now, policy.feedback_days, policy,
                                    holidays_of(case.office, now.date()))
    finish(case, event)
    return event


@case_service
def reopen_case(case: Case, actor: User, reason: str, expected_version: int) -> CaseEvent:
    """Reopen a resolved, closed or declined case; the reason is shown to the reporter."""
    require_act(actor, case)
    require_version(case, expected_version)
    if case.is_open:
        raise refused_in_status(case)  # reopening is for finished cases (see ALLOWED)
    reason = require_text(reason, _l("กรุณาระบุเหตุที่เปิดเรื่องใหม่"))
    now = clock.utcnow()
    event = move(case, actor, CaseStatus.IN_PROGRESS, kind=EventKind.REOPENED, body=reason,
                 now=now)
    case.reopened_count += 1
    start_new_round(case, now)
    finish(case, event)
    return event


@case_service
def close_case(case: Case, actor: User, expected_version: int) -> CaseEvent:
    """Close a resolved case. Before the feedback window ends only if the reporter confirmed:
    closing earlier would take away their right to dispute the outcome.
    """
    require_act(actor, case)
    require_version(case, expected_version)
    now = clock.utcnow()
    if (case.status is CaseStatus.RESOLVED and case.feedback_due_at is not None
            and now <= case.feedback_due_at and not answered_this_round(case)):
        raise CaseError(_l("ยังปิดเรื่องไม่ได้ ผู้แจ้งยังยืนยันหรือโต้แย้งผลได้ถึง %(date)s",
                           date=thai_date(case.feedback_due_at)))
    event = move(case, actor, CaseStatus.CLOSED, now=now)
    case.closed_at = now
    finish(case, event)
    return event


@case_service
def close_expired_cases(office: Office | None = None, now: datetime | None = None) -> list[Case]:
    """Close resolved cases whose feedback window has passed (a daily job; the caller commits)."""
    now = now or clock.utcnow()
    query = select(Case).where(Case.status == CaseStatus.RESOLVED, Case.feedback_due_at < now)
    if office is not None:
        query = query.where(Case.office_id == office.id)
    closed = []
    for case in db.session.scalars(query.order_by(Case.id)).all():
        event = move(case, None, CaseStatus.CLOSED, actor_type=ActorType.SYSTEM, now=now)
        case.closed_at = now
        finish(case, event)
        closed.append(case)
    return closed
