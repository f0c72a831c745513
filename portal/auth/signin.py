"""Signing in: the password step, lock-outs, and the record of every attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.auth import limits
from portal.auth.errors import SignInRefused
from portal.clock import utcnow
from portal.extensions import db
from portal.models import SignInRecord, User
from portal.security.passwords import hash_password, verify_password

WRONG_CREDENTIALS = _l("อีเมลหรือรหัสผ่านไม่ถูกต้อง กรุณาตรวจสอบแล้วลองอีกครั้ง")
TOO_MANY_FROM_HERE = _l("มีการลงชื่อเข้าใช้ไม่สำเร็จจากเครือข่ายนี้หลายครั้งเกินไป "
                        "กรุณารอสักครู่แล้วลองอีกครั้ง")


@cache
def _dummy_hash() -> str:
    """Verified when the e-mail is unknown, so a wrong address takes as long as a wrong
    password (made on first use: start-up stays quick)."""
    return hash_password("not a password: only here to spend the same time")


@dataclass(frozen=True)
class Client:
    """Who is knocking: the address and browser, as the sign-in record keeps them."""

    ip: str
    user_agent: str


def find_user(email: str) -> User | None:
    email = email.strip().casefold()
    return db.session.scalar(select(User).where(func.lower(User.email) == email))


def record_attempt(client: Client, email: str, user: User | None, success: bool,
                   reason: str = "") -> SignInRecord:
    """Keep one attempt in the sign-in record."""
    record = SignInRecord(user_id=user.id if user else None, email=email[:200],
                          ip_address=client.ip[:64], user_agent=client.user_agent[:300],
                          success=success, reason=reason)
    db.session.add(record)
    return record


def authenticate(email: str, password: str, client: Client, now: datetime | None = None) -> User:
    """The user whose e-mail and password these are, or :class:`SignInRefused`.

    Every refusal is recorded and counted against the address, and against the account *at
    that address*: five failures lock the account for 15 minutes from there only, so nobody
    elsewhere can lock a colleague out. An unknown e-mail is counted and locked exactly like
    a known one, and the same message answers an unknown e-mail, an inactive account and a
    wrong password, so neither the answers nor the lock tell which accounts exist.
    """
    email = email.strip()
    if limits.sign_in_blocked(client.ip):
        record_attempt(client, email, None, False, "ip_blocked")
        raise SignInRefused(TOO_MANY_FROM_HERE, "ip_blocked")
    user = find_user(email)
    key = limits.account_key(email, user, client.ip)
    until = limits.account_locked_until(key)
    if until is not None:
        record_attempt(client, email, user, False, "locked")
        raise SignInRefused(locked_message(until), "locked", until)
    if user is None:
        verify_password(_dummy_hash(), password)
        refuse(client, email, None, key, "unknown_email")
    if not verify_password(user.password_hash, password):
        refuse(client, email, user, key, "bad_password")
    if not user.active:
        refuse(client, email, user, key, "inactive")
    return user


def refuse(client: Client, email: str, user: User | None, key: str, reason: str,
           message=WRONG_CREDENTIALS):
    """Record and count a failure, then raise; the failure that locks says until when."""
    record_attempt(client, email, user, False, reason)
    limits.record_sign_in_failure(client.ip)
    until = limits.record_account_failure(key)
    raise SignInRefused(locked_message(until) if until else message, reason, until)


def locked_message(until: datetime):
    from portal.filters import thai_date

    return _l("บัญชีนี้ถูกล็อกชั่วคราวเพราะใส่รหัสผ่านหรือรหัสยืนยันผิดหลายครั้ง "
              "ลงชื่อเข้าใช้ได้อีกครั้งหลัง %(when)s หรือตั้งรหัสผ่านใหม่ทางอีเมล",
              when=thai_date(until, "datetime"))


def complete_sign_in(user: User, client: Client, now: datetime | None = None) -> None:
    """Every step passed: record the success and start this address's count afresh."""
    limits.clear_account_failures(limits.account_key(user.email, user, client.ip))
    user.last_sign_in_at = now or utcnow()
    record_attempt(client, user.email, user, True)


def recent_sign_ins(user: User, limit: int = 20) -> list[SignInRecord]:
    """The user's latest sign-in attempts, newest first."""
    query = (select(SignInRecord).where(SignInRecord.user_id == user.id)
             .order_by(SignInRecord.created_at.desc(), SignInRecord.id.desc()).limit(limit))
    return list(db.session.scalars(query))
