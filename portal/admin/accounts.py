"""Staff accounts as the administrator manages them: create, change, deactivate, reset 2FA."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.admin.scope import owned
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import Office, Role, User, UserRole, WorkGroup
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
    password: str  # shown once to the administrator, never stored in clear


def create_user(office: Office, email: str, fields: AccountFields) -> NewAccount:
    """Add a staff member with a generated initial password."""
    email = email.strip().casefold()
    taken = db.session.scalar(select(User.id).where(func.lower(User.email) == email))
    if taken is not None:
        raise CaseError(_l("อีเมลนี้มีผู้ใช้อยู่แล้ว กรุณาใช้อีเมลอื่น"))
    password = generate_password()
    user = User(office_id=office.id, email=email, name=fields.name,
                password_hash=hash_password(password), active=True, session_version=1)
    _apply(user, fields)
    db.session.add(user)
    db.session.flush()
    return NewAccount(user=user, password=password)


def update_user(admin: User, user: User, fields: AccountFields) -> None:
    """Change a staff member's name, roles and work groups."""
    if user.id == admin.id and Role.ADMIN not in fields.roles:
        raise CaseError(_l("ท่านไม่สามารถถอดบทบาทผู้ดูแลระบบของตนเองได้ "
                           "กรุณาให้ผู้ดูแลระบบคนอื่นดำเนินการ"))
    _apply(user, fields)
    db.session.flush()


def deactivate_user(admin: User, user: User) -> None:
    """Stop the account signing in; bumping the session version ends its open sessions."""
    if user.id == admin.id:
        raise CaseError(_l("ท่านไม่สามารถปิดการใช้งานบัญชีของตนเองได้ "
                           "กรุณาให้ผู้ดูแลระบบคนอื่นดำเนินการ"))
    user.active = False
    user.session_version += 1


def reactivate_user(user: User) -> None:
    """Let the account sign in again."""
    user.active = True


def reset_two_factor(admin: User, user: User) -> None:
    """Forget the authenticator (a lost phone); the user enrols again at the next sign-in.

    Open sessions end too: the lost device may still hold one.
    """
    if user.id == admin.id:
        raise CaseError(_l("ท่านไม่สามารถรีเซ็ตการยืนยันตัวตนสองขั้นตอนของตนเองได้ "
                           "กรุณาให้ผู้ดูแลระบบคนอื่นดำเนินการ"))
    user.totp_secret = None
    user.totp_enabled = False
    user.totp_last_step = 0
    user.session_version += 1


def _apply(user: User, fields: AccountFields) -> None:
    if not fields.roles:
        raise CaseError(_l("กรุณาเลือกบทบาทอย่างน้อยหนึ่งบทบาท"))
    groups = [owned(WorkGroup, user.office_id, ident) for ident in fields.work_group_ids]
    if None in groups:
        raise CaseError(_l("ไม่พบกลุ่มงานที่เลือก กรุณาเลือกใหม่"))
    if Role.CASE_OFFICER in fields.roles and not groups:
        raise CaseError(_l("เจ้าหน้าที่ผู้รับผิดชอบเรื่องต้องอยู่ในกลุ่มงานอย่างน้อยหนึ่งกลุ่ม"))
    user.name = fields.name
    wanted = set(fields.roles)
    # Keep the rows of roles that stay: deleting and re-adding one primary key in one flush fails.
    user.roles = [r for r in user.roles if r.role in wanted] + [
        UserRole(role=role) for role in sorted(wanted - user.role_set)]
    user.work_groups = groups
