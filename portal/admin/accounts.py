"""Staff accounts as the administrator manages them: create, change, deactivate, reset 2FA.

Every change goes to the append-only account audit log. The integrity, director, PR and
approver roles are not given here: asking for them opens a request a second person confirms
(``portal.oversight.role_grants``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.admin.scope import owned
from portal.auth.passwords import send_invitation
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import (
    AccountAction,
    Delivery,
    Office,
    Role,
    RoleGrant,
    User,
    UserRole,
    WorkGroup,
)
from portal.oversight.audit import record_account_change, role_values
from portal.oversight.role_grants import SENSITIVE_ROLES, request_role_grant
from portal.security.passwords import generate_password, hash_password


@dataclass
class AccountFields:
    """What an administrator sets on an account."""

    name: str
    roles: list[Role]
    work_group_ids: list[int]


@dataclass
class NewAccount:
    user: User
    invitation: Delivery | None = None  # the set-password e-mail (none from the command line)
    pending_grants: list[RoleGrant] = field(default_factory=list)


def create_user(admin: User | None, office: Office, email: str,
                fields: AccountFields) -> NewAccount:
    """Add a staff member, who sets their own password from a link sent by e-mail.

    The stored password is a random one nobody is shown, so no administrator ever knows a
    colleague's password. ``admin`` None is the command line: the operator sets the password
    there, and the operator's roles are given at once (that is how an office gets its first
    director); from the administration pages, the roles of SENSITIVE_ROLES become requests for
    a second person to confirm.
    """
    email = email.strip().casefold()
    taken = db.session.scalar(select(User.id).where(func.lower(User.email) == email))
    if taken is not None:
        raise CaseError(_l("อีเมลนี้มีผู้ใช้อยู่แล้ว กรุณาใช้อีเมลอื่น"))
    user = User(office_id=office.id, email=email, name=fields.name,
                password_hash=hash_password(generate_password()), active=True, session_version=1)
    granted = set(fields.roles) if admin is None else set(fields.roles) - SENSITIVE_ROLES
    _apply(user, fields, granted)
    db.session.add(user)
    db.session.flush()
    record_account_change(admin, user, AccountAction.CREATED, roles=role_values(granted),
                          groups=_group_names(user))
    pending = [request_role_grant(admin, user, role)
               for role in sorted(set(fields.roles) - granted)]
    invitation = send_invitation(user) if admin is not None else None
    return NewAccount(user=user, invitation=invitation, pending_grants=pending)


def update_user(admin: User, user: User, fields: AccountFields) -> list[RoleGrant]:
    """Change a staff member's name, roles and work groups; returns the grants now awaiting a
    second person (integrity, director, PR or approver roles the account did not hold)."""
    if user.id == admin.id and Role.ADMIN not in fields.roles:
        raise CaseError(_l("ท่านไม่สามารถถอดบทบาทผู้ดูแลระบบของตนเองได้ "
                           "กรุณาให้ผู้ดูแลระบบคนอื่นดำเนินการ"))
    before_roles, before_groups = user.role_set, _group_names(user)
    asked = (set(fields.roles) & SENSITIVE_ROLES) - before_roles
    _apply(user, fields, set(fields.roles) - asked)
    if user.role_set != before_roles:
        record_account_change(admin, user, AccountAction.ROLES_CHANGED,
                              before=role_values(before_roles), after=role_values(user.role_set))
    if _group_names(user) != before_groups:
        record_account_change(admin, user, AccountAction.GROUPS_CHANGED, before=before_groups,
                              after=_group_names(user))
    pending = [request_role_grant(admin, user, role) for role in sorted(asked)]
    db.session.flush()
    return pending


def deactivate_user(admin: User, user: User) -> None:
    """Stop the account signing in; bumping the session version ends its open sessions."""
    if user.id == admin.id:
        raise CaseError(_l("ท่านไม่สามารถปิดการใช้งานบัญชีของตนเองได้ "
                           "กรุณาให้ผู้ดูแลระบบคนอื่นดำเนินการ"))
    user.active = False
    user.session_version += 1
    record_account_change(admin, user, AccountAction.DEACTIVATED)


def reactivate_user(admin: User, user: User) -> None:
    """Let the account sign in again."""
    user.active = True
    record_account_change(admin, user, AccountAction.REACTIVATED)


def reset_two_factor(admin: User, user: User) -> None:
    """Forget the authenticator and passkeys (a lost phone); the user enrols again at the next
    sign-in, and a lock on wrong codes ends.

    Open sessions end too: the lost device may still hold one.
    """
    if user.id == admin.id:
        raise CaseError(_l("ท่านไม่สามารถรีเซ็ตการยืนยันตัวตนสองขั้นตอนของตนเองได้ "
                           "กรุณาให้ผู้ดูแลระบบคนอื่นดำเนินการ"))
    user.totp_secret = None
    user.totp_enabled = False
    user.totp_last_step = 0
    user.passkeys = []
    user.second_factor_failures = 0
    user.second_factor_locked_until = None
    user.session_version += 1
    record_account_change(admin, user, AccountAction.TWO_FACTOR_RESET)


def _apply(user: User, fields: AccountFields, roles: set[Role]) -> None:
    """Name, work groups and ``roles`` (what may be given now, of the ``fields.roles`` asked)."""
    if not fields.roles:
        raise CaseError(_l("กรุณาเลือกบทบาทอย่างน้อยหนึ่งบทบาท"))
    groups = [owned(WorkGroup, user.office_id, ident) for ident in fields.work_group_ids]
    if None in groups:
        raise CaseError(_l("ไม่พบกลุ่มงานที่เลือก กรุณาเลือกใหม่"))
    if Role.CASE_OFFICER in fields.roles and not groups:
        raise CaseError(_l("เจ้าหน้าที่ผู้รับผิดชอบเรื่องต้องอยู่ในกลุ่มงานอย่างน้อยหนึ่งกลุ่ม"))
    user.name = fields.name
    # Keep the rows of roles that stay: deleting and re-adding one primary key in one flush fails.
    user.roles = [r for r in user.roles if r.role in roles] + [
        UserRole(role=role) for role in sorted(roles - user.role_set)]
    user.work_groups = groups


def _group_names(user: User) -> list[str]:
    return sorted(group.name_th for group in user.work_groups)
