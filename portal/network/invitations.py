"""Invitations for schools to join the network: single-use, expiring, revocable."""

from __future__ import annotations

import enum
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from portal.clock import utcnow
from portal.extensions import db
from portal.models import Office, School, User
from portal.network.details import token_digest
from portal.network.models import Invitation
from portal.network.registry import log_change

DEFAULT_DAYS = 60  # long enough for a printed letter to reach the school and be acted on


class InvitationState(enum.StrEnum):
    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"


def state_of(invitation: Invitation) -> InvitationState:
    if invitation.used_at is not None:
        return InvitationState.USED
    if invitation.revoked_at is not None:
        return InvitationState.REVOKED
    if invitation.expires_at <= utcnow():
        return InvitationState.EXPIRED
    return InvitationState.OPEN


def create_invitation(
    office: Office, school: School, user: User, days: int = DEFAULT_DAYS
) -> Invitation:
    """A new invitation for ``school``; the school's earlier open invitations are revoked."""
    now = utcnow()
    db.session.execute(
        update(Invitation)
        .where(
            Invitation.school_id == school.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now, revoked_by_id=user.id)
    )
    token = secrets.token_urlsafe(18)  # 144 bits, short enough for a QR code on a letter
    invitation = Invitation(
        office_id=office.id,
        school_id=school.id,
        token=token,
        token_digest=token_digest(token),
        created_by_id=user.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(invitation)
    log_change(office, "invitation", "created", user=user, school_id=school.id)
    return invitation


def revoke_invitation(office: Office, invitation: Invitation, user: User) -> bool:
    """Revoke an open invitation; False when it was already used, revoked or expired."""
    if state_of(invitation) is not InvitationState.OPEN:
        return False
    invitation.revoked_at = utcnow()
    invitation.revoked_by_id = user.id
    log_change(office, "invitation", "revoked", user=user, school_id=invitation.school_id)
    return True


def find_invitation(office: Office, token: str) -> Invitation | None:
    """The office's invitation behind ``token`` in any state, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(Invitation).where(
            Invitation.token_digest == token_digest(token), Invitation.office_id == office.id
        )
    )


def latest_invitations(office: Office) -> dict[int, Invitation]:
    """Each school's newest invitation."""
    latest: dict[int, Invitation] = {}
    for invitation in db.session.scalars(
        select(Invitation).where(Invitation.office_id == office.id).order_by(Invitation.id)
    ):
        latest[invitation.school_id] = invitation
    return latest


def unaccepted(office: Office) -> list[Invitation]:
    """Open invitations nobody has accepted yet, oldest first (for PR's reminder)."""
    rows = db.session.scalars(
        select(Invitation)
        .where(
            Invitation.office_id == office.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.created_at)
    )
    return list(rows)
