"""Transparency reports: a period's report, its published (frozen) versions and their files."""

from __future__ import annotations

import enum
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.enums import enum_column
from portal.models.user import User


class ReportFileKind(enum.StrEnum):
    PDF = "pdf"
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"
    CASES_CSV = "cases_csv"  # the k-anonymous case-level data set for researchers
    CASES_XLSX = "cases_xlsx"  # the same rows, with an "about" sheet
    CASES_JSON = "cases_json"  # the same rows, with the metadata, k and the rows dropped


class ReportViewKind(enum.StrEnum):
    """What of a report's unsuppressed figures a staff member opened."""

    PAGE = "page"
    PDF = "pdf"


class Report(db.Model):
    """One office's report for one period (``2026-10``, ``2026-Q4``, ``fy2569-h1``, ``fy2569``).

    It exists once prepared (the director was told it is ready); it is public only through
    its published versions, which never change.
    """

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("office_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)  # the last day, inclusive
    prepared_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report", order_by="ReportVersion.number", cascade="all, delete-orphan"
    )

    @property
    def latest(self) -> ReportVersion | None:
        return self.versions[-1] if self.versions else None


class ReportVersion(db.Model):
    """A published version: the figures and files exactly as they were published."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    figures_json: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")  # why a correction was published
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_by_name: Mapped[str] = mapped_column(String(200), default="")
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The disclosure rules it was published under (publishing.DISCLOSURE_RULES_VERSION): a
    # version under older rules is no longer served publicly once a newer one replaces it.
    disclosure_rules: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    report: Mapped[Report] = relationship(back_populates="versions")
    files: Mapped[list[ReportFile]] = relationship(
        back_populates="version", order_by="ReportFile.id", cascade="all, delete-orphan"
    )

    @property
    def figures(self) -> dict[str, Any]:
        return json.loads(self.figures_json)

    def file(self, kind: ReportFileKind) -> ReportFile | None:
        return next((f for f in self.files if f.kind is kind), None)


class ReportView(db.Model):
    """One opening of a report's unsuppressed figures by a staff member (page or PDF).

    Rows are only ever inserted: the database refuses UPDATE and DELETE (triggers installed by
    the migration, see ``portal.oversight.append_only``).
    """

    __tablename__ = "report_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    period: Mapped[str] = mapped_column(String(32))
    kind: Mapped[ReportViewKind] = enum_column(ReportViewKind, "kind")
    ip_address: Mapped[str] = mapped_column(String(64), default="", server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    user: Mapped[User] = relationship()


class ReportFile(db.Model):
    """One frozen file of a version (PDF, CSV, XLSX, JSON), kept in the database with it."""

    __tablename__ = "report_files"
    __table_args__ = (UniqueConstraint("version_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"), index=True)
    kind: Mapped[ReportFileKind] = enum_column(ReportFileKind, "kind")
    content_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)

    version: Mapped[ReportVersion] = relationship(back_populates="files")
