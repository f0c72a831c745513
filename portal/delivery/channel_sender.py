"""Sending one claimed publication row to Facebook or LINE, and recording what happened.

Exactly once, even across crashes and timeouts: a Facebook row whose earlier request may
have reached Facebook (``unconfirmed_since`` older than this claim) first looks for the post
it may have made, by creation time, post id and exact message (``facebook_reconcile``), and
only posts when it is not there; withdrawn, superseded or cancelled, such a row looks too and
deletes what it finds. A LINE row carries its own ``X-Line-Retry-Key``, and LINE answers 409
to a repeat.
"""

from __future__ import annotations

import random
from datetime import timedelta

from flask import current_app
from sqlalchemy import exists, func, select, update

from portal.channels.alerts import pause_after_refusal
from portal.channels.clients import facebook_for, line_for
from portal.channels.errors import ChannelError, ErrorKind
from portal.channels.facebook import FacebookPage, Post
from portal.channels.message import facebook_message, line_text
from portal.channels.settings import channel_account, record_channel_error
from portal.clock import utcnow
from portal.delivery.facebook_reconcile import find_own_posts, normal_message
from portal.delivery.publication import queue_post_deletion
from portal.extensions import db
from portal.models import (
    ChannelAccount,
    Delivery,
    DeliveryAction,
    DeliveryChannel,
    DeliveryStatus,
)

BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
           timedelta(hours=2), timedelta(hours=6), timedelta(hours=24))
MAX_ATTEMPTS = len(BACKOFF) + 1  # then failed
WAIT_FOR_OLDER_VERSION = timedelta(minutes=1)
DRY_RUN = "dry-run"


def publication_backoff(attempts: int) -> timedelta:
    """1 min, 5 min, 30 min, 2 h, 6 h, 24 h after attempts 1…6, each ±20 % so that rows
    failed together do not all come back in the same second."""
    base = BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]
    return base * random.uniform(0.8, 1.2)


def send_publication(delivery: Delivery, account: ChannelAccount | None = None) -> None:
    """Post (or delete) one leased row; records the outcome on the row, never commits.

    ``account``: the row's channel account if the caller read it already (the worker reads
    a batch's accounts at once); otherwise it is read here.
    """
    if account is None:
        account = channel_account(delivery.office_id, delivery.channel)
    if delivery.channel not in DeliveryChannel.automatic():
        _set_aside(delivery, DeliveryStatus.NEEDS_MANUAL)
        return
    if delivery.action is DeliveryAction.POST and delivery.withdrawn_at is not None:
        if not _tried_before(delivery):
            delivery.status, delivery.locked_until = DeliveryStatus.CANCELLED, None
            delivery.unconfirmed_since = None
            delivery.note = "ถอนการเผยแพร่แล้ว จึงไม่ส่ง"
            return
        queue_post_deletion(delivery, "ถอนการเผยแพร่")  # a post may be up: look, then delete
    if account is None or not account.configured:
        _set_aside(delivery, DeliveryStatus.PAUSED, "ช่องทางนี้ยังไม่ได้ตั้งค่าบัญชี "
                   "ข้อความจะถูกส่งเมื่อบันทึกโทเค็นแล้ว")
        return
    if account.dry_run:
        _dry_run(delivery)
        return
    if account.paused:
        _set_aside(delivery, DeliveryStatus.PAUSED, account.last_error or "ช่องทางนี้หยุดไว้ชั่วคราว")
        return
    now = utcnow()
    if account.throttled_until and account.throttled_until > now:
        _set_aside(delivery, DeliveryStatus.RETRYING, account.last_error,
                   due=account.throttled_until)
        return
    try:
        if delivery.channel is DeliveryChannel.FACEBOOK_PAGE:
            _send_facebook(delivery, facebook_for(account))
        else:
            request_id = line_for(account).broadcast(line_text(delivery.message),
                                                     retry_key=delivery.message_id)
            _mark_sent(delivery, request_id, "")
    except ChannelError as exc:
        _record_failure(delivery, account, exc)
    else:
        # Once a minute is precise enough, and spares a write per delivery on a busy queue.
        if account.last_success_at is None or now - account.last_success_at > timedelta(
                minutes=1):
            account.last_success_at = now


def _send_facebook(delivery: Delivery, page: FacebookPage) -> None:
    if delivery.action is DeliveryAction.DELETE:
        _delete_post(delivery, page)
        return
    first_version = (delivery.version or 1) == 1
    if not first_version and _older_version_sending(delivery):
        _set_aside(delivery, DeliveryStatus.RETRYING, "รอให้ฉบับก่อนหน้าส่งเสร็จก่อน",
                   due=utcnow() + WAIT_FOR_OLDER_VERSION)
        return
    tried_before = _tried_before(delivery)
    if tried_before and _newer_version_exists(delivery):
        queue_post_deletion(delivery, "แทนที่ด้วยฉบับใหม่")  # superseded while being sent
        _delete_post(delivery, page)
        return
    message = facebook_message(delivery.message)
    post = None if first_version else _previous_post(delivery)
    if post is None and tried_before:
        post = _adopt_own_post(page, delivery)
    if post is None:
        try:
            post = page.publish(message, delivery.message["link"])
        except ChannelError as exc:
            if exc.kind is not ErrorKind.DUPLICATE:
                raise
            # Facebook says this very message is up: ours, or an earlier version's of this
            # item (never another item's: its message ends with another tag).
            post = _adopt_own_post(page, delivery, since=_item_since(delivery))
            if post is None:
                raise ChannelError(ErrorKind.PERMANENT, exc.thai + " แต่ไม่พบโพสต์ของรายการนี้"
                                   "บนเพจ ระบบจะไม่ส่งซ้ำ", exc.detail, code=exc.code) from exc
    elif normal_message(post.message) != normal_message(message):
        page.edit(post.id, message)  # a newer version: edited in place, link and id kept
    if not post.permalink:
        try:
            post.permalink = page.permalink(post.id)
        except ChannelError as exc:  # the post is up; a missing permalink is not a failure
            current_app.logger.warning("delivery %s: permalink not read: %s", delivery.id, exc)
    _mark_sent(delivery, post.id, post.permalink)


def _adopt_own_post(page: FacebookPage, delivery: Delivery, since=None) -> Post | None:
    """The post an earlier request of this row made, if any; extra copies are deleted."""
    posts = find_own_posts(page, delivery, since)
    if not posts:
        return None
    for extra in posts[1:]:
        _delete_quietly(page, extra.id)
    return posts[0]


def _tried_before(delivery: Delivery) -> bool:
    """Whether a request before this claim may have made a post (the claim keeps the first)."""
    if delivery.unconfirmed_since is None:
        return False
    from portal.delivery.worker import LEASE

    # The claim writes its time to both (``now`` and ``now + LEASE``): equal means this claim.
    claimed = delivery.locked_until - LEASE if delivery.locked_until else utcnow()
    return delivery.unconfirmed_since < claimed


def _newer_version_exists(delivery: Delivery) -> bool:
    return db.session.scalar(select(exists().where(
        Delivery.subject_kind == delivery.subject_kind,
        Delivery.subject_id == delivery.subject_id, Delivery.channel == delivery.channel,
        Delivery.version > (delivery.version or 0)))) or False


def _item_since(delivery: Delivery):
    """When the first row of this item on this channel was written."""
    return db.session.scalar(select(func.min(Delivery.created_at)).where(
        Delivery.subject_kind == delivery.subject_kind,
        Delivery.subject_id == delivery.subject_id, Delivery.channel == delivery.channel))


def _previous_post(delivery: Delivery) -> Post | None:
    """The post an earlier version of this item made and that is still up."""
    row = db.session.scalar(
        select(Delivery).where(*_same_item(delivery), Delivery.status == DeliveryStatus.SENT,
                               Delivery.action == DeliveryAction.POST,
                               Delivery.remote_id.is_not(None), Delivery.removed_at.is_(None))
        .order_by(Delivery.version.desc()).limit(1))
    return Post(id=row.remote_id, permalink=row.permalink) if row else None


def _older_version_sending(delivery: Delivery) -> bool:
    return db.session.scalar(select(exists().where(
        *_same_item(delivery), Delivery.status == DeliveryStatus.SENDING))) or False


def _same_item(delivery: Delivery) -> tuple:
    return (Delivery.subject_kind == delivery.subject_kind,
            Delivery.subject_id == delivery.subject_id, Delivery.channel == delivery.channel,
            Delivery.version < (delivery.version or 0))


def _delete_post(delivery: Delivery, page: FacebookPage) -> None:
    """Take the row's post down: by its id, or, when the id was never learnt, the post a
    lookup finds (``facebook_reconcile``); none found means nothing ever went up."""
    reason = (delivery.note or "").split(" — ")[0] or "ถอนการเผยแพร่"
    if delivery.remote_id:
        _delete_quietly(page, delivery.remote_id)
        _mark_removed(delivery, f"{reason}: ลบโพสต์บน Facebook แล้ว")
        return
    found = find_own_posts(page, delivery) if delivery.unconfirmed_since else []
    for post in found:
        _delete_quietly(page, post.id)
    if found:
        delivery.remote_id = found[0].id
        _mark_removed(delivery, f"{reason}: พบโพสต์ที่ขึ้นบนเพจแล้วแม้คำตอบของ Facebook "
                                "ไม่มาถึงตอนส่ง และลบออกแล้ว")
    else:
        _mark_removed(delivery, f"{reason}: ตรวจสอบบนเพจแล้ว ไม่พบโพสต์ของรายการนี้ "
                                "จึงไม่มีอะไรเผยแพร่ออกไป")
        delivery.removed_at = None  # nothing was removed: nothing was there
    delivery.unconfirmed_since = None


def _delete_quietly(page: FacebookPage, post_id: str) -> None:
    try:
        page.delete(post_id)
    except ChannelError as exc:
        if exc.kind is not ErrorKind.GONE:
            raise


def _mark_sent(delivery: Delivery, remote_id: str | None, permalink: str, note: str = "") -> None:
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = utcnow()
    delivery.remote_id = remote_id
    delivery.permalink = permalink[:500]
    delivery.locked_until = None
    delivery.unconfirmed_since = None  # the post is identified by its id from now on
    delivery.last_error = delivery.error_detail = ""
    if note:
        delivery.note = note


def _mark_removed(delivery: Delivery, note: str) -> None:
    delivery.status = DeliveryStatus.CANCELLED
    delivery.removed_at = utcnow()
    delivery.locked_until = None
    delivery.last_error = delivery.error_detail = ""
    delivery.note = note


def _dry_run(delivery: Delivery) -> None:
    """Record the outcome without a network call: for the demo and for staging."""
    if delivery.action is DeliveryAction.DELETE:
        _mark_removed(delivery, DRY_RUN)
    else:
        _mark_sent(delivery, None, "", note=DRY_RUN)


def _set_aside(delivery: Delivery, status: DeliveryStatus, error: str = "", *,
               due=None) -> None:
    """Put the row back without spending an attempt (the channel, not the row, is the cause).

    Nothing went out, or it was refused: a first claim's mark of a possible post is undone.
    """
    if delivery.action is DeliveryAction.POST and not _tried_before(delivery):
        delivery.unconfirmed_since = None
    delivery.status = status
    delivery.attempts = max(delivery.attempts - 1, 0)
    delivery.locked_until = None
    delivery.next_attempt_at = due or utcnow()
    if error:
        delivery.last_error = error


def _record_failure(delivery: Delivery, account: ChannelAccount, exc: ChannelError) -> None:
    current_app.logger.warning("delivery %s (%s) failed: %s", delivery.id,
                               delivery.channel.value, exc)
    delivery.last_error, delivery.error_detail = exc.thai[:1000], exc.detail[:2000]
    delivery.locked_until = None
    if exc.kind is ErrorKind.THROTTLED:
        due = utcnow() + exc.wait
        account.throttled_until = due
        record_channel_error(account, exc.thai, exc.detail)
        _set_aside(delivery, DeliveryStatus.RETRYING, due=due)
    elif exc.kind is ErrorKind.AUTH:
        _set_aside(delivery, DeliveryStatus.PAUSED)
        pause_after_refusal(account, exc.thai, exc.detail)
    elif exc.kind in (ErrorKind.PERMANENT, ErrorKind.DUPLICATE, ErrorKind.GONE) \
            or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.status = DeliveryStatus.RETRYING
        # Never sooner than the service asked (Retry-After), however short the backoff.
        wait = max(publication_backoff(delivery.attempts), exc.wait or timedelta(0))
        delivery.next_attempt_at = utcnow() + wait


def apply_withdrawals() -> None:
    """Rows that were being sent when their item was withdrawn: cancel, or take the post down
    (a row whose post may be up without our knowing its id looks for it first)."""
    waiting = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING, DeliveryStatus.PAUSED)
    unsure = db.session.scalars(select(Delivery).where(
        Delivery.withdrawn_at.is_not(None), Delivery.action == DeliveryAction.POST,
        Delivery.status.in_((*waiting, DeliveryStatus.FAILED)),
        Delivery.channel == DeliveryChannel.FACEBOOK_PAGE,
        Delivery.remote_id.is_(None), Delivery.unconfirmed_since.is_not(None))).all()
    for row in unsure:
        queue_post_deletion(row, "ถอนการเผยแพร่")
    db.session.flush()
    db.session.execute(
        update(Delivery)
        .where(Delivery.withdrawn_at.is_not(None), Delivery.action == DeliveryAction.POST,
               Delivery.status.in_(waiting))
        .values(status=DeliveryStatus.CANCELLED, note="ถอนการเผยแพร่แล้ว จึงไม่ส่ง")
        .execution_options(synchronize_session=False))
    posted = db.session.scalars(select(Delivery).where(
        Delivery.withdrawn_at.is_not(None), Delivery.action == DeliveryAction.POST,
        Delivery.status == DeliveryStatus.SENT,
        Delivery.channel == DeliveryChannel.FACEBOOK_PAGE)).all()
    for row in posted:
        queue_post_deletion(row)
