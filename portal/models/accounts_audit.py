"""The account audit log (append-only), second-person role grants, and one-time marks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.enums import AccountAction, GrantStatus, OneTimePurpose, enum_column
from portal.models.user import Role, User


class AccountAuditEntry(db.Model):
    """One change to a staff account. Rows are only ever inserted: the database refuses
    UPDATE and DELETE (triggers installed by the migration, see ``portal.oversight``)."""

    __tablename__ = "account_audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    # None when the change came from the command line (the operator, not a signed-in user).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    target_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[AccountAction] = enum_column(AccountAction, "action")
    # What changed, as JSON text (e.g. {"before": [...], "after": [...]}): written once, read
    # by the director's page.
    detail: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    target: Mapped[User] = relationship(foreign_keys=[target_id])


class RoleGrant(db.Model):
    """An administrator's request to give someone the integrity, director, PR or approver role.

    The role is added only when a second person (the director or an integrity officer, neither
    the requester nor the person receiving it) confirms.
    """

    __tablename__ = "role_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = enum_column(Role, "role")
    status: Mapped[GrantStatus] = enum_column(GrantStatus, "status", default=GrantStatus.PENDING,
                                              server_default=text("'pending'"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class OneTimeMark(db.Model):
    """A secret that may be shown until this row is spent (deleted); the session only points
    here, so replaying an old session cookie shows nothing once the mark is gone."""

    __tablename__ = "one_time_marks"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[OneTimePurpose] = enum_column(OneTimePurpose, "purpose")
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
