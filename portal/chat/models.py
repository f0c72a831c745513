"""Chat intake's tables: events as received, the people who write, their cases, replies to send.

Everything a chat user typed or is (their LINE or Messenger id, display name, the draft of a
case) is personal data and encrypted at rest like a reporter's contact details; the id is
found again by a keyed hash (``user_key``), never by the id itself.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db
from portal.security.crypto import EncryptedText

EMPTY = text("''")
PLATFORMS = ("line", "messenger")


class ChatInboundEvent(db.Model):
    """One webhook event, stored before the webhook answers; the worker processes it once.

    ``event_key`` is LINE's ``webhookEventId`` or Messenger's ``mid``: a redelivery of the
    same event hits the unique key and is not stored again.
    """

    __tablename__ = "chat_inbound_events"
    __table_args__ = (
        UniqueConstraint("platform", "event_key"),
        Index("ix_chat_inbound_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_key: Mapped[str] = mapped_column(String(120))
    payload: Mapped[str] = mapped_column(EncryptedText)  # the event's JSON, as received
    redelivered: Mapped[bool] = mapped_column(Boolean, default=False)
    # pending → processing (leased) → done | failed
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    last_error: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    # The reporter message this event became, if any: the timeline shows it came by chat.
    case_event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id"), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The retention purge emptied the payload (portal.privacy.purge): "{}" from then on.
    purged_at: Mapped[datetime | None] = mapped_column(DateTime)


class ChatUser(db.Model):
    """A person (or, ignored, a group) writing to the office's LINE OA or Messenger Page,
    and where their conversation stands."""

    __tablename__ = "chat_users"
    __table_args__ = (UniqueConstraint("office_id", "platform", "user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_key: Mapped[str] = mapped_column(String(64))  # HMAC of the platform's id
    user_id: Mapped[str] = mapped_column(EncryptedText)  # LINE userId / Messenger PSID
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    display_name: Mapped[str | None] = mapped_column(EncryptedText)
    state: Mapped[str] = mapped_column(String(32), default="idle")
    draft: Mapped[str | None] = mapped_column(EncryptedText)  # JSON of the case being filed
    state_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_inbound_at: Mapped[datetime | None] = mapped_column(DateTime)  # Messenger's window
    greeted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Limits: events in the current minute, cases filed on the current (UTC) day.
    window_started_at: Mapped[datetime | None] = mapped_column(DateTime)
    window_events: Mapped[int] = mapped_column(Integer, default=0)
    limit_warned: Mapped[bool] = mapped_column(Boolean, default=False)
    cases_day: Mapped[str] = mapped_column(String(10), default="", server_default=EMPTY)
    cases_today: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The retention purge removed the id, name and draft (portal.privacy.purge).
    purged_at: Mapped[datetime | None] = mapped_column(DateTime)


class ChatCase(db.Model):
    """A case filed in, or followed through, a chat: where its replies go."""

    __tablename__ = "chat_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    chat_user_id: Mapped[int] = mapped_column(ForeignKey("chat_users.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ChatOutgoing(db.Model):
    """A message to one chat user, written in the transaction that caused it; sent by the
    worker (LINE: reply token while valid, else push with ``retry_key``; Messenger: Send API
    inside its windows)."""

    __tablename__ = "chat_outgoing"
    __table_args__ = (Index("ix_chat_outgoing_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    chat_user_id: Mapped[int] = mapped_column(ForeignKey("chat_users.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(String(40))  # "conversation", "case_replied" …
    messages: Mapped[str] = mapped_column(EncryptedText)  # JSON list of {text, quick}
    reply_token: Mapped[str | None] = mapped_column(EncryptedText)
    reply_token_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    retry_key: Mapped[str] = mapped_column(String(36), unique=True)  # X-Line-Retry-Key
    # pending → sending (leased) → sent | retrying | failed | undeliverable
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    sent_via: Mapped[str] = mapped_column(String(16), default="", server_default=EMPTY)
    last_error: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The retention purge emptied the messages and reply token (portal.privacy.purge).
    purged_at: Mapped[datetime | None] = mapped_column(DateTime)


class ChatChannelSettings(db.Model):
    """What chat adds to an office's LINE OA or Page account (its token and secret stay on
    the channel account): the Messenger verify token, LINE's monthly push quota and use."""

    __tablename__ = "chat_channel_settings"
    __table_args__ = (UniqueConstraint("office_id", "platform"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    verify_token: Mapped[str | None] = mapped_column(EncryptedText)  # Messenger handshake
    push_quota: Mapped[int] = mapped_column(Integer, default=0)  # messages a month; 0: none
    push_month: Mapped[str] = mapped_column(String(7), default="", server_default=EMPTY)
    push_used: Mapped[int] = mapped_column(Integer, default=0)
    rich_menu_id: Mapped[str] = mapped_column(String(100), default="", server_default=EMPTY)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
