"""Giving the integrity, director, PR or approver role takes two people.

Integrity and director open corruption reports and the identities of their reporters; PR
drafts news and the approver (like the director) approves what is published, so one
administrator holding the power to give those roles could otherwise publish alone. An
administrator may ask for any of them to be given (to anyone, themselves included), but the
role is added only when the director or an existing integrity officer — not the one who
asked, not the one receiving it — confirms. Taking a role away needs no second person: it
narrows access. Every step is in the account audit log. An office with nobody in either
confirming role yet gets its first one from the command line (``flask create-user``), which
the operator runs on the server.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from portal.cases.errors import CaseError
from portal.clock import utcnow
from portal.extensions import db
from portal.models import AccountAction, GrantStatus, Office, Role, RoleGrant, User, UserRole
from portal.oversight.audit import record_account_change, role_values

# Confidential access (integrity, director) and publishing (PR drafts news; the director and
# approvers approve it: see portal.publishing.rules).
SENSITIVE_ROLES = frozenset({Role.INTEGRITY, Role.DIRECTOR, Role.PR, Role.APPROVER})
CONFIRMING_ROLES = frozenset({Role.INTEGRITY, Role.DIRECTOR})


def request_role_grant(requester: User, user: User, role: Role) -> RoleGrant:
    """Ask for ``role`` to be given to ``user``; an open request for the same is reused."""
    pending = db.session.scalar(select(RoleGrant).where(
        RoleGrant.user_id == user.id, RoleGrant.role == role,
        RoleGrant.status == GrantStatus.PENDING))
    if pending is not None:
        return pending
    grant = RoleGrant(office_id=user.office_id, user_id=user.id, role=role,
                      requested_by_id=requester.id, status=GrantStatus.PENDING)
    db.session.add(grant)
    db.session.flush()
    record_account_change(requester, user, AccountAction.GRANT_REQUESTED, role=str(role),
                          grant=grant.id)
    return grant


def may_decide(person: User, grant: RoleGrant) -> bool:
    """The director or an integrity officer of the office, neither asker nor receiver."""
    return (person.active and person.office_id == grant.office_id
            and bool(person.role_set & CONFIRMING_ROLES)
            and person.id not in (grant.requested_by_id, grant.user_id)
            and grant.status is GrantStatus.PENDING)


def confirm_role_grant(person: User, grant: RoleGrant) -> None:
    """Give the role; refused unless ``person`` may decide. The caller commits."""
    _decide(person, grant, GrantStatus.CONFIRMED)
    user = grant.user
    before = role_values(user.role_set)
    if grant.role not in user.role_set:
        user.roles.append(UserRole(role=grant.role))
    record_account_change(person, user, AccountAction.GRANT_CONFIRMED, role=str(grant.role),
                          grant=grant.id, requested_by=grant.requested_by_id,
                          before=before, after=role_values(user.role_set))


def decline_role_grant(person: User, grant: RoleGrant) -> None:
    _decide(person, grant, GrantStatus.DECLINED)
    record_account_change(person, grant.user, AccountAction.GRANT_DECLINED,
                          role=str(grant.role), grant=grant.id,
                          requested_by=grant.requested_by_id)


def pending_grants(office: Office) -> list[RoleGrant]:
    return list(db.session.scalars(
        select(RoleGrant).where(RoleGrant.office_id == office.id,
                                RoleGrant.status == GrantStatus.PENDING)
        .options(selectinload(RoleGrant.user), selectinload(RoleGrant.requested_by))
        .order_by(RoleGrant.requested_at)))


def pending_grants_for(user: User) -> list[RoleGrant]:
    return list(db.session.scalars(
        select(RoleGrant).where(RoleGrant.user_id == user.id,
                                RoleGrant.status == GrantStatus.PENDING)
        .order_by(RoleGrant.role)))


def _decide(person: User, grant: RoleGrant, outcome: GrantStatus) -> None:
    if not may_decide(person, grant):
        raise CaseError(_l("ท่านยืนยันคำขอนี้ไม่ได้ ผู้ยืนยันต้องเป็นผู้อำนวยการหรือผู้รับผิดชอบ"
                           "เรื่องทุจริต และไม่ใช่ผู้ขอหรือผู้ได้รับบทบาท"))
    # Conditional on still pending: of two people deciding at once, one decides.
    decided = db.session.execute(
        update(RoleGrant).where(RoleGrant.id == grant.id,
                                RoleGrant.status == GrantStatus.PENDING)
        .values(status=outcome, decided_by_id=person.id, decided_at=utcnow())
        .execution_options(synchronize_session=False))
    if decided.rowcount != 1:
        raise CaseError(_l("คำขอนี้มีผู้ตัดสินแล้ว"))
    db.session.refresh(grant)
