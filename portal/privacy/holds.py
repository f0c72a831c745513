"""Legal holds (a case kept from the purge) and evidence marks (a file kept past its time)."""

from __future__ import annotations

from sqlalchemy import select

from portal.clock import utcnow
from portal.extensions import db
from portal.models import Attachment, Case, User
from portal.models.privacy import EvidenceMark, LegalHold

HOLD_KINDS = ("investigation", "court", "nacc", "other")


class HoldError(ValueError):
    """A hold without a reason or holder, or on a case of another office."""


def place_hold(case: Case, kind: str, reason: str, holder: str, user: User) -> LegalHold:
    """Keep ``case`` from the purge until released; the reason and the holder are required."""
    if kind not in HOLD_KINDS or not reason.strip() or not holder.strip():
        raise HoldError("reason")
    if case.office_id != user.office_id:
        raise HoldError("office")
    hold = LegalHold(
        case_id=case.id,
        reason_kind=kind,
        reason=reason.strip(),
        holder=holder.strip(),
        placed_by_id=user.id,
        placed_at=utcnow(),
    )
    db.session.add(hold)
    return hold


def release_hold(hold: LegalHold, user: User) -> None:
    """End a hold (kept in the list as released); the case follows the schedule again."""
    if hold.released_at is None:
        hold.released_at = utcnow()
        hold.released_by_id = user.id


def active_holds(office_id: int) -> list[tuple[LegalHold, str]]:
    """The office's holds, open ones first, with their case numbers."""
    rows = db.session.execute(
        select(LegalHold, Case.number)
        .join(Case, Case.id == LegalHold.case_id)
        .where(Case.office_id == office_id)
        .order_by(LegalHold.released_at.is_not(None), LegalHold.placed_at.desc())
    ).all()
    return [(hold, number) for hold, number in rows]


def mark_evidence(attachment: Attachment, user: User) -> EvidenceMark:
    """Keep a file beyond the retention period of attachments."""
    mark = db.session.get(EvidenceMark, attachment.id)
    if mark is None:
        mark = EvidenceMark(attachment_id=attachment.id, marked_by_id=user.id, marked_at=utcnow())
        db.session.add(mark)
    return mark
