"""How often a reporter may write (replies, verdicts, ratings): per address and per case.

Counted only once the browser has opened the case with its receipt, so nobody can use up
another reporter's allowance by posting to their case number.
"""

from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse

from portal.extensions import limiter

SCOPE = "reporter-write"


def take_reporter_write(case_number: str) -> bool:
    """Count one write; False (and nothing counted) when either allowance is used up."""
    config = current_app.config
    counters = (
        (parse(config["PORTAL_RATE_LIMIT_REPORTER"]), f"ip:{get_remote_address()}"),
        (parse(config["PORTAL_RATE_LIMIT_CASE_WRITES"]), f"case:{case_number}"),
    )
    if not all(limiter.limiter.test(item, SCOPE, key) for item, key in counters):
        return False
    for item, key in counters:
        limiter.limiter.hit(item, SCOPE, key)
    return True
