"""The one hook every case service calls after a change: who must hear about this event?

Services never send anything themselves; they call :func:`on_event` for each timeline event
they add, in the same transaction, and this module decides what to queue in the outbox (so
a rollback sends nothing). It tells the reporter, when they asked for e-mail, about an
acknowledgement, a reply, a request for information and a resolution; and it tells staff
when a case is assigned to them or, with no officer named, to their work group. The daily
digest of due and overdue cases is a job of its own (:mod:`portal.delivery.digest`).

Reporter e-mails carry a link to the tracking page and never the receipt, nor what the reply
says: the reporter reads it on the tracking page with their receipt. Staff e-mails carry a
link to the staff case page and never the reporter's contact details; for a confidential
case they say only its number (mail leaves the building).
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.delivery.outbox import enqueue_email
from portal.delivery.staff_mail import enqueue_staff_email
from portal.extensions import db
from portal.labels import CASE_TYPE
from portal.links import public_url
from portal.models import (
    Case,
    CaseEvent,
    CaseStatus,
    Delivery,
    EventKind,
    User,
    Visibility,
    WorkGroupMember,
)
from portal.security.access import can_view_case

STAFF_LOCALE = "th"  # staff accounts have no language setting yet; Thai is the office's


def _status_change_to(status: CaseStatus) -> Callable[[CaseEvent], bool]:
    return lambda event: event.to_status is status


# (does this event match, reporter e-mail template): the first match wins.
_RULES: list[tuple[Callable[[CaseEvent], bool], str]] = [
    (lambda e: e.kind is EventKind.PUBLIC_REPLY, "case_replied"),
    (lambda e: e.kind is EventKind.INFO_REQUESTED, "case_info_requested"),
    (_status_change_to(CaseStatus.ACKNOWLEDGED), "case_acknowledged"),
    (_status_change_to(CaseStatus.RESOLVED), "case_resolved"),
]


# Other features that carry a case's events to the reporter (chat intake): called with
# (case, event) for every event, in the same transaction.
_LISTENERS: list[Callable[[Case, CaseEvent], None]] = []


def add_event_listener(listener: Callable[[Case, CaseEvent], None]) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def reporter_template(event: CaseEvent) -> str | None:
    """The reporter e-mail an event calls for, or None."""
    if event.visibility is not Visibility.PUBLIC:
        return None
    return next((template for matches, template in _RULES if matches(event)), None)


def on_event(case: Case, event: CaseEvent) -> None:
    """Queue whatever ``event`` calls for; call it after adding the event (before commit)."""
    template = reporter_template(event)
    contact = case.contact
    if template and contact is not None and contact.notify_by_email and contact.email:
        enqueue_email(case.office, case, contact.email, template, event=event)
    if event.kind is EventKind.ASSIGNED:
        notify_assignment(case, event)
    for listener in _LISTENERS:
        listener(case, event)


def on_assigned(case: Case) -> None:
    """``on_assigned`` callback for :func:`portal.cases.inbox.bulk_assign`: the case's newest
    ASSIGNED event goes through :func:`on_event` like any single assignment."""
    event = next((e for e in reversed(case.events) if e.kind is EventKind.ASSIGNED), None)
    if event is not None:
        db.session.flush()  # the new group and officer ids, as after a single assignment
        on_event(case, event)


def assignment_recipients(case: Case, actor_id: int | None = None) -> tuple[list[User], bool]:
    """Who hears of an assignment, and whether they hear it as members of the work group.

    The assigned officer; with no officer named, every active member of the case's work
    group. Never the person who made the assignment (they know), and only people who may
    open the case (confidentiality and recusals apply to e-mail too).
    """
    if case.assignee is not None:
        candidates, to_group = [case.assignee], False
    elif case.work_group is not None:
        candidates = list(db.session.scalars(
            select(User)
            .join(WorkGroupMember, WorkGroupMember.user_id == User.id)
            .where(WorkGroupMember.work_group_id == case.work_group.id, User.active.is_(True))
            .order_by(User.id)
        ))
        to_group = True
    else:
        return [], False
    people = [u for u in candidates if u.id != actor_id and u.email and can_view_case(u, case)]
    return people, to_group


def notify_assignment(case: Case, event: CaseEvent) -> list[Delivery]:
    """Queue the e-mail telling the new officer (or the group's members) about ``case``."""
    recipients, to_group = assignment_recipients(case, event.actor_user_id)
    if not recipients:
        return []
    actor = db.session.get(User, event.actor_user_id) if event.actor_user_id else None
    if to_group:
        subject = _l("มีเรื่องเลขที่ %(number)s มอบหมายให้กลุ่มงานของท่าน", number=case.number)
    else:
        subject = _l("มอบหมายเรื่องเลขที่ %(number)s ให้ท่าน", number=case.number)
    context = {
        "case": case,
        "to_group": to_group,
        "group_name": case.work_group.name_th if case.work_group else "",
        "case_type": CASE_TYPE[case.case_type],
        "assigned_by": actor.name if actor is not None else "",
        "case_url": public_url("staff.case_detail", office=case.office, number=case.number),
    }
    return [
        enqueue_staff_email(case.office, user.email, "staff_assigned", subject, STAFF_LOCALE,
                            user=user, **context)
        for user in recipients
    ]
