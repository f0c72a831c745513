"""Failure counters per client address, in the rate limiter's storage (Redis or memory)."""

from __future__ import annotations

from flask import current_app
from limits import parse

from portal.extensions import limiter

SIGN_IN_DEFAULT = "30 per 15 minutes"  # failures from one address (a whole office may share one)
RESET_MAIL_DEFAULT = "3 per hour"  # reset e-mails to one address: no mail-bombing a colleague


def _item(setting: str, default: str):
    return parse(current_app.config.get(setting, default))


def sign_in_blocked(ip: str) -> bool:
    """True when this address has used up its allowance of failed sign-ins."""
    item = _item("PORTAL_RATE_LIMIT_SIGN_IN", SIGN_IN_DEFAULT)
    return not limiter.limiter.test(item, "sign-in-failure", ip)


def record_sign_in_failure(ip: str) -> None:
    limiter.limiter.hit(_item("PORTAL_RATE_LIMIT_SIGN_IN", SIGN_IN_DEFAULT), "sign-in-failure", ip)


def take_reset_mail(email: str) -> bool:
    """Count one reset e-mail to ``email``; False when its allowance is used up."""
    item = _item("PORTAL_RATE_LIMIT_RESET_MAIL", RESET_MAIL_DEFAULT)
    return limiter.limiter.hit(item, "reset-mail", email.casefold())
