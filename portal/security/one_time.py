"""Server-side one-time marks: what is "shown once" stays shown once even if a session replays.

A secret shown once (a reporter's fresh receipt) travels in the
signed, encrypted session; the session alone cannot forget it, because an old cookie can be
sent again. So the session also carries a mark whose row lives here, and the secret is shown
only while that row exists. Spending the mark is one conditional DELETE: of two requests racing
with the same cookie, one wins.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from portal.clock import utcnow
from portal.extensions import db
from portal.models import OneTimeMark, OneTimePurpose

# How long a mark lives if nobody spends it: a reporter reading and copying their receipt,
# a person touching their passkey (the browser gives up after a few minutes).
LIFETIME = {
    OneTimePurpose.RECEIPT: timedelta(hours=1),
    OneTimePurpose.PASSKEY_CHALLENGE: timedelta(minutes=5),
}


# Expired marks are dead already (``mark_is_live`` checks the time); spending a mark clears
# them on the way, at most once a minute in each process, so issuing one (in every
# submission) costs a single INSERT.
SWEEP_EVERY = timedelta(minutes=1)
_last_sweep: list = [None]


def issue_mark(purpose: OneTimePurpose, token: str | None = None) -> str:
    """A new mark for ``purpose`` (``token`` when given: a passkey challenge is its own mark)."""
    now = utcnow()
    token = token or secrets.token_urlsafe(32)
    db.session.add(OneTimeMark(token=token, purpose=purpose, expires_at=now + LIFETIME[purpose]))
    return token  # written with the caller's commit


def mark_is_live(token: str | None, purpose: OneTimePurpose) -> bool:
    """True while the mark exists and has not expired."""
    if not token:
        return False
    expires_at = db.session.scalar(
        select(OneTimeMark.expires_at).where(OneTimeMark.token == token,
                                             OneTimeMark.purpose == purpose))
    return expires_at is not None and expires_at > utcnow()


def spend_mark(token: str | None, purpose: OneTimePurpose) -> bool:
    """Delete the mark; True only for the one caller that removed a live mark.

    Expired marks of any purpose are cleared on the way, at most once a minute per process.
    """
    now = utcnow()
    if _last_sweep[0] is None or now - _last_sweep[0] >= SWEEP_EVERY:
        db.session.execute(delete(OneTimeMark).where(OneTimeMark.expires_at <= now))
        _last_sweep[0] = now
    if not token:
        return False
    result = db.session.execute(
        delete(OneTimeMark).where(OneTimeMark.token == token, OneTimeMark.purpose == purpose,
                                  OneTimeMark.expires_at > utcnow()))
    return result.rowcount == 1
