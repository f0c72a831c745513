"""Changing, resetting and first setting a staff password; every change ends the user's other
sessions. Nobody sees another's password: a new account gets a set-password link by e-mail."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portal.auth import limits
from portal.auth.errors import InvalidResetLink, PasswordRejected, WrongPassword
from portal.auth.signin import find_user, locked_message
from portal.delivery.staff_mail import enqueue_staff_email
from portal.extensions import db
from portal.links import public_url
from portal.models import Delivery, Office, User
from portal.security.password_policy import password_problem
from portal.security.passwords import hash_password, verify_password

RESET_SALT = "staff-password-reset"
RESET_MAX_AGE = 3600  # seconds: a reset link works for one hour
RESET_SUBJECT = _l("ตั้งรหัสผ่านใหม่สำหรับระบบสุจริต")
BAD_LINK = _l("ลิงก์ตั้งรหัสผ่านใหม่นี้ใช้ไม่ได้ อาจหมดอายุ (เกิน 1 ชั่วโมง) หรือถูกใช้ไปแล้ว "
              "กรุณาขอลิงก์ใหม่")
INVITE_SALT = "staff-account-invitation"
INVITE_MAX_AGE = 3 * 24 * 3600  # a new colleague may not read the mail the same day
INVITE_SUBJECT = _l("บัญชีเจ้าหน้าที่ของท่านในระบบสุจริต: ตั้งรหัสผ่าน")
BAD_INVITE = _l("ลิงก์ตั้งรหัสผ่านนี้ใช้ไม่ได้ อาจหมดอายุ (เกิน 3 วัน) หรือตั้งรหัสผ่านไปแล้ว "
                "ขอลิงก์ใหม่ได้ที่หน้านี้ด้วยอีเมลของบัญชี")


def set_password(user: User, new_password: str) -> None:
    """Store ``new_password`` (if the policy allows it) and end every session of the user."""
    problem = password_problem(new_password, email=user.email, name=user.name)
    if problem is not None:
        raise PasswordRejected(problem)
    if verify_password(user.password_hash, new_password):
        raise PasswordRejected(_l("รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม"))
    user.password_hash = hash_password(new_password)
    user.session_version += 1


def change_password(user: User, current_password: str, new_password: str, ip: str) -> None:
    """A signed-in user's change: the current password first, counted like a sign-in from
    ``ip`` (the same lock per account and address)."""
    key = limits.account_key(user.email, user, ip)
    until = limits.account_locked_until(key)
    if until is not None:
        raise WrongPassword(locked_message(until))
    if not verify_password(user.password_hash, current_password):
        until = limits.record_account_failure(key)
        raise WrongPassword(locked_message(until) if until else _l("รหัสผ่านปัจจุบันไม่ถูกต้อง"))
    set_password(user, new_password)


# --- reset by e-mail -------------------------------------------------------------------------


def _serializer(salt: str = RESET_SALT) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(user: User) -> str:
    """Changes whenever the password does, so a link dies once used; reveals nothing."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, user.password_hash.encode(), hashlib.sha256).hexdigest()[:24]


def make_reset_token(user: User, salt: str = RESET_SALT) -> str:
    return _serializer(salt).dumps({"u": user.id, "p": _fingerprint(user)})


def user_for_reset_token(token: str, max_age: int = RESET_MAX_AGE, salt: str = RESET_SALT,
                         bad_link=BAD_LINK) -> User:
    """The active user a valid, unused, unexpired token was made for; else InvalidResetLink."""
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature) as exc:
        raise InvalidResetLink(bad_link) from exc
    user_id = data.get("u") if isinstance(data, dict) else None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or not hmac.compare_digest(
            str(data.get("p", "")), _fingerprint(user)):
        raise InvalidResetLink(bad_link)
    return user


def user_for_invitation(token: str) -> User:
    """The new account an invitation link was made for, until its password is first set."""
    return user_for_reset_token(token, INVITE_MAX_AGE, INVITE_SALT, BAD_INVITE)


def send_invitation(user: User, locale: str = "th") -> Delivery:
    """Queue the new account's e-mail with a link to set its password (3 days, once).

    The account's stored password is a random one nobody was shown; the link dies when the
    owner sets theirs (the token carries a fingerprint of the stored hash).
    """
    office = db.session.get(Office, user.office_id)
    link = public_url("auth.set_first_password", token=make_reset_token(user, INVITE_SALT))
    return enqueue_staff_email(office, user.email, "account_invitation", INVITE_SUBJECT, locale,
                               user=user, set_url=link, days=INVITE_MAX_AGE // 86400)


def set_first_password(token: str, new_password: str) -> User:
    """The owner of a new account sets its password through the invitation link."""
    user = user_for_invitation(token)
    set_password(user, new_password)
    return user


def request_password_reset(email: str, locale: str = "th") -> Delivery | None:
    """Queue a reset e-mail if ``email`` belongs to an active user; the caller says the same
    thing either way. At most a few e-mails an hour go to one address."""
    user = find_user(email)
    if user is None or not user.active or not limits.take_reset_mail(user.email):
        return None
    office = db.session.get(Office, user.office_id)
    link = public_url("auth.reset_password", token=make_reset_token(user))
    return enqueue_staff_email(office, user.email, "password_reset", RESET_SUBJECT, locale,
                               user=user, reset_url=link, minutes=RESET_MAX_AGE // 60)


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link; the link then stops working.

    The account's locks are lifted (a new session version makes new counters): whoever holds
    the mailbox has proven who they are.
    """
    user = user_for_reset_token(token)
    set_password(user, new_password)
    return user
