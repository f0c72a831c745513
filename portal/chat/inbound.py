"""Processing stored webhook events, each exactly once.

An event is leased (``processing`` until ``locked_until``) and committed claim first; its
whole effect (the conversation's state, a case, reporter messages, the replies to send) and
its ``done`` mark are then one transaction, whose last statement checks that this worker
still holds the lease. A worker killed mid-event commits nothing: after the lease the event
is processed again from the start. A worker whose lease ran out meanwhile rolls back.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from portal.channels.errors import ChannelError
from portal.channels.settings import channel_account
from portal.chat import texts
from portal.chat.clients import line_chat_for, messenger_for
from portal.chat.conversation import Turn, converse
from portal.chat.events import Incoming, read_event
from portal.chat.hooks import intercept
from portal.chat.models import ChatInboundEvent, ChatUser
from portal.chat.outgoing import queue_messages
from portal.chat.store import ACCOUNT_CHANNEL
from portal.clock import utcnow
from portal.extensions import db
from portal.models import ChannelAccount, Office

LEASE = timedelta(minutes=2)
BATCH = 20
MAX_ATTEMPTS = 5
CONVERSATION_LIFE = timedelta(hours=24)
MESSENGER_MARGIN = timedelta(minutes=15)


def process_inbound(worker: str) -> int:
    """Worker processor: expire stale conversations, then process every due event."""
    handled = expire_conversations()
    while ids := claim_events(worker):
        for event_id in ids:
            process_event(event_id, worker)
            handled += 1
    return handled


def _due(now):
    return or_(
        and_(ChatInboundEvent.status == "pending", ChatInboundEvent.next_attempt_at <= now),
        and_(ChatInboundEvent.status == "processing", ChatInboundEvent.locked_until < now),
    )


def claim_events(worker: str, limit: int = BATCH) -> list[int]:
    now = utcnow()
    pick = select(ChatInboundEvent.id).where(_due(now)).order_by(ChatInboundEvent.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    ids = sorted(
        db.session.scalars(
            update(ChatInboundEvent)
            .where(ChatInboundEvent.id.in_(pick.scalar_subquery()), _due(now))
            .values(
                status="processing",
                locked_until=now + LEASE,
                claimed_by=worker,
                attempts=ChatInboundEvent.attempts + 1,
            )
            .returning(ChatInboundEvent.id)
            .execution_options(synchronize_session=False)
        ).all()
    )
    db.session.commit()
    return ids


def process_event(event_id: int, worker: str) -> bool:
    """Do everything ``event_id`` calls for and mark it done, in one commit; True if done."""
    try:
        row = db.session.get(ChatInboundEvent, event_id)
        turn = handle(row.office_id, read_event(row))
        if turn is not None and turn.case_event_ids:
            row.case_event_id = turn.case_event_ids[0]
            db.session.flush()
        finished = (
            db.session.execute(
                update(ChatInboundEvent)
                .where(
                    ChatInboundEvent.id == event_id,
                    ChatInboundEvent.claimed_by == worker,
                    ChatInboundEvent.status == "processing",
                )
                .values(status="done", processed_at=utcnow(), locked_until=None, last_error="")
                .execution_options(synchronize_session=False)
            ).rowcount
            == 1
        )
        if not finished:  # the lease passed to another worker: its result counts, not ours
            db.session.rollback()
            return False
        db.session.commit()
        return True
    except (StaleDataError, IntegrityError, OperationalError) as exc:
        db.session.rollback()  # a concurrent change to the same person or case: again soon
        _release(event_id, worker, f"{type(exc).__name__}", timedelta(seconds=5))
    except Exception as exc:
        db.session.rollback()
        current_app.logger.exception("chat event %s cannot be processed", event_id)
        _release(
            event_id,
            worker,
            f"{type(exc).__name__}: {exc}"[:500],
            timedelta(minutes=1),
            give_up=True,
        )
    return False


def _release(
    event_id: int, worker: str, error: str, wait: timedelta, give_up: bool = False
) -> None:
    row = db.session.get(ChatInboundEvent, event_id)
    if row is None or row.claimed_by != worker or row.status != "processing":
        return
    row.status = "failed" if give_up and row.attempts >= MAX_ATTEMPTS else "pending"
    row.next_attempt_at, row.locked_until, row.last_error = utcnow() + wait, None, error
    db.session.commit()


def handle(office_id: int, incoming: Incoming) -> Turn | None:
    """One event's effect: limits, groups, registered interceptors (``hooks``), then the
    conversation; replies are queued."""
    office = db.session.get(Office, office_id)
    account = channel_account(office_id, ACCOUNT_CHANNEL[incoming.platform])
    if incoming.source in ("group", "room"):
        _group_notice(office, account, incoming)
        return None
    if not incoming.user_id:
        return None
    user = chat_user(office, account, incoming.platform, incoming.user_id)
    now = utcnow()
    if incoming.kind not in ("follow", "unfollow"):
        user.last_inbound_at = max(filter(None, (user.last_inbound_at, incoming.sent_at or now)))
    if not within_rate(user, now):
        if not user.limit_warned:
            user.limit_warned = True
            queue_messages(
                user, [texts.too_fast()], reply_token=incoming.reply_token, sent_at=incoming.sent_at
            )
        return None
    turn = Turn(office=office, user=user, incoming=incoming, account=account)
    if intercept(turn):  # a feature's own message (a join code): the conversation stays as it is
        db.session.flush()
        queue_messages(
            user, turn.replies, reply_token=incoming.reply_token, sent_at=incoming.sent_at
        )
        return turn
    if user.state != "idle" and now - user.state_changed_at > CONVERSATION_LIFE:
        turn.save("idle")
        turn.say(texts.expired())
    converse(turn)
    db.session.flush()
    queue_messages(user, turn.replies, reply_token=incoming.reply_token, sent_at=incoming.sent_at)
    return turn


def within_rate(user: ChatUser, now) -> bool:
    limit = int(current_app.config.get("PORTAL_CHAT_EVENTS_PER_MINUTE", 20))
    if user.window_started_at is None or now - user.window_started_at >= timedelta(minutes=1):
        user.window_started_at, user.window_events, user.limit_warned = now, 0, False
    user.window_events += 1
    return user.window_events <= limit


def user_key(office_id: int, platform: str, platform_id: str) -> str:
    """A keyed hash of the platform's id: found again without storing the id in clear."""
    secret = current_app.config["SECRET_KEY"]
    raw = secret.encode() if isinstance(secret, str) else bytes(secret)
    return hmac.new(
        raw, f"chat\x00{office_id}\x00{platform}\x00{platform_id}".encode(), hashlib.sha256
    ).hexdigest()


def chat_user(
    office: Office,
    account: ChannelAccount | None,
    platform: str,
    platform_id: str,
    is_group: bool = False,
) -> ChatUser:
    key = user_key(office.id, platform, platform_id)
    user = db.session.scalar(
        select(ChatUser).where(
            ChatUser.office_id == office.id, ChatUser.platform == platform, ChatUser.user_key == key
        )
    )
    if user is None:
        user = ChatUser(
            office_id=office.id,
            platform=platform,
            user_key=key,
            user_id=platform_id,
            is_group=is_group,
            state="idle",
            state_changed_at=utcnow(),
            greeted=False,
            window_events=0,
            limit_warned=False,
            cases_day="",
            cases_today=0,
            display_name=None if is_group else profile_name(account, platform, platform_id),
        )
        db.session.add(user)
        db.session.flush()  # a second event of the same person meets the unique key
    return user


def profile_name(account: ChannelAccount | None, platform: str, platform_id: str) -> str | None:
    """The display name the platform gives; None when it cannot be read (never blocks)."""
    if account is None or account.dry_run or not account.access_token or account.paused:
        return None
    try:
        if platform == "line":
            return line_chat_for(account).profile_name(platform_id) or None
        return messenger_for(account).profile_name(platform_id) or None
    except ChannelError as exc:
        current_app.logger.warning("chat: profile of a %s user not read: %s", platform, exc)
        return None


def _group_notice(office: Office, account, incoming: Incoming) -> None:
    """Groups and rooms are not read; the first event of each gets one explanation."""
    if not incoming.group_id:
        return
    group = chat_user(office, account, incoming.platform, incoming.group_id, is_group=True)
    if group.greeted:
        return
    group.greeted = True
    queue_messages(
        group, [texts.group_notice()], reply_token=incoming.reply_token, sent_at=incoming.sent_at
    )


def expire_conversations(limit: int = 50) -> int:
    """Half-finished conversations older than 24 h: drafts deleted, the person told.

    Messenger's are ended a quarter of an hour early, while Meta's 24-hour window still lets
    the Page tell the person; LINE's notice is a push, counted against the quota.
    """
    now = utcnow()
    line_cutoff = now - CONVERSATION_LIFE
    messenger_cutoff = now - (CONVERSATION_LIFE - MESSENGER_MARGIN)
    stale = db.session.scalars(
        select(ChatUser)
        .where(
            ChatUser.state != "idle",
            or_(
                and_(ChatUser.platform == "line", ChatUser.state_changed_at < line_cutoff),
                and_(
                    ChatUser.platform == "messenger",
                    ChatUser.state_changed_at < messenger_cutoff,
                ),
            ),
        )
        .limit(limit)
    ).all()
    for user in stale:
        user.state, user.draft, user.state_changed_at = "idle", None, utcnow()
        queue_messages(user, [texts.expired()], purpose="expired")
    if stale:
        db.session.commit()
    return len(stale)
