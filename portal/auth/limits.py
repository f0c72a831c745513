"""Failure counters per client address, in the rate limiter's storage (Redis or memory)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from flask import current_app
from limits import parse

from portal.extensions import limiter

SIGN_IN_DEFAULT = "30 per 15 minutes"  # failures from one address (a whole office may share one)
# Failures for one account from one address. Never per account alone: anyone who knows a
# colleague's address could then lock them out, and a lock on known accounts only would
# tell a stranger which addresses have accounts.
ACCOUNT_DEFAULT = "5 per 15 minutes"
RESET_MAIL_DEFAULT = "3 per hour"  # reset e-mails to one address: no mail-bombing a colleague


def _item(setting: str, default: str):
    return parse(current_app.config.get(setting, default))


def sign_in_blocked(ip: str) -> bool:
    """True when this address has used up its allowance of failed sign-ins."""
    item = _item("PORTAL_RATE_LIMIT_SIGN_IN", SIGN_IN_DEFAULT)
    return not limiter.limiter.test(item, "sign-in-failure", ip)


def record_sign_in_failure(ip: str) -> None:
    limiter.limiter.hit(_item("PORTAL_RATE_LIMIT_SIGN_IN", SIGN_IN_DEFAULT), "sign-in-failure", ip)


def account_key(email: str, user, ip: str) -> str:
    """The counter of one account at one address; an unknown e-mail is counted the same way.

    A known account's key includes its session version, so a password reset (which bumps
    it) lifts the lock; the e-mail is hashed so no address sits in the limiter's storage.
    """
    who = f"user:{user.id}:{user.session_version}" if user is not None else (
        "email:" + email.strip().casefold())
    return hashlib.sha256(f"{who}|{ip}".encode()).hexdigest()


def _account_item():
    return _item("PORTAL_RATE_LIMIT_ACCOUNT", ACCOUNT_DEFAULT)


def account_locked_until(key: str) -> datetime | None:
    """When this account may be tried again from this address, or None if it may now."""
    item = _account_item()
    if limiter.limiter.test(item, "sign-in-account", key):
        return None
    reset_at, _remaining = limiter.limiter.get_window_stats(item, "sign-in-account", key)
    return datetime.fromtimestamp(reset_at, UTC).replace(tzinfo=None)


def record_account_failure(key: str) -> datetime | None:
    """Count a failure; when it uses up the allowance, the time the lock ends."""
    limiter.limiter.hit(_account_item(), "sign-in-account", key)
    return account_locked_until(key)


def clear_account_failures(key: str) -> None:
    """A successful sign-in from this address starts its count afresh."""
    limiter.limiter.clear(_account_item(), "sign-in-account", key)


def take_reset_mail(email: str) -> bool:
    """Count one reset e-mail to ``email``; False when its allowance is used up."""
    item = _item("PORTAL_RATE_LIMIT_RESET_MAIL", RESET_MAIL_DEFAULT)
    return limiter.limiter.hit(item, "reset-mail", email.casefold())
