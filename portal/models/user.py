"""Staff accounts and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.enums import enum_column


class Role(enum.StrEnum):
    INTAKE = "intake"
    CASE_OFFICER = "case_officer"
    INTEGRITY = "integrity"
    DIRECTOR = "director"
    PR = "pr"
    ADMIN = "admin"


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

    roles: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan")

    def has_role(self, role: Role) -> bool:
        return any(r.role is role for r in self.roles)


class UserRole(db.Model):
    """One role held by a user; a user may hold several."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[Role] = enum_column(Role, "role", primary_key=True)
