"""The delivery outbox: every outgoing message, written with the change that caused it.

E-mail rows carry a recipient, subject and bodies. The reporter's acknowledgement is queued
unrendered: its ``payload`` keeps the template, language and values, and the bodies are
rendered when read (by the worker that sends it, see ``portal.delivery.outbox``); rows queued
before that change keep their rendered bodies. Publication rows (an approved outcome or
news item on a channel) carry the subject they publish (kind, id, version) and the message
frozen as JSON in ``payload``; one row per (subject, version, channel), unique in the schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import (
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
from portal.models.enums import DeliveryAction, DeliveryChannel, DeliveryStatus, enum_column
from portal.security.crypto import EncryptedText

EMPTY = text("''")
CLAIMABLE = "status IN ('pending', 'retrying', 'sending')"


class Delivery(db.Model):
    """One message to send (or post to take down), its attempts and its outcome."""

    __tablename__ = "deliveries"

    __table_args__ = (
        Index("ix_delivery_due", "status", "next_attempt_at"),
        # The rows a worker may claim, in the order it claims them: read in index order up to
        # a batch, not sorted out of every row ever queued (sent rows are most of the table).
        Index("ix_delivery_claimable", "next_attempt_at",
              postgresql_where=text(CLAIMABLE), sqlite_where=text(CLAIMABLE)),
        # NULLs differ in both backends, so e-mail rows (no subject) never collide.
        UniqueConstraint("subject_kind", "subject_id", "version", "channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    channel: Mapped[DeliveryChannel] = enum_column(DeliveryChannel, "channel")
    purpose: Mapped[str] = mapped_column(String(40))  # e.g. "case_acknowledgement"
    recipient: Mapped[str] = mapped_column(EncryptedText)
    subject: Mapped[str] = mapped_column(String(300), default="")
    # The bodies as stored; read them through ``body_text`` and ``body_html``.
    stored_text: Mapped[str] = mapped_column("body_text", Text, default="")
    stored_html: Mapped[str] = mapped_column("body_html", Text, default="")
    # Fixed when the row is written, so a resend after a crash is the same message to readers
    # (e-mail: the Message-ID; LINE: the X-Line-Retry-Key, a UUID).
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[DeliveryStatus] = enum_column(
        DeliveryStatus, "status", default=DeliveryStatus.PENDING
    )
    action: Mapped[DeliveryAction] = enum_column(
        DeliveryAction, "action", default=DeliveryAction.POST, server_default=text("'post'")
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)  # the lease
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    last_error: Mapped[str] = mapped_column(Text, default="")  # Thai, for staff
    error_detail: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)  # technical
    note: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)  # e.g. "dry-run"
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    # Publication rows only.
    subject_kind: Mapped[str | None] = mapped_column(String(20))  # "outcome", "news"
    subject_id: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)  # frozen JSON
    remote_id: Mapped[str | None] = mapped_column(String(200))  # Facebook post id, LINE request
    permalink: Mapped[str] = mapped_column(String(500), default="", server_default=EMPTY)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)  # the remote post deleted
    # Facebook post rows: the claim of the first request that may have made a post whose id
    # we never learnt (an answer lost, a worker killed); None once the post is identified or
    # found absent. Nothing is cancelled while it is set without looking for that post.
    unconfirmed_since: Mapped[datetime | None] = mapped_column(DateTime)
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    shared_at: Mapped[datetime | None] = mapped_column(DateTime)

    # Lets a row be queued with a case not yet flushed (the case's id is set at the flush).
    case: Mapped[Case | None] = relationship()  # noqa: F821

    @property
    def body_text(self) -> str:
        return self._bodies()[0]

    @body_text.setter
    def body_text(self, value: str) -> None:
        self.stored_text = value

    @property
    def body_html(self) -> str:
        return self._bodies()[1]

    @body_html.setter
    def body_html(self, value: str) -> None:
        self.stored_html = value

    @property
    def is_deferred_email(self) -> bool:
        """An e-mail queued as template and values, rendered when it is read."""
        return self.channel is DeliveryChannel.EMAIL and not self.stored_text and bool(
            self.payload)

    def _bodies(self) -> tuple[str, str]:
        if not self.is_deferred_email:
            return self.stored_text or "", self.stored_html or ""
        rendered = self.__dict__.get("_rendered")
        if rendered is None or rendered[0] != self.payload:
            if not _RENDERERS:
                raise RuntimeError("no e-mail renderer: portal.delivery.outbox.init_app")
            rendered = (self.payload, *_RENDERERS[0](self))
            self.__dict__["_rendered"] = rendered
        return rendered[1], rendered[2]

    @property
    def message(self) -> dict[str, Any]:
        """The frozen payload: title, text, link, reference, image_url."""
        return json.loads(self.payload) if self.payload else {}

    @property
    def is_publication(self) -> bool:
        return self.subject_kind is not None


# How a deferred e-mail (template and values) becomes its text and HTML: the delivery
# package registers it (portal.delivery.outbox.init_app), so this model imports no service.
_RENDERERS: list[Callable[[Delivery], tuple[str, str]]] = []


def set_deferred_renderer(renderer: Callable[[Delivery], tuple[str, str]]) -> None:
    _RENDERERS[:] = [renderer]
