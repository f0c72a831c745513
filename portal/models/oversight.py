"""Who must not see a case (recusal) and who did see a confidential one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db
from portal.models.enums import CaseViewKind, RecusalReason, enum_column


class Recusal(db.Model):
    """A staff member named in a case, or who declared a conflict, loses access to it."""

    __tablename__ = "recusals"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    reason: Mapped[RecusalReason] = enum_column(RecusalReason, "reason")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CaseView(db.Model):
    """One view of a confidential case by a staff member: opened, or seen in a list or CSV."""

    __tablename__ = "case_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[CaseViewKind] = enum_column(CaseViewKind, "kind", default=CaseViewKind.OPENED,
                                             server_default=text("'opened'"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
