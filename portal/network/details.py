"""Checking a person's contact details and a school's Page, for forms and imports alike."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import thai
from portal.thai import clean_text

FACEBOOK_HOSTS = {
    "facebook.com",
    "www.facebook.com",
    "m.facebook.com",
    "web.facebook.com",
    "fb.com",
    "www.fb.com",
}


class DetailError(ValueError):
    """A detail that cannot be kept, with a Thai message for the person who typed it."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class PersonDetails:
    """A correspondent's or committee member's details, checked and normalised."""

    name: str
    position: str = ""
    phone: str = ""
    email: str = ""
    line_id: str = ""


def check_person(
    name: str, position: str = "", phone: str = "", email: str = "", line_id: str = ""
) -> PersonDetails:
    """The details normalised, or :class:`DetailError` naming the first bad one."""
    name, position = clean_text(name), clean_text(position)
    if not name:
        raise DetailError(_l("ต้องระบุชื่อ"))
    if not thai.NAME_RE.match(name) or len(name) > 200:
        raise DetailError(_l("ชื่อใช้ได้เฉพาะตัวอักษรไทยหรืออังกฤษ เว้นวรรค จุด และขีด"))
    if len(position) > 200:
        raise DetailError(_l("ตำแหน่งยาวเกิน 200 ตัวอักษร"))
    return PersonDetails(
        name=name,
        position=position,
        phone=check_phone(phone),
        email=check_email(email),
        line_id=check_line_id(line_id),
    )


def check_phone(text: str) -> str:
    text = clean_text(text)
    if not text:
        return ""
    formatted = thai.normalise_phone(text)
    if formatted is None:
        raise DetailError(
            _l("หมายเลขโทรศัพท์ไม่ถูกต้อง: มือถือ 10 หลักขึ้นต้นด้วย 06 08 หรือ 09 หรือโทรศัพท์บ้าน 9 หลัก")
        )
    return formatted


def check_email(text: str) -> str:
    text = clean_text(text)
    if not text:
        return ""
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise DetailError(_l("อีเมลไม่ถูกต้อง")) from exc


def check_line_id(text: str) -> str:
    text = clean_text(text).lower().removeprefix("@") if text else ""
    if text and not thai.LINE_ID_RE.match(text):
        raise DetailError(_l("LINE ID ใช้ตัวอักษรอังกฤษ ตัวเลข จุด ขีด หรือขีดล่าง 4–20 ตัว"))
    return text


def check_page_url(text: str) -> str:
    """A school's Facebook Page address (https://www.facebook.com/…), or ""."""
    text = clean_text(text)
    if not text:
        return ""
    if not re.match(r"^https?://", text):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.hostname not in FACEBOOK_HOSTS or len(parts.path.strip("/")) < 2 or len(text) > 300:
        raise DetailError(_l("ที่อยู่เพจต้องเป็นเพจ Facebook เช่น https://www.facebook.com/ชื่อเพจ"))
    return f"https://www.facebook.com{parts.path.rstrip('/')}" + (
        f"?{parts.query}" if parts.query else ""
    )


def email_digest(email: str) -> str:
    """A keyed hash of an e-mail address: correspondents are found by it, not by plain text."""
    secret = current_app.config["SECRET_KEY"]
    key = secret.encode() if isinstance(secret, str) else bytes(secret)
    return hmac.new(
        key, b"sujarit/network-email/v1\x00" + email.strip().lower().encode(), hashlib.sha256
    ).hexdigest()


def token_digest(token: str) -> str:
    """A keyed hash of an invitation or sign-in token: the table holds no usable token."""
    secret = current_app.config["SECRET_KEY"]
    key = secret.encode() if isinstance(secret, str) else bytes(secret)
    return hmac.new(
        key, b"sujarit/network-token/v1\x00" + token.encode(), hashlib.sha256
    ).hexdigest()
