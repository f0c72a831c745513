"""Waiting on the reporter: only for a reporter who can be reached, and only for the
policy's days (7 by default); then the case comes back to its officer with the clock on.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import clock
from portal.cases.transitions import case_service, finish, move
from portal.extensions import db
from portal.models import ActorType, Case, CaseStatus, Channel, Office, Visibility

# Where the conversation itself is a way back to the reporter.
CONVERSATION_CHANNELS = frozenset({Channel.WEB, Channel.FACEBOOK, Channel.LINE})
UNREACHABLE = _l(
    "ขอข้อมูลเพิ่มเติมจากผู้แจ้งเรื่องนี้ไม่ได้ เพราะผู้แจ้งไม่ได้ให้ช่องทางติดต่อ "
    "(โทรศัพท์ อีเมล หรือ LINE) และเรื่องไม่ได้มาทางเว็บไซต์ "
    "ผู้แจ้งจึงไม่มีทางรู้ว่าถูกขอข้อมูล ดำเนินการต่อจากข้อมูลที่มี"
)
PAUSE_ENDED = "ผู้แจ้งไม่ได้ส่งข้อมูลเพิ่มเติมภายในกำหนด เรื่องกลับมาดำเนินการต่อและเริ่มนับเวลาอีกครั้ง"


def reporter_reachable(case: Case) -> bool:
    """Whether a request for information can reach the reporter: contact details, or a
    channel the reporter follows (the web with the tracking receipt, a chat)."""
    contact = case.contact
    if contact is not None and (contact.phone or contact.email or contact.line_id):
        return True
    return case.channel in CONVERSATION_CHANNELS


@case_service
def end_expired_pauses(office: Office | None = None, now: datetime | None = None) -> list[Case]:
    """Put back in progress every case whose reporter did not answer by ``reporter_due_at``
    (a periodic job; the caller commits). The clock resumes at that moment, not later."""
    now = now or clock.utcnow()
    query = select(Case).where(
        Case.status == CaseStatus.AWAITING_REPORTER,
        Case.reporter_due_at.is_not(None),
        Case.reporter_due_at < now,
    )
    if office is not None:
        query = query.where(Case.office_id == office.id)
    ended = []
    for case in db.session.scalars(query.order_by(Case.id)).all():
        event = move(
            case,
            None,
            CaseStatus.IN_PROGRESS,
            visibility=Visibility.INTERNAL,
            body=PAUSE_ENDED,
            actor_type=ActorType.SYSTEM,
            now=case.reporter_due_at,
        )
        finish(case, event)
        ended.append(case)
    return ended
