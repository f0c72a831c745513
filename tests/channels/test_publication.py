"""The publication outbox: one row per channel set up, share kits, versions, withdrawal."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from portal.channels.settings import (
    pause_channel,
    save_facebook_credentials,
    save_line_credentials,
    set_enabled,
)
from portal.delivery.publication import (
    PublicationError,
    deliveries_for,
    enqueue_publication,
    mark_shared,
    withdraw_publication,
)
from portal.extensions import db
from portal.models import (
    ChannelAccount,
    Delivery,
    DeliveryAction,
    DeliveryChannel,
    DeliveryStatus,
    Role,
)
from tests.factories import make_user

PAYLOAD = {"title": "ซ่อมห้องน้ำโรงเรียนแล้ว", "text": "ท่านแจ้งว่าห้องน้ำชำรุด เราซ่อมเสร็จแล้ว",
           "link": "https://portal.test/outcomes/7", "reference": "#NP2-2569-000123",
           "image_url": None}


def channels(rows):
    return {r.channel: r.status for r in rows}


def set_up_both(office):
    save_facebook_credentials(office, "1234567890", "PAGE-TOKEN", "")
    save_line_credentials(office, "LINE-TOKEN", "LINE-SECRET")
    db.session.commit()


def test_one_row_per_set_up_channel_and_a_share_kit_each(app, office):
    save_facebook_credentials(office, "1234567890", "PAGE-TOKEN", "APP-SECRET")
    rows = enqueue_publication(office, "outcome", 7, 1, PAYLOAD)
    db.session.commit()
    assert channels(rows) == {
        DeliveryChannel.FACEBOOK_PAGE: DeliveryStatus.PENDING,
        DeliveryChannel.SHARE_PR_GROUP: DeliveryStatus.NEEDS_MANUAL,
        DeliveryChannel.SHARE_SCHOOLS_GROUP: DeliveryStatus.NEEDS_MANUAL,
        DeliveryChannel.SHARE_PROFILE: DeliveryStatus.NEEDS_MANUAL,
    }
    assert json.loads(rows[0].payload) == PAYLOAD
    assert enqueue_publication(office, "outcome", 7, 1, PAYLOAD) == rows  # same version: same rows
    account = db.session.scalar(sa.select(ChannelAccount))
    stored = db.session.execute(sa.text("SELECT access_token, secret FROM channel_accounts")).one()
    assert "PAGE-TOKEN" not in stored[0] and "APP-SECRET" not in stored[1]  # encrypted at rest
    assert account.access_token == "PAGE-TOKEN"


def test_disabled_and_paused_channels(app, office):
    set_up_both(office)
    line = db.session.scalar(sa.select(ChannelAccount).where(
        ChannelAccount.channel == DeliveryChannel.LINE_BROADCAST))
    facebook = db.session.scalar(sa.select(ChannelAccount).where(
        ChannelAccount.channel == DeliveryChannel.FACEBOOK_PAGE))
    set_enabled(line, False)
    pause_channel(facebook, "โทเค็นหมดอายุ", by_error=True)
    rows = enqueue_publication(office, "news", 3, 1, {**PAYLOAD, "reference": "#NP2-NEWS-3"})
    assert channels(rows)[DeliveryChannel.FACEBOOK_PAGE] is DeliveryStatus.PAUSED
    assert DeliveryChannel.LINE_BROADCAST not in channels(rows)
    # New credentials resume the channel: its paused rows are due again.
    save_facebook_credentials(office, "1234567890", "NEW-TOKEN", None)
    db.session.flush()
    db.session.expire_all()
    assert channels(deliveries_for("news", 3))[DeliveryChannel.FACEBOOK_PAGE] \
        is DeliveryStatus.PENDING


def test_the_schema_refuses_a_second_row_for_the_same_version_and_channel(app, office):
    set_up_both(office)
    (row, *_rest) = enqueue_publication(office, "outcome", 9, 1, PAYLOAD)
    db.session.commit()
    db.session.add(Delivery(office_id=office.id, channel=row.channel, purpose="x", recipient="",
                            message_id="dup", subject_kind="outcome", subject_id=9, version=1))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_new_version_supersedes_waiting_rows_and_does_not_rebroadcast_line(app, office):
    set_up_both(office)
    first = enqueue_publication(office, "outcome", 7, 1, PAYLOAD)
    line = next(r for r in first if r.channel is DeliveryChannel.LINE_BROADCAST)
    line.status = DeliveryStatus.SENT
    db.session.commit()
    second = enqueue_publication(office, "outcome", 7, 2, {**PAYLOAD, "text": "แก้ไขแล้ว"})
    db.session.commit()
    assert channels(second)[DeliveryChannel.LINE_BROADCAST] is DeliveryStatus.CANCELLED
    assert channels(second)[DeliveryChannel.FACEBOOK_PAGE] is DeliveryStatus.PENDING
    old_facebook = next(r for r in first if r.channel is DeliveryChannel.FACEBOOK_PAGE)
    assert old_facebook.status is DeliveryStatus.CANCELLED and "ฉบับที่ 2" in old_facebook.note
    assert [r.version for r in deliveries_for("outcome", 7)][:1] == [2]


def test_withdrawal_cancels_waiting_rows_and_queues_deletion_of_the_post(app, office):
    set_up_both(office)
    rows = enqueue_publication(office, "outcome", 7, 1, PAYLOAD)
    facebook = next(r for r in rows if r.channel is DeliveryChannel.FACEBOOK_PAGE)
    facebook.status, facebook.remote_id = DeliveryStatus.SENT, "1234567890_555"
    db.session.commit()
    withdraw_publication(office, "outcome", 7, "ข้อมูลคลาดเคลื่อน")
    db.session.commit()
    states = {r.channel: (r.status, r.action) for r in deliveries_for("outcome", 7)}
    assert states[DeliveryChannel.FACEBOOK_PAGE] == (DeliveryStatus.PENDING, DeliveryAction.DELETE)
    assert states[DeliveryChannel.LINE_BROADCAST][0] is DeliveryStatus.CANCELLED
    assert states[DeliveryChannel.SHARE_PROFILE][0] is DeliveryStatus.CANCELLED


def test_mark_shared_records_who_when_and_the_permalink(app, office):
    user = make_user(office, Role.PR)
    rows = enqueue_publication(office, "news", 5, 1, {**PAYLOAD, "reference": "#NP2-NEWS-5"})
    kit = next(r for r in rows if r.channel is DeliveryChannel.SHARE_PR_GROUP)
    mark_shared(kit, user, "https://www.facebook.com/groups/1/posts/2")
    assert (kit.status, kit.shared_by_id) == (DeliveryStatus.SHARED, user.id)
    assert kit.permalink.endswith("/posts/2") and kit.shared_at is not None
    with pytest.raises(PublicationError):
        mark_shared(kit, user, "javascript:alert(1)")


def test_payload_is_checked(app, office):
    with pytest.raises(PublicationError):
        enqueue_publication(office, "outcome", 1, 1, {"title": "x"})
    with pytest.raises(PublicationError):
        enqueue_publication(office, "outcome", 1, 1, {**PAYLOAD, "link": "/relative"})


def test_rows_parked_for_want_of_credentials_go_out_once_they_are_saved(app, office):
    from portal.channels.settings import get_or_create_account
    from portal.delivery.channel_sender import send_publication

    account = get_or_create_account(office, DeliveryChannel.FACEBOOK_PAGE)
    account.dry_run = True  # set up enough to get rows, then switched off before sending
    rows = enqueue_publication(office, "outcome", 8, 1, PAYLOAD)
    account.dry_run = False
    facebook = next(r for r in rows if r.channel is DeliveryChannel.FACEBOOK_PAGE)
    facebook.status, facebook.attempts = DeliveryStatus.SENDING, 1
    send_publication(facebook)
    assert (facebook.status, facebook.attempts) == (DeliveryStatus.PAUSED, 0)
    save_facebook_credentials(office, "1234567890", "PAGE-TOKEN", None)
    db.session.flush()
    db.session.expire_all()
    assert db.session.get(Delivery, facebook.id).status is DeliveryStatus.PENDING
