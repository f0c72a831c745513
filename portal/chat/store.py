"""Storing webhook events: one row per event, a redelivered one stored once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from portal.chat.events import StorableEvent
from portal.chat.models import ChatInboundEvent
from portal.clock import utcnow
from portal.extensions import db
from portal.models import ChannelAccount, DeliveryChannel, Office

ACCOUNT_CHANNEL = {
    "line": DeliveryChannel.LINE_BROADCAST,
    "messenger": DeliveryChannel.FACEBOOK_PAGE,
}


def webhook_account(office_code: str, platform: str) -> ChannelAccount | None:
    """The office's account whose secret signs this platform's webhooks (one query)."""
    return db.session.scalar(
        select(ChannelAccount)
        .join(Office, Office.id == ChannelAccount.office_id)
        .where(Office.code == office_code, ChannelAccount.channel == ACCOUNT_CHANNEL[platform])
    )


def store_events(office_id: int, platform: str, events: list[StorableEvent]) -> int:
    """Insert the events not stored before; returns how many were new. Does not commit."""
    if not events:
        return 0
    table = ChatInboundEvent.__table__
    dialect = db.engine.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    rows = [
        {
            "office_id": office_id,
            "platform": platform,
            "event_key": e.key,
            "payload": e.payload,
            "redelivered": e.redelivered,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "received_at": now,
            "last_error": "",
        }
        for e in events
    ]
    statement = (
        insert(table).values(rows).on_conflict_do_nothing(index_elements=["platform", "event_key"])
    )
    return db.session.execute(statement).rowcount or 0
