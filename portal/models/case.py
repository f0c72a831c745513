"""A case (เรื่อง) and its timeline."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    inspect,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.enums import (
    ActorType,
    CaseStatus,
    CaseType,
    Channel,
    DeclineReason,
    EventKind,
    Outcome,
    Priority,
    Visibility,
    enum_column,
)
from portal.models.office import Category, Office, School, WorkGroup

OPEN_STATUSES = (
    CaseStatus.NEW,
    CaseStatus.ACKNOWLEDGED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.AWAITING_REPORTER,
)

# The columns of ix_case_report_cohort, in order (migrations c4e7a2f9b13d, b8c1d4e7f2a6).
REPORT_INDEX_COLUMNS = (
    "office_id", "original_received_on", "received_at", "case_type", "status", "channel",
    "outcome", "decline_reason", "category_id", "school_id", "disputed_count",
    "reopened_count", "reply_due_at", "reporter_informed_at", "paused_since",
    "acknowledged_at", "resolved_at", "confidential", "confidential_since", "general_type",
    "general_category_id",
)


def _received_at(context) -> datetime:
    """A case's first activity is its arrival (its first timeline entry moves it on)."""
    return context.get_current_parameters().get("received_at") or utcnow()


class Case(db.Model):
    """One voice: a complaint, suggestion, question, compliment or corruption report."""

    __tablename__ = "cases"

    __table_args__ = (
        Index("ix_case_office_status_due", "office_id", "status", "reply_due_at"),
        # The reports count a period's cases by arrival time or by their original date
        # (portal.reports.sql.cohort). The second index leads with both dates, so each of the
        # cohort's two branches is one range, and covers every column the report's aggregates
        # read: a month or a fiscal year is counted without reading the wide case rows.
        Index("ix_case_office_received", "office_id", "received_at"),
        Index("ix_case_report_cohort", *REPORT_INDEX_COLUMNS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    # The old values are loaded on change: going confidential keeps them (general_type).
    case_type: Mapped[CaseType] = enum_column(CaseType, "case_type", active_history=True)
    status: Mapped[CaseStatus] = enum_column(CaseStatus, "status", default=CaseStatus.NEW)
    channel: Mapped[Channel] = enum_column(Channel, "channel", default=Channel.WEB)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"),
                                                    active_history=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    work_group_id: Mapped[int | None] = mapped_column(ForeignKey("work_groups.id"), index=True)
    place_text: Mapped[str] = mapped_column(String(300), default="")
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    occurred_on: Mapped[date | None] = mapped_column(Date)
    # Evidence fields of the corruption stream (who, witnesses); what/when/where are above.
    respondent: Mapped[str] = mapped_column(String(300), default="")
    witnesses: Mapped[str] = mapped_column(Text, default="")
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    # When it went on the confidential track (set by the listeners below; never cleared),
    # and the type and category it had in the general stream before, if it was there:
    # reports keep counting it so in months already published (portal/reports/README.md).
    confidential_since: Mapped[datetime | None] = mapped_column(DateTime)
    general_type: Mapped[str | None] = mapped_column(String(32))
    general_category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    locale: Mapped[str] = mapped_column(String(8), default="th")
    receipt_hash: Mapped[str] = mapped_column(String(200))
    content_digest: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    reply_due_at: Mapped[datetime] = mapped_column(DateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    reporter_informed_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    priority: Mapped[Priority] = enum_column(
        Priority, "priority", default=Priority.NORMAL, server_default=text("'normal'")
    )
    # When the original arrived by phone, letter, walk-in …; the statistics count from it.
    original_received_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[Outcome | None] = enum_column(Outcome, "outcome", nullable=True)
    decline_reason: Mapped[DeclineReason | None] = enum_column(
        DeclineReason, "decline_reason", nullable=True
    )
    referred_to: Mapped[str] = mapped_column(String(300), default="",
                                             server_default=text("''"))
    # The deadline clock pauses while the reporter is asked for information.
    paused_since: Mapped[datetime | None] = mapped_column(DateTime)
    reporter_due_at: Mapped[datetime | None] = mapped_column(DateTime)
    reopened_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    disputed_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    feedback_due_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The latest timeline entry of any kind, and the latest the reporter wrote after submitting
    # (a message, a dispute, a confirmation, a rating); kept by portal.cases.activity.
    last_activity_at: Mapped[datetime] = mapped_column(DateTime, default=_received_at)
    reporter_activity_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Optimistic locking: an update based on a stale copy fails instead of overwriting.
    lock_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": lock_version}
    # Filled by the inbox's query only: the reporter wrote since the reading user last looked.
    new_from_reporter: Mapped[bool | None] = query_expression()

    office: Mapped[Office] = relationship()
    category: Mapped[Category | None] = relationship(foreign_keys=[category_id])
    school: Mapped[School | None] = relationship()
    work_group: Mapped[WorkGroup | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])  # noqa: F821
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[Attachment]] = relationship(  # noqa: F821
        back_populates="case", order_by="Attachment.id", cascade="all, delete-orphan"
    )
    contact: Mapped[ReporterContact | None] = relationship(  # noqa: F821
        back_populates="case", cascade="all, delete-orphan", uselist=False
    )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def verification_code(self) -> str:
        """The first 32 bits of the content digest, as the slip prints it: ``9F3A-07C1``.

        Enough for a reporter and an officer to agree that they speak of the same filing;
        staff see the full digest beside it.
        """
        head = (self.content_digest or "")[:8].upper()
        return f"{head[:4]}-{head[4:]}" if head else ""

    def public_events(self) -> list[CaseEvent]:
        return [e for e in self.events if e.visibility is Visibility.PUBLIC]


class CaseEvent(db.Model):
    """One entry of a case's timeline: who did what, when, and who may see it."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[EventKind] = enum_column(EventKind, "kind")
    actor_type: Mapped[ActorType] = enum_column(ActorType, "actor_type")
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[CaseStatus | None] = enum_column(CaseStatus, "from_status", nullable=True)
    to_status: Mapped[CaseStatus | None] = enum_column(CaseStatus, "to_status", nullable=True)
    body: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[Visibility] = enum_column(
        Visibility, "visibility", default=Visibility.PUBLIC
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="events")
    attachments: Mapped[list[Attachment]] = relationship(  # noqa: F821
        back_populates="event", order_by="Attachment.id"
    )


class CaseCounter(db.Model):
    """The last case number issued per office and Buddhist-era year."""

    __tablename__ = "case_counters"

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    year_be: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class CaseRead(db.Model):
    """When a staff member last opened a case: the inbox marks what the reporter wrote since."""

    __tablename__ = "case_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True, index=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


@event.listens_for(Case.confidential, "set")
def _dated_when_confidential(case: Case, value: bool, old, _initiator) -> None:
    """The first time a stored case becomes confidential is kept: reports read it."""
    if value and old is not True and case.confidential_since is None \
            and inspect(case).persistent:
        case.confidential_since = utcnow()
        state = inspect(case).attrs
        before_type = state.case_type.history.deleted or [case.case_type]
        before_category = state.category_id.history.deleted or [case.category_id]
        if before_type[0] is not CaseType.CORRUPTION:
            case.general_type = CaseType(before_type[0]).value
            case.general_category_id = before_category[0]


@event.listens_for(Case, "before_insert")
def _dated_from_arrival(_mapper, _connection, case: Case) -> None:
    """A case confidential from the start is so from its arrival."""
    if (case.confidential or case.case_type is CaseType.CORRUPTION) \
            and case.confidential_since is None:
        case.confidential_since = case.received_at or utcnow()
