"""The delivery outbox: every outgoing message, written with the change that caused it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db
from portal.models.enums import DeliveryChannel, DeliveryStatus, enum_column
from portal.security.crypto import EncryptedText


class Delivery(db.Model):
    """One message to send, its attempts and its outcome."""

    __tablename__ = "deliveries"

    __table_args__ = (Index("ix_delivery_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    channel: Mapped[DeliveryChannel] = enum_column(DeliveryChannel, "channel")
    purpose: Mapped[str] = mapped_column(String(40))  # e.g. "case_acknowledgement"
    recipient: Mapped[str] = mapped_column(EncryptedText)
    subject: Mapped[str] = mapped_column(String(300), default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # Fixed when the row is written, so a resend after a crash is the same message to readers.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[DeliveryStatus] = enum_column(
        DeliveryStatus, "status", default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
