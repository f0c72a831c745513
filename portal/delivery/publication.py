"""Publishing an approved item to every channel, and taking it back: outbox rows only.

Contract (see also /work/helpers/issue10-interface.md):

- The caller's transaction commits; nothing here commits or touches the network. The worker
  (``flask --app wsgi worker``) posts after the commit.
- One row per (subject_kind, subject_id, version, channel), unique in the schema; calling
  ``enqueue_publication`` again for the same version returns the rows already written.
- An edited, re-approved item is a new version: its Facebook post is **edited in place**
  (``POST /{post-id}`` with the new message); a LINE broadcast already sent is not sent again
  (a broadcast cannot be edited, and a second push would read as news); share kits are offered
  again. Rows of older versions that were still waiting are cancelled as superseded.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from portal.channels.settings import publishing_accounts
from portal.clock import utcnow
from portal.delivery.facebook_reconcile import may_have_posted
from portal.extensions import db
from portal.models import (
    Delivery,
    DeliveryAction,
    DeliveryChannel,
    DeliveryStatus,
    Office,
    User,
)

SUBJECT_KINDS = ("outcome", "news")
PAYLOAD_KEYS = ("title", "text", "link", "reference", "image_url")
# A request that timed out a moment ago may still be finishing at Facebook: look after this.
SETTLE = timedelta(minutes=1)
LOOKING = "กำลังตรวจสอบว่ามีโพสต์ขึ้นบนเพจแล้วหรือไม่ (คำตอบของ Facebook ไม่มาถึงตอนส่ง) ถ้ามีจะลบออก"
# Rows a person may still stop: not yet handed to the channel.
CANCELLABLE = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING, DeliveryStatus.PAUSED,
               DeliveryStatus.NEEDS_MANUAL, DeliveryStatus.FAILED)


class PublicationError(ValueError):
    """A request the outbox cannot honour; the message is Thai, for staff."""


def enqueue_publication(office: Office, subject_kind: str, subject_id: int, version: int,
                        payload: dict[str, Any]) -> list[Delivery]:
    """Queue one row per channel set up for ``office`` (Facebook Page, LINE broadcast: enabled
    and configured; paused channels get ``paused`` rows) and one ``needs_manual`` row per
    share kit. ``payload``: title, text (Thai post text), link (absolute URL of the board
    item), reference (e.g. ``#NP2-2569-000123``), image_url or None. Frozen as JSON.
    """
    frozen = _frozen_payload(subject_kind, payload)
    existing = _rows(subject_kind, subject_id, version)
    if existing:
        return existing
    _supersede_older(subject_kind, subject_id, version)
    rows = []
    for account in publishing_accounts(office.id):
        status = DeliveryStatus.PAUSED if account.paused else DeliveryStatus.PENDING
        row = _new_row(office, account.channel, subject_kind, subject_id, version, frozen, status)
        if account.channel is DeliveryChannel.LINE_BROADCAST and _line_already_sent(
                subject_kind, subject_id):
            row.status = DeliveryStatus.CANCELLED
            row.note = "ส่งข้อความ LINE ของรายการนี้ไปแล้ว ฉบับแก้ไขจึงไม่ส่งซ้ำ"
        rows.append(row)
    for channel in DeliveryChannel.share_kits():
        rows.append(_new_row(office, channel, subject_kind, subject_id, version, frozen,
                             DeliveryStatus.NEEDS_MANUAL))
    db.session.add_all(rows)
    db.session.flush()
    return rows


def withdraw_publication(office: Office, subject_kind: str, subject_id: int,
                         reason: str) -> list[Delivery]:
    """Stop every waiting row of the item and queue the deletion of its Facebook post(s).

    Rows being sent right now are marked withdrawn; the worker deletes their post as soon as
    it is up. A LINE broadcast cannot be recalled and a post shared by hand is deleted by hand:
    both say so in their note.
    """
    now = utcnow()
    reason = reason.strip()
    rows = [r for r in _rows(subject_kind, subject_id) if r.office_id == office.id]
    for row in rows:
        if row.withdrawn_at is None:
            row.withdrawn_at = now
        if row.status in CANCELLABLE and row.action is DeliveryAction.POST:
            stop_or_look(row, f"ถอนการเผยแพร่: {reason}")
        elif row.status is DeliveryStatus.SENT and row.action is DeliveryAction.POST:
            if row.channel is DeliveryChannel.FACEBOOK_PAGE:
                queue_post_deletion(row, f"ถอนการเผยแพร่: {reason}")
            elif row.channel is DeliveryChannel.LINE_BROADCAST:
                row.note = "ถอนการเผยแพร่แล้ว แต่ข้อความ LINE ที่ส่งไปแล้วเรียกคืนไม่ได้"
        elif row.status is DeliveryStatus.SHARED:
            row.note = "ถอนการเผยแพร่แล้ว โปรดลบโพสต์ที่แชร์ไว้ด้วยตนเอง"
    return rows


def queue_post_deletion(row: Delivery, reason: str = "ถอนการเผยแพร่") -> None:
    """The worker deletes this row's Facebook post (``DELETE /{post-id}``); a row whose post
    id was never learnt first looks for the post it may have made, and deletes that."""
    looking = row.remote_id is None and row.unconfirmed_since is not None
    row.action = DeliveryAction.DELETE
    row.status = DeliveryStatus.PENDING
    row.attempts = 0
    row.next_attempt_at = utcnow() + (SETTLE if looking else timedelta(0))
    row.last_error = ""
    row.error_detail = ""
    row.note = (f"{reason} — {LOOKING}" if looking else reason)[:1000]


def stop_or_look(row: Delivery, reason: str) -> None:
    """Cancel a row not yet sent; one that may have reached Facebook is looked for first."""
    if may_have_posted(row):
        queue_post_deletion(row, reason)
    else:
        row.status = DeliveryStatus.CANCELLED
        row.note = reason[:1000]


def mark_shared(delivery: Delivery, user: User, permalink: str | None = None) -> Delivery:
    """Record that ``user`` posted a share kit by hand, with the post's address if given.

    Marking again updates the permalink and who marked it.
    """
    if delivery.channel not in DeliveryChannel.share_kits():
        raise PublicationError("บันทึกการแชร์ได้เฉพาะชุดแชร์สำหรับกลุ่มและโปรไฟล์")
    if delivery.status not in (DeliveryStatus.NEEDS_MANUAL, DeliveryStatus.SHARED):
        raise PublicationError("ชุดแชร์นี้ถูกยกเลิกแล้ว")
    if user.office_id != delivery.office_id:
        raise PublicationError("ชุดแชร์นี้เป็นของสำนักงานอื่น")
    delivery.permalink = _checked_permalink(permalink)
    delivery.status = DeliveryStatus.SHARED
    delivery.shared_by_id = user.id
    delivery.shared_at = utcnow()
    return delivery


def deliveries_for(subject_kind: str, subject_id: int) -> list[Delivery]:
    """Every row of an item, newest version first, in channel order."""
    order = {c: i for i, c in enumerate(DeliveryChannel)}
    rows = _rows(subject_kind, subject_id)
    return sorted(rows, key=lambda r: (-(r.version or 0), order[r.channel]))


def retry_delivery(delivery: Delivery) -> None:
    """Staff: try a failed (or waiting) row again now, its attempts counted afresh."""
    if delivery.status not in (DeliveryStatus.FAILED, DeliveryStatus.RETRYING,
                               DeliveryStatus.PENDING):
        raise PublicationError("ส่งซ้ำได้เฉพาะข้อความที่ส่งไม่สำเร็จหรือรอส่งซ้ำ")
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()


def cancel_delivery(delivery: Delivery, user: User) -> None:
    """Staff: do not send this row (or do not offer this share kit)."""
    if delivery.status not in CANCELLABLE:
        raise PublicationError("ยกเลิกได้เฉพาะข้อความที่ยังไม่ได้ส่ง")
    if delivery.action is DeliveryAction.POST:
        stop_or_look(delivery, f"ยกเลิกโดย {user.name}")
    else:  # a deletion, or the lookup before one: stopped as asked
        delivery.status = DeliveryStatus.CANCELLED
        delivery.note = f"ยกเลิกการลบโดย {user.name}"[:1000]


def _frozen_payload(subject_kind: str, payload: dict[str, Any]) -> str:
    if subject_kind not in SUBJECT_KINDS:
        raise PublicationError(f"ไม่รู้จักประเภทรายการ {subject_kind!r}")
    unknown = set(payload) - set(PAYLOAD_KEYS)
    missing = {"title", "text", "link", "reference"} - set(payload)
    if unknown or missing:
        raise PublicationError(f"ข้อความที่จะเผยแพร่ไม่ครบ (ขาด {sorted(missing)}, "
                               f"เกิน {sorted(unknown)})")
    for key in ("link", "image_url"):
        if payload.get(key) and urlsplit(payload[key]).scheme not in ("http", "https"):
            raise PublicationError("ลิงก์ต้องเป็นที่อยู่เว็บแบบเต็ม (http หรือ https)")
    frozen = {key: payload.get(key) for key in PAYLOAD_KEYS}
    return json.dumps(frozen, ensure_ascii=False, sort_keys=True)


def _checked_permalink(permalink: str | None) -> str:
    permalink = (permalink or "").strip()
    if not permalink:
        return ""
    parts = urlsplit(permalink)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(permalink) > 500:
        raise PublicationError("ลิงก์โพสต์ต้องเป็นที่อยู่เว็บแบบเต็ม ขึ้นต้นด้วย https://")
    return permalink


def _new_row(office: Office, channel: DeliveryChannel, subject_kind: str, subject_id: int,
             version: int, frozen: str, status: DeliveryStatus) -> Delivery:
    payload = json.loads(frozen)
    return Delivery(
        office_id=office.id, case_id=None, channel=channel, purpose=f"publish_{subject_kind}",
        recipient="", subject=str(payload["title"])[:300], body_text=str(payload["text"]),
        body_html="", message_id=str(uuid.uuid4()), status=status, action=DeliveryAction.POST,
        attempts=0, next_attempt_at=utcnow(), subject_kind=subject_kind,
        subject_id=subject_id, version=version, payload=frozen, permalink="", note="",
        last_error="", error_detail="",
    )


def _rows(subject_kind: str, subject_id: int, version: int | None = None) -> list[Delivery]:
    query = select(Delivery).where(Delivery.subject_kind == subject_kind,
                                   Delivery.subject_id == subject_id)
    if version is not None:
        query = query.where(Delivery.version == version)
    return list(db.session.scalars(query.order_by(Delivery.id)).all())


def _supersede_older(subject_kind: str, subject_id: int, version: int) -> None:
    for row in _rows(subject_kind, subject_id):
        if (row.version or 0) < version and row.status in CANCELLABLE \
                and row.action is DeliveryAction.POST:
            stop_or_look(row, f"แทนที่ด้วยฉบับที่ {version}")


def _line_already_sent(subject_kind: str, subject_id: int) -> bool:
    return any(r.channel is DeliveryChannel.LINE_BROADCAST and r.status is DeliveryStatus.SENT
               for r in _rows(subject_kind, subject_id))
