"""PDPA duties: retention schedule, legal holds, the purge log, requests, breaches, the ROPA."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db

# Defaults of the retention schedule, in days after a case ends (README, "Retention").
DEFAULT_RETENTION_DAYS = {
    "contact_days": 730,
    "attachment_days": 730,
    "text_mask_days": 1826,
    "view_log_days": 730,
    "access_log_days": 90,
    "delivery_days": 365,
}


class RetentionSchedule(db.Model):
    """How long an office keeps each kind of personal data, in days."""

    __tablename__ = "retention_schedules"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    contact_days: Mapped[int] = mapped_column(Integer, default=730)
    attachment_days: Mapped[int] = mapped_column(Integer, default=730)
    text_mask_days: Mapped[int] = mapped_column(Integer, default=1826)
    view_log_days: Mapped[int] = mapped_column(Integer, default=730)
    access_log_days: Mapped[int] = mapped_column(Integer, default=90)
    delivery_days: Mapped[int] = mapped_column(Integer, default=365)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class LegalHold(db.Model):
    """A case kept from the purge: an investigation, a court case, the NACC."""

    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reason_kind: Mapped[str] = mapped_column(String(20))  # investigation, court, nacc, other
    reason: Mapped[str] = mapped_column(Text)
    holder: Mapped[str] = mapped_column(String(200))  # who asked for it (a unit, a court)
    placed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    placed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(DateTime)
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class EvidenceMark(db.Model):
    """An attachment kept as evidence beyond the retention period of files."""

    __tablename__ = "evidence_marks"

    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"), primary_key=True)
    marked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    marked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CasePurgeState(db.Model):
    """Which stages of the purge a case has been through, so no case is read twice."""

    __tablename__ = "case_purge_states"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    contacts_at: Mapped[datetime | None] = mapped_column(DateTime)
    files_at: Mapped[datetime | None] = mapped_column(DateTime)
    text_at: Mapped[datetime | None] = mapped_column(DateTime)


class PurgeRun(db.Model):
    """One purge of one office: counts only (the case numbers are in purge_log_entries)."""

    __tablename__ = "purge_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    contacts: Mapped[int] = mapped_column(Integer, default=0)
    attachments: Mapped[int] = mapped_column(Integer, default=0)
    texts: Mapped[int] = mapped_column(Integer, default=0)
    view_logs: Mapped[int] = mapped_column(Integer, default=0)
    access_logs: Mapped[int] = mapped_column(Integer, default=0)
    deliveries: Mapped[int] = mapped_column(Integer, default=0)
    held: Mapped[int] = mapped_column(Integer, default=0)  # due, but under a legal hold
    # Chat identities and chat messages emptied, network people's contact details removed.
    chat_users: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    chat_messages: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    network_contacts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class PurgeLogEntry(db.Model):
    """A case touched by a purge run, and which stage: never any of the data itself."""

    __tablename__ = "purge_log_entries"
    __table_args__ = (Index("ix_purge_log_entries_run", "run_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("purge_runs.id"))
    stage: Mapped[str] = mapped_column(String(20))  # contacts, attachments, text
    case_number: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer, default=1)


class PrivacyRequest(db.Model):
    """A reporter's request under the PDPA: access, correction, erasure or objection."""

    __tablename__ = "privacy_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # access, correction, erasure, objection
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, granted, refused
    reason: Mapped[str] = mapped_column(Text, default="")  # the reporter's words
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    legal_ground: Mapped[str] = mapped_column(Text, default="")  # a refusal's ground
    decision_note: Mapped[str] = mapped_column(Text, default="")


class Breach(db.Model):
    """A suspected personal data breach and what the office decided about it."""

    __tablename__ = "breaches"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    discovered_at: Mapped[datetime] = mapped_column(DateTime)
    occurred_at: Mapped[datetime | None] = mapped_column(DateTime)
    description: Mapped[str] = mapped_column(Text, default="")
    data_kinds: Mapped[str] = mapped_column(Text, default="")
    people_count: Mapped[int] = mapped_column(Integer, default=0)
    risk: Mapped[str] = mapped_column(String(10), default="unknown")  # low, high, unknown
    risk_assessment: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    notify_pdpc: Mapped[bool | None] = mapped_column(Boolean)
    no_notify_reason: Mapped[str] = mapped_column(Text, default="")
    pdpc_notified_at: Mapped[datetime | None] = mapped_column(DateTime)
    notify_people: Mapped[bool | None] = mapped_column(Boolean)
    no_people_reason: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BreachEdit(db.Model):
    """One change to a breach record; the table refuses UPDATE and DELETE (append-only)."""

    __tablename__ = "breach_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("breaches.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changes: Mapped[str] = mapped_column(Text)  # JSON: field → [before, after]
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Processor(db.Model):
    """A data processor or recipient the office uses (mail provider, Facebook, LINE, hosting)."""

    __tablename__ = "data_processors"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    service: Mapped[str] = mapped_column(String(300))
    data_kinds: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    safeguards: Mapped[str] = mapped_column(Text, default="")


class RopaVersion(db.Model):
    """One version of the record of processing (s.39), rebuilt when its inputs change."""

    __tablename__ = "ropa_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)  # JSON
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
