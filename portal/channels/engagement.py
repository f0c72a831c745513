"""Once a day: reactions, comments and shares of the page's posts younger than 28 days.

Kept per post and day for the monthly reports. A failed reading is logged and skipped; it
never holds up sending.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from portal.channels.clients import facebook_for
from portal.channels.errors import ChannelError
from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.models import (
    ChannelAccount,
    Delivery,
    DeliveryAction,
    DeliveryChannel,
    DeliveryStatus,
    PostEngagement,
)

WINDOW = timedelta(days=28)


def read_engagement_if_due(today: date | None = None) -> int:
    """Read each live Facebook account's figures if not yet read today; returns posts read."""
    today = today or to_local(utcnow()).date()
    accounts = db.session.scalars(select(ChannelAccount).where(
        ChannelAccount.channel == DeliveryChannel.FACEBOOK_PAGE,
        ChannelAccount.dry_run.is_(False), ChannelAccount.paused.is_(False))).all()
    read = 0
    for account in accounts:
        if not account.configured or account.engagement_read_on == today:
            continue
        account.engagement_read_on = today  # once a day, whatever happens below
        read += read_account_engagement(account, today)
    return read


def read_account_engagement(account: ChannelAccount, today: date) -> int:
    rows = db.session.scalars(select(Delivery).where(
        Delivery.office_id == account.office_id,
        Delivery.channel == DeliveryChannel.FACEBOOK_PAGE,
        Delivery.status == DeliveryStatus.SENT, Delivery.action == DeliveryAction.POST,
        Delivery.remote_id.is_not(None), Delivery.removed_at.is_(None),
        Delivery.sent_at >= utcnow() - WINDOW).order_by(Delivery.id)).all()
    latest = {row.remote_id: row for row in rows}  # an edited post: the newest version's row
    page = facebook_for(account)
    read = 0
    for remote_id, row in latest.items():
        try:
            figures = page.engagement(remote_id)
        except ChannelError as exc:
            current_app.logger.warning("engagement of post %s not read: %s", remote_id, exc)
            continue
        record = db.session.scalar(select(PostEngagement).where(
            PostEngagement.delivery_id == row.id, PostEngagement.day == today))
        if record is None:
            record = PostEngagement(office_id=row.office_id, delivery_id=row.id, day=today)
            db.session.add(record)
        record.reactions, record.comments = figures.reactions, figures.comments
        record.shares, record.read_at = figures.shares, utcnow()
        read += 1
    return read
