"""The second sign-in step: authenticator codes, enrolment, and removing the authenticator."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, update
from sqlalchemy.orm.attributes import set_committed_value

from portal.auth import code_limits, limits
from portal.auth.errors import SignInRefused, WrongPassword
from portal.auth.signin import (
    TOO_MANY_FROM_HERE,
    Client,
    locked_message,
    record_attempt,
    refuse,
)
from portal.cases.errors import CaseError
from portal.clock import utcnow
from portal.extensions import db
from portal.models import User
from portal.security import totp
from portal.security.passwords import verify_password

WRONG_CODE = _l("รหัสยืนยันไม่ถูกต้องหรือหมดอายุแล้ว กรุณาดูรหัสล่าสุดในแอปยืนยันตัวตนแล้วลองอีกครั้ง")


def codes_locked_message(until: datetime):
    from portal.filters import thai_date

    return _l("ใส่รหัสยืนยันผิดหลายครั้งเกินไป ระบบจึงระงับการยืนยันด้วยรหัสจากแอปของบัญชีนี้ไว้ชั่วคราว "
              "ใช้รหัสได้อีกครั้งหลัง %(when)s (พาสคีย์ยังใช้ได้ตามปกติ) หากท่านไม่ได้ลองเข้าระบบเอง "
              "แสดงว่ามีผู้อื่นรู้รหัสผ่านของท่าน กรุณาตั้งรหัสผ่านใหม่ทันที",
              when=thai_date(until, "datetime"))


def verify_code(user: User, code: str, client: Client, moment: float | None = None) -> None:
    """Accept a current code from the user's authenticator once, else :class:`SignInRefused`.

    A wrong code counts like a wrong password (per account and address), and also on the
    account from every address (:mod:`portal.auth.code_limits`), so guessing from many
    addresses locks too.
    """
    if limits.sign_in_blocked(client.ip):
        record_attempt(client, user.email, user, False, "ip_blocked")
        raise SignInRefused(TOO_MANY_FROM_HERE, "ip_blocked")
    key = limits.account_key(user.email, user, client.ip)
    until = limits.account_locked_until(key)
    if until is not None:
        record_attempt(client, user.email, user, False, "locked")
        raise SignInRefused(locked_message(until), "locked", until)
    if not (user.totp_enabled and user.totp_secret):
        raise SignInRefused(WRONG_CODE, "not_enrolled")
    attempt = code_limits.take_attempt(user)
    if attempt is None:
        until = code_limits.locked_until(user) or utcnow()
        record_attempt(client, user.email, user, False, "codes_locked")
        raise SignInRefused(codes_locked_message(until), "codes_locked", until)
    step = totp.matching_step(user.totp_secret, code, user.totp_last_step or 0, moment)
    if step is None:
        until = code_limits.lock_after(user, attempt)
        try:
            refuse(client, user.email, user, key, "bad_code", WRONG_CODE)
        except SignInRefused as refused:
            if until is None:
                raise
            raise SignInRefused(codes_locked_message(until), "codes_locked", until) from refused
    if not claim_step(user, step):
        # Another request used this very code a moment ago: a code works once.
        record_attempt(client, user.email, user, False, "reused_code")
        raise SignInRefused(WRONG_CODE, "reused_code")
    code_limits.clear(user)


def claim_step(user: User, step: int) -> bool:
    """Record ``step`` as used, atomically: False when a concurrent request got there first.

    Reading ``totp_last_step`` and writing it back would let two requests that arrive
    together both accept one code; a conditional UPDATE lets only one of them change the row
    (the other waits for the row lock, then finds the condition false).
    """
    claimed = db.session.execute(
        update(User)
        .where(User.id == user.id,
               or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed == 1:
        set_committed_value(user, "totp_last_step", step)
    return claimed == 1


def begin_enrolment(user: User) -> str:
    """The secret to show while the user sets up an authenticator (kept until confirmed)."""
    if user.totp_enabled:
        raise CaseError(_l("บัญชีนี้ตั้งค่าการยืนยันตัวตนสองขั้นตอนไว้แล้ว"))
    if not user.totp_secret:
        user.totp_secret = totp.new_secret()
        user.totp_last_step = 0
    return user.totp_secret


def confirm_enrolment(user: User, code: str, moment: float | None = None) -> None:
    """Turn two-factor sign-in on once the user proves the authenticator shows our codes."""
    if user.totp_enabled or not user.totp_secret:
        raise CaseError(_l("ไม่พบการตั้งค่าที่รอยืนยัน กรุณาเริ่มตั้งค่าใหม่อีกครั้ง"))
    step = totp.matching_step(user.totp_secret, code, user.totp_last_step or 0, moment)
    if step is None or not claim_step(user, step):
        raise CaseError(WRONG_CODE)
    user.totp_enabled = True


def disable_two_factor(user: User, password: str) -> None:
    """Remove the authenticator app; only while a passkey remains as the second factor."""
    if not user.passkeys:
        raise CaseError(_l("บัญชีเจ้าหน้าที่ทุกบัญชีต้องมีการยืนยันตัวตนขั้นที่สองอย่างน้อยหนึ่งวิธี "
                           "กรุณาเพิ่มพาสคีย์ก่อน แล้วจึงลบแอปยืนยันตัวตน"))
    if not verify_password(user.password_hash, password):
        raise WrongPassword(_l("รหัสผ่านปัจจุบันไม่ถูกต้อง"))
    user.totp_enabled = False
    user.totp_secret = None
    user.totp_last_step = 0
