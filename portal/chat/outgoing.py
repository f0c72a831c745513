"""Messages to chat users: queued with the change that caused them, sent by the worker.

LINE: the event's reply token while it is valid (free), else a push carrying the row's
``X-Line-Retry-Key`` and counted against the office's monthly push quota; a 5xx answer to a
reply is retried as a reply, never turned into a push at once (the reply may have arrived).
Messenger: a standard message within 24 h of the person's last message, a ``HUMAN_AGENT``
tagged one up to 7 days for staff answers, nothing after that. What cannot be delivered is
marked so, and noted on its case for staff; the person reads it on the tracking page.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select, update

from portal.channels.alerts import pause_after_refusal
from portal.channels.errors import ChannelError, ErrorKind
from portal.channels.settings import channel_account, record_channel_error
from portal.chat.clients import (
    OutsideWindow,
    QuotaReached,
    ReplyTokenRefused,
    line_chat_for,
    messenger_for,
)
from portal.chat.models import ChatChannelSettings, ChatOutgoing, ChatUser
from portal.chat.store import ACCOUNT_CHANNEL
from portal.clock import utcnow
from portal.extensions import db
from portal.models import ActorType, Case, CaseEvent, ChannelAccount, EventKind, Visibility

LEASE = timedelta(minutes=2)
BATCH = 20
MAX_ATTEMPTS = 8
# LINE documents a reply token as usable once, shortly after the event; kept well inside.
REPLY_TOKEN_LIFE = timedelta(seconds=50)
STANDARD_WINDOW = timedelta(hours=24)
HUMAN_AGENT_WINDOW = timedelta(days=7)
LINE_TEXT, MESSENGER_TEXT = 5000, 2000
STAFF_PURPOSES = ("case_replied", "case_info_requested", "case_acknowledged", "case_resolved")


def queue_messages(
    user: ChatUser,
    messages: list[dict],
    *,
    purpose: str = "conversation",
    reply_token: str = "",
    sent_at=None,
    case: Case | None = None,
    event: CaseEvent | None = None,
) -> ChatOutgoing | None:
    """Write one outgoing row (sent by the worker after this transaction commits)."""
    if not messages or user.is_group and not reply_token:
        return None
    expires = None
    if reply_token:
        expires = (sent_at or utcnow()) + REPLY_TOKEN_LIFE
    row = ChatOutgoing(
        office_id=user.office_id,
        chat_user_id=user.id,
        platform=user.platform,
        case_id=case.id if case is not None else None,
        event_id=event.id if event is not None else None,
        purpose=purpose,
        messages=json.dumps(messages, ensure_ascii=False),
        reply_token=reply_token or None,
        reply_token_expires_at=expires,
        retry_key=str(uuid.uuid4()),
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db.session.add(row)
    return row


def send_outgoing(worker: str) -> int:
    """Worker processor: send every due outgoing chat message; returns how many were tried."""
    tried = 0
    while ids := _claim(worker):
        for row_id in ids:
            _send_one(row_id, worker)
            tried += 1
    return tried


def _due(now):
    return or_(
        and_(ChatOutgoing.status.in_(("pending", "retrying")), ChatOutgoing.next_attempt_at <= now),
        and_(ChatOutgoing.status == "sending", ChatOutgoing.locked_until < now),
    )


def _claim(worker: str) -> list[int]:
    now = utcnow()
    pick = select(ChatOutgoing.id).where(_due(now)).order_by(ChatOutgoing.id).limit(BATCH)
    if db.engine.dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    ids = sorted(
        db.session.scalars(
            update(ChatOutgoing)
            .where(ChatOutgoing.id.in_(pick.scalar_subquery()), _due(now))
            .values(
                status="sending",
                locked_until=now + LEASE,
                claimed_by=worker,
                attempts=ChatOutgoing.attempts + 1,
            )
            .returning(ChatOutgoing.id)
            .execution_options(synchronize_session=False)
        ).all()
    )
    db.session.commit()
    return ids


def _send_one(row_id: int, worker: str) -> None:
    row = db.session.get(ChatOutgoing, row_id)
    if row is None or row.claimed_by != worker or row.status != "sending":
        return
    account = channel_account(row.office_id, ACCOUNT_CHANNEL[row.platform])
    try:
        _deliver(row, account)
    except ChannelError as exc:
        _failed(row, account, exc)
    except Exception as exc:  # one broken row must not stop the worker
        db.session.rollback()
        current_app.logger.exception("chat message %s cannot be sent", row_id)
        row = db.session.get(ChatOutgoing, row_id)
        row.status, row.locked_until = "retrying", None
        row.next_attempt_at = utcnow() + _backoff(row.attempts)
        row.last_error = f"ระบบขัดข้องภายใน ({type(exc).__name__})"
        if row.attempts >= MAX_ATTEMPTS:
            row.status = "failed"
    db.session.commit()


def _deliver(row: ChatOutgoing, account: ChannelAccount | None) -> None:
    if account is None or not account.configured:
        _wait(row, "ยังไม่ได้ตั้งค่าบัญชีช่องทางนี้", timedelta(minutes=10))
        return
    if account.dry_run:
        _sent(row, "dry-run")
        return
    if account.paused:
        _wait(row, account.last_error or "ช่องทางนี้หยุดไว้ชั่วคราว", timedelta(minutes=5))
        return
    if account.throttled_until and account.throttled_until > utcnow():
        _wait(row, account.last_error, account.throttled_until - utcnow())
        return
    user = db.session.get(ChatUser, row.chat_user_id)
    messages = json.loads(row.messages)
    if row.platform == "line":
        _deliver_line(row, account, user, messages)
    else:
        _deliver_messenger(row, account, user, messages)


def _deliver_line(
    row: ChatOutgoing, account: ChannelAccount, user: ChatUser, messages: list[dict]
) -> None:
    client = line_chat_for(account)
    payload = [line_message(m) for m in messages][:5]
    if row.reply_token and row.reply_token_expires_at and row.reply_token_expires_at > utcnow():
        try:
            client.reply(row.reply_token, payload)
        except ReplyTokenRefused:
            pass  # used or expired after all: push
        else:
            _sent(row, "reply")
            return
    if user.is_group:
        _undeliverable(row, "ข้อความถึงกลุ่มส่งได้เฉพาะตอบกลับทันที")
        return
    settings = chat_settings(row.office_id, "line")
    if not take_push_quota(settings, len(payload)):
        _undeliverable(row, "โควตาข้อความ push ของ LINE ประจำเดือนนี้หมดแล้ว")
        return
    try:
        client.push(user.user_id, payload, row.retry_key)
    except QuotaReached:
        give_back_quota(settings, len(payload))
        _undeliverable(row, "LINE แจ้งว่าข้อความประจำเดือนของบัญชีหมดแล้ว")
        return
    except ChannelError as exc:
        if not exc.ambiguous:
            give_back_quota(settings, len(payload))  # refused, so not sent
        raise
    _sent(row, "push")


def _deliver_messenger(
    row: ChatOutgoing, account: ChannelAccount, user: ChatUser, messages: list[dict]
) -> None:
    tag = None
    since = utcnow() - (user.last_inbound_at or utcnow() - HUMAN_AGENT_WINDOW * 2)
    if since > STANDARD_WINDOW:
        if row.purpose not in STAFF_PURPOSES or since > HUMAN_AGENT_WINDOW:
            _undeliverable(row, messenger_window_problem(user) or "")
            return
        tag = "HUMAN_AGENT"
    try:
        messenger_for(account).send(user.user_id, messenger_message(messages), tag=tag)
    except OutsideWindow:
        _undeliverable(row, "Messenger ไม่ยอมให้ส่ง เพราะพ้นช่วงเวลาที่เพจตอบผู้ใช้ได้แล้ว")
        return
    _sent(row, "tag" if tag else "send")


def line_message(message: dict) -> dict:
    out = {"type": "text", "text": message["text"][:LINE_TEXT]}
    if message.get("quick"):
        out["quickReply"] = {
            "items": [
                {
                    "type": "action",
                    "action": {
                        "type": "postback",
                        "label": label[:20],
                        "data": payload[:300],
                        "displayText": label,
                    },
                }
                for label, payload in message["quick"][:13]
            ]
        }
    return out


def messenger_message(messages: list[dict]) -> dict:
    """Messenger takes one message per call: the texts joined, the last one's quick replies."""
    text = "\n\n".join(m["text"] for m in messages)[:MESSENGER_TEXT]
    out: dict = {"text": text}
    quick = messages[-1].get("quick") if messages else None
    if quick:
        out["quick_replies"] = [
            {"content_type": "text", "title": label[:20], "payload": payload[:1000]}
            for label, payload in quick[:13]
        ]
    return out


def messenger_window_problem(user: ChatUser) -> str | None:
    """Why the Page may not write to this person now, or None (staff see it before sending)."""
    last = user.last_inbound_at
    if last is not None and utcnow() - last <= HUMAN_AGENT_WINDOW:
        return None
    return str(
        _l(
            "ส่งทาง Messenger ไม่ได้: ผู้แจ้งไม่ได้ส่งข้อความมาเกิน 7 วัน (Meta อนุญาตให้เพจ"
            "ตอบภายใน 24 ชั่วโมง หรือ 7 วันสำหรับเจ้าหน้าที่) ผู้แจ้งจะเห็นคำตอบในหน้าติดตามเรื่อง"
        )
    )


def find_chat_settings(office_id: int, platform: str) -> ChatChannelSettings | None:
    return db.session.scalar(
        select(ChatChannelSettings).where(
            ChatChannelSettings.office_id == office_id, ChatChannelSettings.platform == platform
        )
    )


def chat_settings(office_id: int, platform: str) -> ChatChannelSettings:
    """The office's chat settings for ``platform``, made (not committed) on first use with
    PORTAL_CHAT_LINE_PUSH_QUOTA as LINE's quota until an administrator sets the plan's."""
    settings = find_chat_settings(office_id, platform)
    if settings is None:
        quota = int(current_app.config.get("PORTAL_CHAT_LINE_PUSH_QUOTA", 200))
        settings = ChatChannelSettings(
            office_id=office_id,
            platform=platform,
            push_quota=quota if platform == "line" else 0,
            push_month="",
            push_used=0,
            rich_menu_id="",
        )
        db.session.add(settings)
        db.session.flush()
    return settings


def current_month() -> str:
    return utcnow().strftime("%Y-%m")


def take_push_quota(settings: ChatChannelSettings, count: int) -> bool:
    """Count ``count`` pushes against this month's quota, atomically; False when over."""
    month = current_month()
    db.session.execute(
        update(ChatChannelSettings)
        .where(ChatChannelSettings.id == settings.id, ChatChannelSettings.push_month != month)
        .values(push_month=month, push_used=0)
        .execution_options(synchronize_session=False)
    )
    taken = (
        db.session.execute(
            update(ChatChannelSettings)
            .where(
                ChatChannelSettings.id == settings.id,
                ChatChannelSettings.push_used + count <= ChatChannelSettings.push_quota,
            )
            .values(push_used=ChatChannelSettings.push_used + count)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )
    db.session.expire(settings)
    return taken


def give_back_quota(settings: ChatChannelSettings, count: int) -> None:
    db.session.execute(
        update(ChatChannelSettings)
        .where(ChatChannelSettings.id == settings.id)
        .values(push_used=ChatChannelSettings.push_used - count)
        .execution_options(synchronize_session=False)
    )


def line_push_problem(office_id: int) -> str | None:
    settings = find_chat_settings(office_id, "line")
    if settings is None:
        return None  # nothing pushed yet: the default quota is untouched
    used = settings.push_used if settings.push_month == current_month() else 0
    if used < settings.push_quota:
        return None
    return str(
        _l(
            "ส่งทาง LINE ไม่ได้: โควตาข้อความ push ประจำเดือนหมดแล้ว (%(used)s/%(quota)s) "
            "ผู้แจ้งจะเห็นคำตอบในหน้าติดตามเรื่อง (และทางอีเมลหากให้ไว้)",
            used=used,
            quota=settings.push_quota,
        )
    )


def push_room(office_id: int) -> int:
    """How many more LINE pushes this month's quota takes (what a sender of many pushes, such
    as a reminder run, checks before queuing them; the worker counts each in ``_deliver_line``)."""
    if line_push_problem(office_id) is not None:
        return 0
    settings = find_chat_settings(office_id, "line")
    if settings is None:
        return int(current_app.config.get("PORTAL_CHAT_LINE_PUSH_QUOTA", 200))
    used = settings.push_used if settings.push_month == current_month() else 0
    return max(settings.push_quota - used, 0)


def _sent(row: ChatOutgoing, via: str) -> None:
    row.status, row.sent_via, row.sent_at = "sent", via, utcnow()
    row.locked_until, row.last_error = None, ""
    row.reply_token = None  # used or useless from now on


def _wait(row: ChatOutgoing, error: str, wait: timedelta) -> None:
    """The channel, not the row, is the cause: back later without spending an attempt."""
    row.status, row.locked_until = "retrying", None
    row.attempts = max(row.attempts - 1, 0)
    row.next_attempt_at = utcnow() + wait
    row.last_error = error or ""


def _undeliverable(row: ChatOutgoing, reason: str) -> None:
    row.status, row.locked_until, row.last_error = "undeliverable", None, reason
    if row.case_id is not None:
        case = db.session.get(Case, row.case_id)
        case.events.append(
            CaseEvent(
                kind=EventKind.INTERNAL_NOTE,
                actor_type=ActorType.SYSTEM,
                visibility=Visibility.INTERNAL,
                body=f"ข้อความถึงผู้แจ้งทางแชตส่งไม่ได้ — {reason}",
            )
        )


def _failed(row: ChatOutgoing, account: ChannelAccount, exc: ChannelError) -> None:
    current_app.logger.warning("chat message %s failed: %s", row.id, exc)
    row.locked_until, row.last_error = None, exc.thai[:1000]
    if exc.kind is ErrorKind.THROTTLED:
        account.throttled_until = utcnow() + (exc.wait or timedelta(minutes=15))
        record_channel_error(account, exc.thai, exc.detail)
        _wait(row, exc.thai, exc.wait or timedelta(minutes=15))
    elif exc.kind is ErrorKind.AUTH:
        _wait(row, exc.thai, timedelta(minutes=5))
        pause_after_refusal(account, exc.thai, exc.detail)
    elif exc.kind is ErrorKind.RETRY and row.attempts < MAX_ATTEMPTS:
        row.status = "retrying"
        row.next_attempt_at = utcnow() + max(_backoff(row.attempts), exc.wait or timedelta(0))
    else:
        row.status = "failed"


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), timedelta(hours=1))
