"""An office's accounts on the channels the worker posts to, and what its posts earned."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import utcnow
from portal.extensions import db
from portal.models.enums import DeliveryChannel, enum_column
from portal.security.crypto import EncryptedText

EMPTY = text("''")


class ChannelAccount(db.Model):
    """The Facebook Page or LINE Official Account of one office.

    Tokens and secrets are encrypted at rest and never shown again; the admin page only says
    whether one is set.
    """

    __tablename__ = "channel_accounts"

    __table_args__ = (UniqueConstraint("office_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    channel: Mapped[DeliveryChannel] = enum_column(DeliveryChannel, "channel")
    page_id: Mapped[str] = mapped_column(String(64), default="", server_default=EMPTY)  # Facebook
    access_token: Mapped[str | None] = mapped_column(EncryptedText)
    secret: Mapped[str | None] = mapped_column(EncryptedText)  # FB app secret, LINE channel secret
    display_name: Mapped[str] = mapped_column(String(200), default="", server_default=EMPTY)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    paused_by_error: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    paused_at: Mapped[datetime | None] = mapped_column(DateTime)
    throttled_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    error_detail: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    credentials_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    engagement_read_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def configured(self) -> bool:
        """Set up enough to post: a token (and a page id for Facebook), or dry-run."""
        if self.dry_run:
            return True
        if self.channel is DeliveryChannel.FACEBOOK_PAGE:
            return bool(self.page_id and self.access_token)
        return bool(self.access_token)


class PostEngagement(db.Model):
    """Reactions, comments and shares of one Facebook post, read once a day."""

    __tablename__ = "post_engagements"

    __table_args__ = (UniqueConstraint("delivery_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id"), index=True)
    day: Mapped[date] = mapped_column(Date)  # Bangkok calendar day of the reading
    reactions: Mapped[int] = mapped_column(Integer, default=0)
    comments: Mapped[int] = mapped_column(Integer, default=0)
    shares: Mapped[int] = mapped_column(Integer, default=0)
    read_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
