"""Counting failures (wrong receipts) per client and per target, in the limiter's storage."""

from __future__ import annotations

from flask import current_app
from limits import parse

from portal.extensions import limiter


def _limit():
    return parse(current_app.config["PORTAL_RATE_LIMIT_TRACK"])


def blocked(*keys: str) -> bool:
    """True when any of ``keys`` has used up its allowance of failures."""
    item = _limit()
    return any(not limiter.limiter.test(item, "track-failure", key) for key in keys)


def record_failure(*keys: str) -> None:
    item = _limit()
    for key in keys:
        limiter.limiter.hit(item, "track-failure", key)
