"""The schools' PR network: who speaks for each school, the PR committee, how they joined."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import utcnow
from portal.extensions import db
from portal.models.enums import enum_column
from portal.models.office import School
from portal.security.crypto import EncryptedText


class CorrespondentKind(enum.StrEnum):
    MAIN = "main"  # ผู้ประสานงานประชาสัมพันธ์ของโรงเรียน
    DEPUTY = "deputy"  # ผู้ประสานงานสำรอง


class CommitteeRole(enum.StrEnum):
    CHAIR = "chair"  # ประธาน
    MEMBER = "member"  # กรรมการ
    SECRETARY = "secretary"  # เลขานุการ


class Correspondent(db.Model):
    """A school's PR correspondent or deputy. Contact details are personal data: encrypted."""

    __tablename__ = "network_correspondents"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    kind: Mapped[CorrespondentKind] = enum_column(CorrespondentKind, "kind")
    name: Mapped[str] = mapped_column(EncryptedText)
    position: Mapped[str | None] = mapped_column(EncryptedText)
    phone: Mapped[str | None] = mapped_column(EncryptedText)
    email: Mapped[str | None] = mapped_column(EncryptedText)
    line_id: Mapped[str | None] = mapped_column(EncryptedText)
    # A keyed hash of the e-mail address: the magic link is asked for by address.
    email_digest: Mapped[str | None] = mapped_column(String(80), index=True)
    # Bumped when the correspondent is replaced or removed: their sessions end.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    joined_at: Mapped[datetime | None] = mapped_column(DateTime)  # by invitation
    # The LINE chat user who confirmed the join with the code in the office's OA: reminders
    # reach them there. The chat's row holds the LINE id (encrypted); this is only its key.
    chat_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("chat_users.id", ondelete="SET NULL"), index=True
    )
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    school: Mapped[School] = relationship()


class SchoolNetworkProfile(db.Model):
    """What the network knows of a school besides its people: its Page, its groups."""

    __tablename__ = "network_school_profiles"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    page_url: Mapped[str] = mapped_column(String(300), default="", server_default=text("''"))
    # The school's own statement that it joined the office's groups, and when it said so.
    joined_groups: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    joined_groups_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CommitteeMember(db.Model):
    """A member of the office's PR committee (คณะกรรมการเครือข่ายประชาสัมพันธ์)."""

    __tablename__ = "network_committee_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    name: Mapped[str] = mapped_column(EncryptedText)
    position: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
    role: Mapped[CommitteeRole] = enum_column(CommitteeRole, "committee_role")
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    phone: Mapped[str | None] = mapped_column(EncryptedText)
    email: Mapped[str | None] = mapped_column(EncryptedText)
    line_id: Mapped[str | None] = mapped_column(EncryptedText)
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date)
    # Active in the network group (the office counts "12 of 19").
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    school: Mapped[School | None] = relationship()


class NetworkChange(db.Model):
    """Every change to the registry: who, what, when. Values are not copied (personal data);
    the names of the fields that changed are."""

    __tablename__ = "network_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    correspondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_correspondents.id", ondelete="SET NULL")
    )
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    subject: Mapped[str] = mapped_column(String(40))  # correspondent, profile, committee, …
    action: Mapped[str] = mapped_column(String(40))  # created, updated, removed, imported, …
    fields: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class Invitation(db.Model):
    """A school's invitation to join: single-use, expiring, revocable."""

    __tablename__ = "network_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    token_digest: Mapped[str] = mapped_column(String(80), unique=True)
    # The token itself, encrypted, so that the letter can be printed again.
    token: Mapped[str] = mapped_column(EncryptedText)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The details typed on the join form wait here, encrypted, for the code: e-mailed, or
    # shown on the page and sent in LINE chat (then the digest is of the office and code).
    pending: Mapped[str | None] = mapped_column(EncryptedText)
    code_digest: Mapped[str | None] = mapped_column(String(80))
    code_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    code_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    school: Mapped[School] = relationship()


class CorrespondentPasskey(db.Model):
    """A passkey a correspondent signs in with instead of the e-mailed link. Only the public
    key is kept. It holds the correspondent's session version when it was made: replacing the
    correspondent (a new person, a new address) ends it as it ends their sessions."""

    __tablename__ = "network_passkeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    correspondent_id: Mapped[int] = mapped_column(
        ForeignKey("network_correspondents.id", ondelete="CASCADE"), index=True
    )
    credential_id: Mapped[str] = mapped_column(String(1400), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    transports: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
    name: Mapped[str] = mapped_column(String(100))
    session_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)


class SignInLink(db.Model):
    """A magic sign-in link e-mailed to a correspondent: single-use, short-lived."""

    __tablename__ = "network_sign_in_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    correspondent_id: Mapped[int] = mapped_column(
        ForeignKey("network_correspondents.id", ondelete="CASCADE"), index=True
    )
    token_digest: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class NewsState(enum.StrEnum):
    SUBMITTED = "submitted"  # waiting for PR
    ACCEPTED = "accepted"  # a draft of the publishing queue, credited to the school
    PUBLISHED = "published"
    RETURNED = "returned"  # sent back to the school with the editor's note


class FacesAnswer(enum.StrEnum):
    NONE = "none"  # no pupil's face can be recognised
    CONSENTED = "consented"  # faces shown, the school holds the guardians' consent
    UNSURE = "unsure"  # the PR officer decides (and may leave the photo out)


class SchoolNews(db.Model):
    """Activity news a school's correspondent sent in."""

    __tablename__ = "network_news"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    correspondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_correspondents.id", ondelete="SET NULL")
    )
    state: Mapped[NewsState] = enum_column(NewsState, "news_state", default=NewsState.SUBMITTED)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    happened_on: Mapped[date] = mapped_column(Date)
    post_url: Mapped[str] = mapped_column(String(500), default="", server_default=text("''"))
    # PDPA: a pupil's image needs a guardian's consent, which the school holds.
    consent_confirmed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    faces: Mapped[FacesAnswer] = enum_column(FacesAnswer, "faces", default=FacesAnswer.NONE)
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    publication_id: Mapped[int | None] = mapped_column(ForeignKey("publications.id"), unique=True)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    photos_checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    photos_checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    editor_note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))

    school: Mapped[School] = relationship()
    photos: Mapped[list[SchoolNewsPhoto]] = relationship(
        order_by="SchoolNewsPhoto.position", cascade="all, delete-orphan"
    )


class SchoolNewsPhoto(db.Model):
    """A photo of a school's news, cleaned like intake attachments, kept outside the web root."""

    __tablename__ = "network_news_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    news_id: Mapped[int] = mapped_column(ForeignKey("network_news.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(80))
    mimetype: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(Integer)


class ShareLink(db.Model):
    """A published item's share-kit link for one school: who opened and shared it, and a
    bare count of the public's clicks (nothing else about them)."""

    __tablename__ = "network_share_links"

    __table_args__ = (UniqueConstraint("publication_id", "school_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    clicks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    opened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_correspondents.id", ondelete="SET NULL")
    )
    shared_at: Mapped[datetime | None] = mapped_column(DateTime)
    shared_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_correspondents.id", ondelete="SET NULL")
    )
    post_url: Mapped[str] = mapped_column(String(500), default="", server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CoverageFigure(db.Model):
    """One coverage figure of one month, kept as a series (Page followers, LINE friends…)."""

    __tablename__ = "network_coverage_figures"

    __table_args__ = (UniqueConstraint("office_id", "month", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    name: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
