"""The reporter's word after resolution: confirm or dispute the outcome, rate the handling.

These are called from the tracking page (the reporter proved the receipt); there is no
staff actor. They are open only while the case is resolved and its feedback window lasts.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from portal import clock
from portal.cases.errors import CaseError
from portal.cases.transitions import (
    add_event,
    case_service,
    finish,
    move,
    require_text,
    start_new_round,
)
from portal.extensions import db
from portal.models import (
    ActorType,
    Case,
    CaseEvent,
    CaseStatus,
    EventKind,
    Satisfaction,
    Visibility,
)

RATINGS = range(1, 6)


def feedback_open(case: Case, now: datetime | None = None) -> bool:
    """True while the reporter may still confirm, dispute (resolved only) or rate."""
    now = now or clock.utcnow()
    return (case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)
            and case.feedback_due_at is not None and now <= case.feedback_due_at)


def answered_this_round(case: Case) -> bool:
    """Whether the reporter already confirmed the latest resolution."""
    if case.resolved_at is None:
        return False
    return any(e.kind is EventKind.REPORTER_CONFIRMED and e.created_at >= case.resolved_at
               for e in case.events)


def _require_verdict_open(case: Case, now: datetime) -> None:
    if case.status is not CaseStatus.RESOLVED or not feedback_open(case, now):
        raise CaseError(_l("ยืนยันหรือโต้แย้งผลได้เฉพาะเรื่องที่ดำเนินการแล้ว "
                           "และภายในระยะเวลาที่กำหนดเท่านั้น"))
    if answered_this_round(case):
        raise CaseError(_l("ท่านยืนยันผลการดำเนินการเรื่องนี้แล้ว"))


@case_service
def confirm_outcome(case: Case, now: datetime | None = None) -> CaseEvent:
    """The reporter accepts the outcome (the case may then be closed early)."""
    now = now or clock.utcnow()
    _require_verdict_open(case, now)
    event = add_event(case, None, EventKind.REPORTER_CONFIRMED, visibility=Visibility.PUBLIC,
                      actor_type=ActorType.REPORTER, now=now)
    finish(case, event)
    return event


@case_service
def dispute_outcome(case: Case, reason: str, now: datetime | None = None) -> CaseEvent:
    """The reporter disputes the outcome: the case reopens with a fresh deadline and the
    dispute is counted (``disputed_count``)."""
    now = now or clock.utcnow()
    _require_verdict_open(case, now)
    reason = require_text(reason, _l("กรุณาระบุเหตุผลที่ไม่เห็นด้วยกับผลการดำเนินการ"))
    event = move(case, None, CaseStatus.IN_PROGRESS, kind=EventKind.REPORTER_DISPUTED,
                 body=reason, actor_type=ActorType.REPORTER, now=now)
    case.disputed_count += 1
    start_new_round(case, now)
    finish(case, event)
    return event


def satisfaction_of(case: Case) -> Satisfaction | None:
    """The reporter's current rating and comment of ``case``, if any."""
    return db.session.get(Satisfaction, case.id)


def rating_history(case: Case) -> list[CaseEvent]:
    """Every rating given, oldest first; each event's body keeps its score and comment."""
    return [e for e in case.events if e.kind is EventKind.RATED]


@case_service
def rate_handling(
    case: Case, rating: int, comment: str = "", now: datetime | None = None
) -> Satisfaction:
    """The reporter rates the handling 1–5 with an optional comment. Rating again is an
    edit ("แก้ไขการประเมิน", the form comes back filled with what was given): the new one
    counts, and every one given stays in the timeline with its comment."""
    now = now or clock.utcnow()
    if not feedback_open(case, now):
        raise CaseError(_l("ประเมินความพึงพอใจได้หลังดำเนินการเรื่องแล้ว "
                           "และภายในระยะเวลาที่กำหนดเท่านั้น"))
    if rating not in RATINGS:
        raise CaseError(_l("กรุณาให้คะแนนตั้งแต่ 1 ถึง 5"))
    satisfaction = db.session.get(Satisfaction, case.id)
    if satisfaction is None:
        satisfaction = Satisfaction(case_id=case.id)
        db.session.add(satisfaction)
    satisfaction.rating = rating
    satisfaction.comment = (comment or "").strip()
    satisfaction.created_at = now
    body = f"{rating}/5" + (f"\n{satisfaction.comment}" if satisfaction.comment else "")
    event = add_event(case, None, EventKind.RATED, visibility=Visibility.PUBLIC,
                      body=body, actor_type=ActorType.REPORTER, now=now)
    finish(case, event)
    return satisfaction
