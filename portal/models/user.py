"""Staff accounts, their roles and work groups, and the record of sign-ins."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.enums import enum_column
from portal.models.office import WorkGroup
from portal.security.crypto import EncryptedText


class Role(enum.StrEnum):
    INTAKE = "intake"
    CASE_OFFICER = "case_officer"
    INTEGRITY = "integrity"
    DIRECTOR = "director"
    PR = "pr"
    # Approves what is published, besides the director; the administrator grants it.
    APPROVER = "approver"
    ADMIN = "admin"


# Roles whose holders must sign in with a second factor: every one (issue 17). Any role opens
# personal data, publishes, or gives roles, and most officers sign in on phones anyway.
TWO_FACTOR_ROLES = frozenset(Role)


class User(db.Model):
    """A staff member of one office."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Bumped by a password change or deactivation: every older session stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False,
                                               server_default=false())
    # No code is used twice.
    totp_last_step: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Failed sign-ins are counted per account *and* address in the limiter's storage
    # (portal/auth/limits.py), never on the account alone: a password step anyone can reach.
    # Wrong second-factor codes are counted on the account itself, from every address: only
    # someone who knows the password reaches that step (portal/auth/code_limits.py).
    second_factor_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    second_factor_locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime)

    roles: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan")
    passkeys: Mapped[list[Passkey]] = relationship(cascade="all, delete-orphan",
                                                   order_by="Passkey.id")
    work_groups: Mapped[list[WorkGroup]] = relationship(secondary="work_group_members")

    def has_role(self, *roles: Role) -> bool:
        return any(r.role in roles for r in self.roles)

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.roles)

    @property
    def needs_two_factor(self) -> bool:
        """Every staff account signs in with a second factor (an authenticator or a passkey),
        whatever its roles, even one whose roles all still await a second person."""
        return True

    @property
    def has_second_factor(self) -> bool:
        return self.totp_enabled or bool(self.passkeys)

    # Flask-Login's user protocol.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class UserRole(db.Model):
    """One role held by a user; a user may hold several."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[Role] = enum_column(Role, "role", primary_key=True)


class WorkGroupMember(db.Model):
    """A case officer's membership of a work group."""

    __tablename__ = "work_group_members"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    work_group_id: Mapped[int] = mapped_column(ForeignKey("work_groups.id"), primary_key=True)


class Passkey(db.Model):
    """A WebAuthn credential (a passkey on a phone or a security key) a user signs in with as
    the second factor. Only the public key is kept; the private key never leaves the device."""

    __tablename__ = "passkeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # base64url of the credential id (at most 1023 bytes by the WebAuthn spec).
    credential_id: Mapped[str] = mapped_column(String(1400), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # COSE_Key, as the device gave it
    sign_count: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    transports: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)


class SignInRecord(db.Model):
    """Every sign-in attempt, successful or not."""

    __tablename__ = "sign_in_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    email: Mapped[str] = mapped_column(String(200))
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    success: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(40), default="")  # e.g. bad_password, bad_code
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
