"""The national role: its members, the case grants offices give them, their log, and the
cached rollups of the national figures."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.enums import GrantStatus, enum_column
from portal.models.office import Office
from portal.models.user import User


class NationalMember(db.Model):
    """A staff account that sees figures across offices and manages offices; no case."""

    __tablename__ = "national_members"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship()


class NationalCaseGrant(db.Model):
    """A national member's request to read an office's cases, decided by that office's
    director (a second person): read-only, general cases only, until it expires."""

    __tablename__ = "national_case_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[GrantStatus] = enum_column(GrantStatus, "status", default=GrantStatus.PENDING,
                                              server_default=text("'pending'"))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    office: Mapped[Office] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class NationalLogEntry(db.Model):
    """One act of a national member, or on one. Append-only (see ``portal.oversight``)."""

    __tablename__ = "national_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class NationalRollup(db.Model):
    """One office's public figures for one period, as the national page shows them."""

    __tablename__ = "national_rollups"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    period: Mapped[str] = mapped_column(String(32), primary_key=True)
    figures_json: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
