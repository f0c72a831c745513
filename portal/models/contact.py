"""A reporter's contact details: personal data, encrypted at rest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.case import Case
from portal.security.crypto import EncryptedText


class ReporterContact(db.Model):
    """Name, phone, e-mail and LINE ID of a case's reporter (each optional)."""

    __tablename__ = "reporter_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    name: Mapped[str | None] = mapped_column(EncryptedText)
    phone: Mapped[str | None] = mapped_column(EncryptedText)
    email: Mapped[str | None] = mapped_column(EncryptedText)
    line_id: Mapped[str | None] = mapped_column(EncryptedText)
    # Consent is only for optional notifications; handling the case is a public task (PDPA s.24(4)).
    notify_by_email: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="contact")

    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.email or self.line_id)
