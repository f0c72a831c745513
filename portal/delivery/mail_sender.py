"""Sending one e-mail row over SMTP, and explaining SMTP failures in Thai for staff."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from flask_mail import Message

from portal.delivery.outbox import sender_for
from portal.extensions import db, mail
from portal.models import Delivery, Office


class PermanentFailure(Exception):
    """The server refused this message for good; retrying cannot help."""


def send_email(delivery: Delivery) -> None:
    message = Message(
        subject=delivery.subject,
        sender=sender_for(db.session.get(Office, delivery.office_id)),
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
