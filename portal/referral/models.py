"""The record of one case transferred from one office to another."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.case import Case
from portal.models.office import Office


class CaseTransfer(db.Model):
    """Case ``from_case`` of ``from_office`` became ``to_case`` of ``to_office``.

    ``from_number`` and ``receipt_hash`` keep the reporter's receipt working at the new office:
    the hash was made with the old number, so only the old number with the old receipt opens
    the new case. The reasons and the counts are the log of the move.
    """

    __tablename__ = "case_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    to_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    from_office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    to_office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    from_number: Mapped[str] = mapped_column(String(32), index=True)
    receipt_hash: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    actor_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    files_copied: Mapped[int] = mapped_column(Integer, default=0)
    events_copied: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    from_case: Mapped[Case] = relationship(foreign_keys=[from_case_id])
    to_case: Mapped[Case] = relationship(foreign_keys=[to_case_id])
    from_office: Mapped[Office] = relationship(foreign_keys=[from_office_id])
    to_office: Mapped[Office] = relationship(foreign_keys=[to_office_id])
