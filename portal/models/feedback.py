"""The reporter's verdict on how their case was handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db


class Satisfaction(db.Model):
    """A 1–5 rating and comment after resolution; one per case, the latest counts."""

    __tablename__ = "satisfaction_ratings"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
