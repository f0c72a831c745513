"""The state machine of a case (DESIGN §3) and what every workflow service shares.

``ALLOWED`` is the single table of legal status changes; :func:`move` is the only code that
changes ``Case.status`` for staff and reporter actions, so no service can take a shortcut.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import ParamSpec, TypeVar

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from portal import clock
from portal.cases import notify
from portal.cases.deadlines import restart_reply_due, resume_clock
from portal.cases.errors import CaseError, StaleCase
from portal.extensions import db
from portal.models import ActorType, Case, CaseEvent, CaseStatus, EventKind, User, Visibility
from portal.security.access import can_act_on_case, can_screen

P = ParamSpec("P")
R = TypeVar("R")
S = CaseStatus
# Leaving ``new`` for any status also means a person has looked at the case (acknowledged_at).
ALLOWED: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.NEW: frozenset({S.ACKNOWLEDGED, S.IN_PROGRESS, S.AWAITING_REPORTER,
                      S.DECLINED, S.REFERRED, S.MERGED}),
    S.ACKNOWLEDGED: frozenset({S.IN_PROGRESS, S.AWAITING_REPORTER, S.RESOLVED,
                               S.DECLINED, S.REFERRED, S.MERGED}),
    S.IN_PROGRESS: frozenset({S.AWAITING_REPORTER, S.RESOLVED, S.DECLINED, S.REFERRED, S.MERGED}),
    S.AWAITING_REPORTER: frozenset({S.IN_PROGRESS, S.RESOLVED, S.DECLINED, S.REFERRED, S.MERGED}),
    S.RESOLVED: frozenset({S.CLOSED, S.IN_PROGRESS}),  # closed, or reopened / disputed
    S.CLOSED: frozenset({S.IN_PROGRESS}),  # reopened
    S.DECLINED: frozenset({S.IN_PROGRESS}),  # reopened
    S.REFERRED: frozenset(),
    S.MERGED: frozenset(),
}


def can_move(case: Case, to: CaseStatus) -> bool:
    return to in ALLOWED[case.status]


def refused_in_status(case: Case) -> CaseError:
    """The error for an action the case's current status does not allow."""
    from portal.staff.labels import STATUS  # staff wording; the blueprint imports this module

    return CaseError(_l("ทำรายการนี้ไม่ได้ เพราะเรื่องนี้อยู่ในสถานะ “%(status)s”",
                        status=STATUS[case.status]))


def require_move(case: Case, to: CaseStatus) -> None:
    if not can_move(case, to):
        from portal.staff.labels import STATUS

        raise CaseError(_l(
            "ทำรายการนี้ไม่ได้ เพราะเรื่องนี้อยู่ในสถานะ “%(status)s” "
            "ซึ่งเปลี่ยนเป็น “%(target)s” ไม่ได้",
            status=STATUS[case.status], target=STATUS[to]))


def require_open(case: Case) -> None:
    if not case.is_open:
        raise refused_in_status(case)


def require_version(case: Case, expected_version: int) -> None:
    """Refuse when the officer's form was based on an older copy of the case."""
    if case.lock_version != expected_version:
        raise StaleCase()


def require_act(actor: User, case: Case) -> None:
    if not can_act_on_case(actor, case):
        raise CaseError(_l("ไม่มีสิทธิ์ดำเนินการกับเรื่องนี้"))


def require_screen(actor: User, case: Case) -> None:
    require_act(actor, case)
    if not can_screen(actor):
        raise CaseError(_l("ไม่มีสิทธิ์คัดกรองเรื่อง (รับเรื่อง มอบหมาย ไม่รับพิจารณา ส่งต่อ "
                           "หรือรวมเรื่อง)"))


def require_text(value: str, message) -> str:
    text = (value or "").strip()
    if not text:
        raise CaseError(message)
    return text


def text_for(case: Case, message) -> str:
    """A translatable text as stored on the timeline: in the case's (the reporter's) language,
    whoever wrote it and even outside a request (daily jobs)."""
    with force_locale(case.locale or "th"):
        return str(message)


def add_event(
    case: Case,
    actor: User | None,
    kind: EventKind,
    *,
    visibility: Visibility,
    body: str = "",
    from_status: CaseStatus | None = None,
    to_status: CaseStatus | None = None,
    actor_type: ActorType | None = None,
    now: datetime | None = None,
) -> CaseEvent:
    """Append one timeline entry; staff when ``actor`` is given, else the system."""
    event = CaseEvent(
        kind=kind,
        actor_type=actor_type or (ActorType.STAFF if actor is not None else ActorType.SYSTEM),
        actor_user_id=actor.id if actor is not None else None,
        from_status=from_status,
        to_status=to_status,
        body=body,
        visibility=visibility,
        created_at=now or clock.utcnow(),
    )
    case.events.append(event)
    return event


def move(
    case: Case,
    actor: User | None,
    to: CaseStatus,
    *,
    kind: EventKind = EventKind.STATUS_CHANGED,
    visibility: Visibility = Visibility.PUBLIC,
    body: str = "",
    actor_type: ActorType | None = None,
    now: datetime | None = None,
) -> CaseEvent:
    """Change the status along ``ALLOWED`` and record it as one event."""
    require_move(case, to)
    now = now or clock.utcnow()
    if case.status is CaseStatus.AWAITING_REPORTER:
        resume_clock(case, now)  # paused_since is set exactly while awaiting the reporter
    if case.status is CaseStatus.NEW and case.acknowledged_at is None:
        case.acknowledged_at = now
    event = add_event(case, actor, kind, visibility=visibility, body=body,
                      from_status=case.status, to_status=to, actor_type=actor_type, now=now)
    case.status = to
    return event


def mark_informed(case: Case, now: datetime) -> None:
    """Keep, as evidence, when the reporter was first told a result or progress this round."""
    if case.reporter_informed_at is None:
        case.reporter_informed_at = now


def case_service(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a service: a concurrent update detected at any flush (autoflush included)
    surfaces as :class:`StaleCase`, never as SQLAlchemy's StaleDataError."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except StaleDataError as error:
            raise StaleCase() from error

    return wrapper


def finish(case: Case, *events: CaseEvent) -> None:
    """Flush the change and hand each new event to the notification hook.

    A concurrent update that got in first makes the flush fail: that becomes
    :class:`StaleCase` (the caller rolls back and shows the latest version).
    """
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleCase() from error
    for event in events:
        notify.on_event(case, event)


def start_new_round(case: Case, now: datetime) -> None:
    """Reopened or disputed: forget the last ending and give the case a fresh deadline.

    The earlier round stays in the timeline (its events keep who answered when).
    """
    case.outcome = None
    case.decline_reason = None
    case.resolved_at = None
    case.closed_at = None
    case.feedback_due_at = None
    case.reporter_informed_at = None
    restart_reply_due(case, now)
