"""Sending one e-mail row over SMTP, and explaining SMTP failures in Thai for staff."""

from __future__ import annotations

import smtplib
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.charset import QP, Charset
from email.utils import parseaddr

from flask import current_app
from flask_mail import Connection, Message

from portal.delivery.mail_headers import encode_address, encode_words
from portal.delivery.outbox import sender_for
from portal.extensions import db, mail
from portal.models import Delivery, Office

# Flask-Mail has already RFC 2047-encoded every header (subject, names) when it builds the
# MIME tree; generating with compat32 writes them as they are. Flask-Mail's own policy.SMTP
# parses and refolds each header again, about 5 ms of CPU for a Thai subject and sender.
WIRE_POLICY = policy.compat32.clone(linesep="\r\n", max_line_length=None)
# Flask-Mail sends UTF-8 text as 8bit, as it is. SMTP allows 998 bytes a line (RFC 5321
# 4.5.3.1.6), and a Thai paragraph of 333 letters is that long: such a part goes as
# quoted-printable instead, whose lines are short whatever the text.
MAX_LINE_BYTES = 998
UTF8_QUOTED_PRINTABLE = Charset("utf-8")
UTF8_QUOTED_PRINTABLE.body_encoding = QP


class PermanentFailure(Exception):
    """The server refused this message for good; retrying cannot help."""


class MailMessage(Message):
    """A Flask-Mail message whose bytes are generated without refolding its headers, and
    whose Thai From name and subject are encoded by whole clusters."""

    def __init__(self, *, sender: tuple[str, str] | str, **fields) -> None:
        super().__init__(sender=sender, **fields)
        # Flask-Mail keeps the sender as "name <address>", which a parser cannot always split
        # back (a name may hold parentheses): the pair is kept as given.
        self.sender_pair = sender if isinstance(sender, tuple) else parseaddr(sender)

    def _message(self):
        message = super()._message()
        # Under Flask-Mail's policy.SMTP a header set here would be parsed (decoded) again.
        message.policy = WIRE_POLICY
        message.replace_header("From", encode_address(*self.sender_pair))
        if self.subject:
            message.replace_header("Subject", encode_words(self.subject))
        for part in message.walk():
            if not part.is_multipart() and part.get_content_maintype() == "text":
                _shorten_lines(part)
        return message

    def as_bytes(self) -> bytes:
        return self._message().as_bytes(policy=WIRE_POLICY)


def _shorten_lines(part) -> None:
    """Re-encode a text part as quoted-printable when a line of it is too long for SMTP."""
    raw = part.get_payload(decode=True) or b""
    if all(len(line) <= MAX_LINE_BYTES for line in raw.splitlines()):
        return
    del part["Content-Transfer-Encoding"]
    part.set_payload(raw.decode(part.get_content_charset() or "utf-8"), UTF8_QUOTED_PRINTABLE)


def send_email(delivery: Delivery, smtp: SmtpSession | None = None) -> None:
    """Send one row over ``smtp`` (a connection kept open between rows) or a connection of
    its own."""
    message = MailMessage(
        subject=delivery.subject,
        sender=sender_for(db.session.get(Office, delivery.office_id)),
        recipients=[delivery.recipient],
        body=delivery.body_text,
        html=delivery.body_html or None,
    )
    message.msgId = delivery.message_id
    try:
        if smtp is None:
            with smtp_timeout(), mail.connect() as connection:
                connection.send(message)
        else:
            smtp.send(message)
    except smtplib.SMTPRecipientsRefused as exc:
        # Only a 5xx refusal is final; a 4xx one (greylisting, a full mailbox) is retried.
        if all(code >= 500 for code, _reply in exc.recipients.values()):
            raise PermanentFailure(
                f"เซิร์ฟเวอร์อีเมลปฏิเสธที่อยู่ผู้รับ ({server_replies(exc)})"
            ) from exc
        raise


class SmtpSession:
    """One SMTP connection for the e-mail rows of a worker run: opened on the first message,
    closed at the end. After any error it is dropped and the next message opens a new one;
    one left idle longer than ``IDLE_SECONDS`` (servers hang up on idle clients) too."""

    IDLE_SECONDS = 30.0

    def __init__(self) -> None:
        self.connection: Connection | None = None
        self.last_used = 0.0

    def __enter__(self) -> SmtpSession:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def send(self, message: Message) -> None:
        if self.connection is not None and time.monotonic() - self.last_used > self.IDLE_SECONDS:
            self.close()
        with smtp_timeout():
            try:
                if self.connection is None:
                    connection = mail.connect()
                    self.connection = connection.__enter__()
                self.connection.send(message)
            except BaseException:
                self._drop()
                raise
        self.last_used = time.monotonic()

    def close(self) -> None:
        """Say QUIT; a server that went away meanwhile changes nothing."""
        connection, self.connection = self.connection, None
        if connection is not None and connection.host is not None:
            try:
                connection.host.quit()
            except (OSError, smtplib.SMTPException):
                connection.host.close()

    def _drop(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None and connection.host is not None:
            connection.host.close()


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
