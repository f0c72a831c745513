"""What the office publishes: outcome summaries of cases and news links, in approved versions."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.enums import CaseType, enum_column


class PublicationKind(enum.StrEnum):
    OUTCOME = "outcome"  # สรุปผลการดำเนินการ: "you said, we did"
    NEWS = "news"  # a link to the office's news
    # รายงานการมีส่วนร่วม: the ITA participation report (topic, who, outcome, improvement),
    # shown on /ita/participation rather than on the board, and not cross-posted.
    PARTICIPATION = "participation"


class PublicationState(enum.StrEnum):
    DRAFT = "draft"  # never approved: not public
    PUBLISHED = "published"  # on the board with its live version
    WITHDRAWN = "withdrawn"  # taken off the board with a reason


class VersionState(enum.StrEnum):
    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"  # the live version of a published item
    SUPERSEDED = "superseded"  # an approved version replaced by a newer one


class Publication(db.Model):
    """One item of the public board; its text lives in numbered versions."""

    __tablename__ = "publications"

    __table_args__ = (
        # The board's keyset order within an office: newest first.
        Index("ix_publication_board", "office_id", "state", "published_at", "id"),
        # The office's latest change to the board (approval or withdrawal): cached pages'
        # freshness check is one index lookup.
        Index("ix_publication_changes", "office_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    kind: Mapped[PublicationKind] = enum_column(PublicationKind, "kind")
    state: Mapped[PublicationState] = enum_column(
        PublicationState, "state", default=PublicationState.DRAFT
    )
    # An outcome summary belongs to one case; a case has at most one.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # What the board filters on, copied from the case when the summary is drafted.
    case_type: Mapped[CaseType | None] = enum_column(CaseType, "case_type", nullable=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    # The number of the approved version the board shows; 0 until first approved.
    live_number: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The latest change the public sees: an approval or the withdrawal.
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdraw_reason: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))

    versions: Mapped[list[PublicationVersion]] = relationship(
        back_populates="publication", order_by="PublicationVersion.number",
        cascade="all, delete-orphan",
    )
    office: Mapped[Office] = relationship()  # noqa: F821
    case: Mapped[Case | None] = relationship()  # noqa: F821
    author: Mapped[User] = relationship(foreign_keys=[author_id])  # noqa: F821
    school: Mapped[School | None] = relationship()  # noqa: F821
    district: Mapped[District | None] = relationship()  # noqa: F821
    category: Mapped[Category | None] = relationship()  # noqa: F821

    @property
    def live(self) -> PublicationVersion | None:
        return next((v for v in self.versions if v.number == self.live_number), None)

    @property
    def latest(self) -> PublicationVersion:
        return self.versions[-1]

    @property
    def is_public(self) -> bool:
        return self.state is PublicationState.PUBLISHED


class PublicationVersion(db.Model):
    """One text of an item: drafted, checked for personal data, approved by a second person."""

    __tablename__ = "publication_versions"

    __table_args__ = (UniqueConstraint("publication_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[VersionState] = enum_column(VersionState, "state", default=VersionState.DRAFT)
    title: Mapped[str] = mapped_column(String(300))  # a participation report's topic
    body: Mapped[str] = mapped_column(Text)  # a participation report's outcome
    link_url: Mapped[str] = mapped_column(String(500), default="", server_default=text("''"))
    # A news image, cleaned like attachments and stored outside the web root.
    image_key: Mapped[str | None] = mapped_column(String(80))
    image_mimetype: Mapped[str] = mapped_column(String(60), default="", server_default=text("''"))
    image_width: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    image_height: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A participation report's other fields: when it was held, who took part, what improved.
    held_on: Mapped[date | None] = mapped_column(Date)
    participants: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    improvement: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # What the privacy check found at the last save, as JSON [[kind, text], …].
    privacy_flags: Mapped[str] = mapped_column(Text, default="[]", server_default=text("'[]'"))
    # Flags kept on purpose: the findings overridden, by whom, why.
    overridden_flags: Mapped[str] = mapped_column(Text, default="[]", server_default=text("'[]'"))
    override_reason: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    override_at: Mapped[datetime | None] = mapped_column(DateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)

    publication: Mapped[Publication] = relationship(back_populates="versions")
    author: Mapped[User] = relationship(foreign_keys=[author_id])  # noqa: F821
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])  # noqa: F821
    override_by: Mapped[User | None] = relationship(foreign_keys=[override_by_id])  # noqa: F821

    @property
    def is_editable(self) -> bool:
        return self.state in (VersionState.DRAFT, VersionState.AWAITING_APPROVAL)
