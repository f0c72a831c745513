"""The tenant (a service area office) and its reference data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.enums import CaseType, enum_column


class Office(db.Model):
    """A service area office (สพป.); every other row belongs to one."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    hostname: Mapped[str | None] = mapped_column(String(200), unique=True)
    address_th: Mapped[str] = mapped_column(Text, default="")
    address_en: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    # Contact channels shown to the public: telephone, e-mail, LINE Official Account, Facebook.
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    line_id: Mapped[str] = mapped_column(String(40), default="", server_default=text("''"))
    dpo_contact: Mapped[str] = mapped_column(Text, default="")
    dpo_contact_en: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    facebook_url: Mapped[str] = mapped_column(String(300), default="")
    reply_due_days: Mapped[int] = mapped_column(Integer, default=15)
    retention_years: Mapped[int] = mapped_column(Integer, default=5)
    # Raised whenever the office, its policies, holidays, categories, schools or work groups
    # change (portal.tenancy_settings): server processes keep those per version.
    settings_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # Raised whenever a category, district, school, work group or staff member of any office
    # changes (portal.staff.option_cache): cached option lists older than it are rebuilt.
    choices_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    province_th: Mapped[str] = mapped_column(String(100), default="", server_default=text("''"))
    # An archived office takes no new case; everything it holds stays readable.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)

    districts: Mapped[list[District]] = relationship(back_populates="office")

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_th

    def address(self, locale: str) -> str:
        return self.address_en if locale == "en" and self.address_en else self.address_th

    def dpo(self, locale: str) -> str:
        return self.dpo_contact_en if locale == "en" and self.dpo_contact_en else self.dpo_contact

    @property
    def line_url(self) -> str:
        """LINE's add-friend link for the office's Official Account, or ""."""
        return f"https://line.me/R/ti/p/{self.line_id}" if self.line_id else ""


class District(db.Model):
    """An อำเภอ served by the office."""

    __tablename__ = "districts"

    __table_args__ = (UniqueConstraint("office_id", "name_th"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    code: Mapped[str] = mapped_column(String(8), default="")  # DOPA code, e.g. 4802
    name_th: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")

    office: Mapped[Office] = relationship(back_populates="districts")
    schools: Mapped[list[School]] = relationship(back_populates="district")

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_th


class School(db.Model):
    """A school under the office."""

    __tablename__ = "schools"

    __table_args__ = (UniqueConstraint("office_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))  # Ministry school code
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    district: Mapped[District | None] = relationship(back_populates="schools")

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_th


class WorkGroup(db.Model):
    """A กลุ่มงาน of the office."""

    __tablename__ = "work_groups"

    __table_args__ = (UniqueConstraint("office_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    # The legal affairs group handles corruption reports in a service area office.
    receives_corruption: Mapped[bool] = mapped_column(Boolean, default=False)

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_th


class Category(db.Model):
    """A category within one case type, routed to a work group."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    case_type: Mapped[CaseType] = enum_column(CaseType, "case_type")
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    work_group_id: Mapped[int | None] = mapped_column(ForeignKey("work_groups.id"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    work_group: Mapped[WorkGroup | None] = relationship()

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_th
