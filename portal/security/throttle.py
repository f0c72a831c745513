"""Counting failures (wrong receipts) per client and per client and target, in the limiter's
storage.

Never per target alone: case numbers are sequential, so a count per case would let anyone lock
a reporter out of their own case. A receipt has 80 random bits; guessing needs no case-wide cap.
"""

from __future__ import annotations

from flask import current_app
from limits import parse

from portal.extensions import limiter


def _limit():
    return parse(current_app.config["PORTAL_RATE_LIMIT_TRACK"])


def receipt_keys(address: str, number: str) -> tuple[str, str]:
    """The counters a wrong receipt spends: the address's, and the address's for this case."""
    return f"ip:{address}", f"ip-case:{address}:{number}"


def blocked(*keys: str) -> bool:
    """True when any of ``keys`` has used up its allowance of failures."""
    item = _limit()
    return any(not limiter.limiter.test(item, "track-failure", key) for key in keys)


def record_failure(*keys: str) -> None:
    item = _limit()
    for key in keys:
        limiter.limiter.hit(item, "track-failure", key)
