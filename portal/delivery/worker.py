"""The outbox worker: claims due deliveries, sends them, retries with backoff.

Several worker processes may run at once: a row is claimed with a conditional UPDATE (and
``SKIP LOCKED`` on PostgreSQL), and a claim is a lease, so a row claimed by a worker that died
is sent again after the lease ends, with the same Message-ID.
"""

from __future__ import annotations

import os
import smtplib
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from flask import current_app
from flask_mail import Message
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import OperationalError

from portal.clock import to_local, utcnow
from portal.extensions import db, mail
from portal.models import Delivery, DeliveryStatus

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 12
MAX_BACKOFF = timedelta(hours=1)


class PermanentFailure(Exception):
    """The server refused this message for good; retrying cannot help."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _due(now):
    return or_(
        and_(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now),
        and_(Delivery.status == DeliveryStatus.SENDING, Delivery.locked_until < now),
    )


def claim_due(worker: str, limit: int = 20) -> list[int]:
    """Lease up to ``limit`` due deliveries to ``worker`` and commit the claim."""
    now = utcnow()
    query = select(Delivery.id).where(_due(now)).order_by(Delivery.next_attempt_at).limit(limit)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    claimed = []
    for delivery_id in db.session.scalars(query).all():
        result = db.session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, _due(now))
            .values(
                status=DeliveryStatus.SENDING,
                locked_until=now + LEASE,
                claimed_by=worker,
                attempts=Delivery.attempts + 1,
            )
        )
        if result.rowcount == 1:
            claimed.append(delivery_id)
    db.session.commit()
    return claimed


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def send_claimed(delivery_id: int) -> DeliveryStatus:
    """Send one claimed delivery and record the outcome."""
    try:
        delivery = db.session.get(Delivery, delivery_id)
        send_email(delivery)
    except PermanentFailure as exc:
        _record_failure(delivery, str(exc), permanent=True)
    except (OSError, smtplib.SMTPException) as exc:
        _record_failure(delivery, describe_error(exc), permanent=False)
    except Exception as exc:  # one broken message must not stop the worker or loop forever
        db.session.rollback()
        current_app.logger.exception("delivery %s cannot be handled", delivery_id)
        return _record_internal_failure(delivery_id, exc)
    else:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = utcnow()
        delivery.locked_until = None
        delivery.last_error = ""
    db.session.commit()
    return delivery.status


def send_email(delivery: Delivery) -> None:
    message = Message(
        subject=delivery.subject,
        recipients=[delivery.recipient],
        body=delivery.body_text,
        html=delivery.body_html or None,
    )
    message.msgId = delivery.message_id
    try:
        with smtp_timeout(), mail.connect() as connection:
            connection.send(message)
    except smtplib.SMTPRecipientsRefused as exc:
        # Only a 5xx refusal is final; a 4xx one (greylisting, a full mailbox) is retried.
        if all(code >= 500 for code, _reply in exc.recipients.values()):
            raise PermanentFailure(
                f"เซิร์ฟเวอร์อีเมลปฏิเสธที่อยู่ผู้รับ ({server_replies(exc)})"
            ) from exc
        raise


@contextmanager
def smtp_timeout() -> Iterator[None]:
    """Flask-Mail opens SMTP connections without a timeout; a stalled server must not hang us."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(current_app.config.get("PORTAL_MAIL_TIMEOUT", 10))
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def server_replies(exc: smtplib.SMTPRecipientsRefused) -> str:
    """The server's codes and words, without the address: errors are stored unencrypted."""
    replies = []
    for address, (code, reply) in exc.recipients.items():
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        replies.append(f"{code} {text.replace(address, '<recipient>')}")
    return "; ".join(replies)


def describe_error(exc: BaseException) -> str:
    """A Thai explanation for staff, with the technical detail after it."""
    detail = f"{type(exc).__name__}: {exc}"
    # smtplib reports a read that timed out as SMTPServerDisconnected raised from the timeout.
    if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
        thai = "เซิร์ฟเวอร์อีเมลไม่ตอบสนองภายในเวลาที่กำหนด"
    elif isinstance(exc, ConnectionError):
        thai = "เชื่อมต่อเซิร์ฟเวอร์อีเมลไม่ได้"
    elif isinstance(exc, smtplib.SMTPServerDisconnected):
        thai = "เซิร์ฟเวอร์อีเมลตัดการเชื่อมต่อกลางคัน"
    elif isinstance(exc, smtplib.SMTPRecipientsRefused):
        thai = "เซิร์ฟเวอร์อีเมลยังไม่รับที่อยู่ผู้รับในตอนนี้ จะลองส่งใหม่"
        detail = f"{type(exc).__name__}: {server_replies(exc)}"
    elif isinstance(exc, smtplib.SMTPAuthenticationError):
        thai = "เซิร์ฟเวอร์อีเมลไม่ยอมรับชื่อผู้ใช้หรือรหัสผ่าน"
    elif isinstance(exc, smtplib.SMTPException):
        thai = "เซิร์ฟเวอร์อีเมลตอบกลับด้วยข้อผิดพลาด"
    else:
        thai = "ส่งอีเมลไม่สำเร็จ"
    return f"{thai} ({detail})"[:1000]


def _record_failure(delivery: Delivery, error: str, *, permanent: bool) -> None:
    delivery.last_error = error
    delivery.locked_until = None
    if permanent or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = utcnow() + backoff(delivery.attempts)
    current_app.logger.warning("delivery %s failed: %s", delivery.id, error)


def _record_internal_failure(delivery_id: int, exc: Exception) -> DeliveryStatus:
    """Count the attempt without loading the row (it may be what cannot be read)."""
    attempts = db.session.scalar(select(Delivery.attempts).where(Delivery.id == delivery_id)) or 0
    status = DeliveryStatus.FAILED if attempts >= MAX_ATTEMPTS else DeliveryStatus.PENDING
    db.session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(
            status=status,
            locked_until=None,
            next_attempt_at=utcnow() + backoff(attempts),
            last_error=f"ระบบส่งข้อความขัดข้องภายใน ({type(exc).__name__}: {exc})"[:1000],
        )
    )
    db.session.commit()
    return status


def run_once(worker: str | None = None) -> int:
    """Send everything due now; returns how many deliveries were attempted."""
    worker = worker or worker_name()
    attempted = 0
    while ids := claim_due(worker):
        for delivery_id in ids:
            send_claimed(delivery_id)
            attempted += 1
    return attempted


def queue_digest_if_due(last_day: date | None, now: datetime | None = None) -> date | None:
    """Queue the daily digests once a day from PORTAL_DIGEST_HOUR (Bangkok) on.

    Returns the day done. Several workers may do this at once: a digest's Message-ID is
    fixed per officer and day, so each officer still gets exactly one.
    """
    from portal.delivery.digest import send_daily_digests

    hour = current_app.config.get("PORTAL_DIGEST_HOUR", 7)
    local = to_local(now or utcnow())
    if hour < 0 or local.hour < hour or last_day == local.date():
        return last_day
    send_daily_digests(local.date())
    db.session.commit()
    return local.date()


def run_forever(poll_seconds: float = 2.0, should_stop=lambda: False) -> None:
    """The worker loop; survives an unavailable database and retries later."""
    from portal.reports.schedule import prepare_reports_if_due

    worker = worker_name()
    digest_day: date | None = None
    report_day: date | None = None
    while not should_stop():
        try:
            digest_day = queue_digest_if_due(digest_day)
            report_day = prepare_reports_if_due(report_day)
            attempted = run_once(worker)
        except OperationalError as exc:
            db.session.rollback()
            current_app.logger.error("worker: database unavailable: %s", exc)
            attempted = 0
        if not attempted:
            time.sleep(poll_seconds)
