"""A national member reads an office's cases only while that office's director allows it.

Two people, as for role grants: the member asks, giving a reason; a director of the office
(never the member) confirms or declines. A grant is read-only, covers the general stream only
(never the confidential one) and ends after GRANT_DAYS. Every step and every case opened is
in the national log.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.cases.errors import CaseError
from portal.clock import utcnow
from portal.delivery.staff_mail import enqueue_staff_email
from portal.extensions import db
from portal.links import public_url
from portal.models import GrantStatus, NationalCaseGrant, Office, Role, User, UserRole
from portal.national.members import is_member, log

GRANT_DAYS = 30
REASON_MAX = 1000


class GrantError(CaseError):
    """A grant cannot be asked for or decided as asked."""


def request_grant(member: User, office: Office, reason: str) -> NationalCaseGrant:
    reason = " ".join(reason.split())
    if not is_member(member):
        raise GrantError(_l("เฉพาะผู้ดูแลระดับประเทศเท่านั้น"))
    if not reason or len(reason) > REASON_MAX:
        raise GrantError(_l("กรุณาระบุเหตุผล ไม่เกิน %(n)d ตัวอักษร", n=REASON_MAX))
    if pending_grant(member, office) is not None:
        raise GrantError(_l("มีคำขอที่รอการพิจารณาอยู่แล้ว"))
    grant = NationalCaseGrant(user_id=member.id, office_id=office.id, reason=reason)
    db.session.add(grant)
    db.session.flush()
    log(member, office, "grant_requested", grant=grant.id, reason=reason)
    for director in directors_of(office):
        enqueue_staff_email(
            office,
            director.email,
            "national_grant_requested",
            _l("คำขอดูเรื่องร้องเรียนจากผู้ดูแลระดับประเทศ"),
            "th",
            user=director,
            member=member,
            reason=reason,
            review_url=public_url("national.requests", office=office),
        )
    return grant


def directors_of(office: Office) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(
                User.office_id == office.id, User.active.is_(True), UserRole.role == Role.DIRECTOR
            )
            .order_by(User.id)
        )
    )


def decide_grant(director: User, grant: NationalCaseGrant, confirm: bool) -> None:
    """The office's director confirms or declines; the member can never decide their own."""
    if (
        grant.status is not GrantStatus.PENDING
        or director.id == grant.user_id
        or director.office_id != grant.office_id
        or not director.has_role(Role.DIRECTOR)
    ):
        raise GrantError(_l("ท่านพิจารณาคำขอนี้ไม่ได้"))
    now = utcnow()
    grant.status = GrantStatus.CONFIRMED if confirm else GrantStatus.DECLINED
    grant.decided_by_id, grant.decided_at = director.id, now
    if confirm:
        grant.expires_at = now + timedelta(days=GRANT_DAYS)
    log(
        director,
        grant.office,
        "grant_confirmed" if confirm else "grant_declined",
        grant=grant.id,
        member=grant.user.email,
    )


def revoke_grant(director: User, grant: NationalCaseGrant) -> None:
    if director.office_id != grant.office_id or not director.has_role(Role.DIRECTOR):
        raise GrantError(_l("ท่านพิจารณาคำขอนี้ไม่ได้"))
    grant.expires_at = utcnow()
    log(director, grant.office, "grant_revoked", grant=grant.id)


def pending_grant(member: User, office: Office) -> NationalCaseGrant | None:
    return db.session.scalar(
        select(NationalCaseGrant).where(
            NationalCaseGrant.user_id == member.id,
            NationalCaseGrant.office_id == office.id,
            NationalCaseGrant.status == GrantStatus.PENDING,
        )
    )


def active_grant(member: User, office: Office) -> NationalCaseGrant | None:
    """The confirmed, unexpired grant of ``member`` in ``office``, if any."""
    if not is_member(member):
        return None
    return db.session.scalar(
        select(NationalCaseGrant)
        .where(
            NationalCaseGrant.user_id == member.id,
            NationalCaseGrant.office_id == office.id,
            NationalCaseGrant.status == GrantStatus.CONFIRMED,
            NationalCaseGrant.expires_at > utcnow(),
        )
        .limit(1)
    )


def requests_for(office: Office) -> list[NationalCaseGrant]:
    return list(
        db.session.scalars(
            select(NationalCaseGrant)
            .where(NationalCaseGrant.office_id == office.id)
            .order_by(NationalCaseGrant.requested_at.desc())
            .limit(50)
        )
    )
