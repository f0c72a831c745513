"""Per-office rules the administrator sets: deadlines, holidays, response templates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.enums import CaseType, enum_column


class DeadlinePolicy(db.Model):
    """Deadlines for one case type; defaults follow the Thai rules (DESIGN §9)."""

    __tablename__ = "deadline_policies"
    __table_args__ = (UniqueConstraint("office_id", "case_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    case_type: Mapped[CaseType] = enum_column(CaseType, "case_type")
    reply_days: Mapped[int] = mapped_column(Integer, default=15)
    acknowledge_days: Mapped[int] = mapped_column(Integer, default=3)
    first_reminder_day: Mapped[int] = mapped_column(Integer, default=10)
    second_reminder_day: Mapped[int] = mapped_column(Integer, default=15)
    reporter_completion_days: Mapped[int] = mapped_column(Integer, default=7)
    feedback_days: Mapped[int] = mapped_column(Integer, default=15)
    working_days: Mapped[bool] = mapped_column(Boolean, default=False)


class Holiday(db.Model):
    """A public holiday of the office's calendar (for working-day deadlines)."""

    __tablename__ = "holidays"
    __table_args__ = (UniqueConstraint("office_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))


class ResponseTemplate(db.Model):
    """A reply staff can start from; ``{number}``, ``{subject}``, ``{office}`` are filled in."""

    __tablename__ = "response_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
