"""Files a reporter or officer attached to a case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.case import Case, CaseEvent
from portal.models.enums import ActorType, enum_column


class Attachment(db.Model):
    """A cleaned file stored outside the web root under a random name."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id"), index=True)
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    mimetype: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[ActorType] = enum_column(ActorType, "uploaded_by")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="attachments")
    event: Mapped[CaseEvent | None] = relationship(back_populates="attachments")

    @property
    def is_image(self) -> bool:
        return self.mimetype.startswith("image/")
