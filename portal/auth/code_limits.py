"""Wrong second-factor codes counted on the account itself, from every address.

The password step is limited per account *and* address, so nobody can lock a colleague out
from elsewhere. The code step is different: only someone who knows the password reaches it,
so its guesses are counted on the account in the database, whatever address they come from
(40 wrong codes from 8 addresses used to pass). Every ``ATTEMPTS`` consecutive wrong codes
lock the account's codes for a time that doubles with each lock (15 minutes, 30, an hour …,
at most a day): a handful of guesses a day at a one-in-a-million code. A right code starts
the count afresh; so does an administrator's reset of the account's two-factor. A passkey
still signs its owner in while codes are locked: it cannot be guessed, and the owner should
not be locked out by whoever has the password.

Each attempt is counted *before* the code is checked, in one conditional UPDATE that also
refuses while the lock holds: the row lock serialises the attempts of one account, so
attempts sent at once cannot slip past the count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from portal.clock import utcnow
from portal.extensions import db
from portal.models import User

ATTEMPTS = 5  # wrong codes in a row before a lock
FIRST_LOCK = timedelta(minutes=15)
LONGEST_LOCK = timedelta(days=1)


def _attempts() -> int:
    return int(current_app.config.get("PORTAL_SECOND_FACTOR_ATTEMPTS", ATTEMPTS))


def take_attempt(user: User, now: datetime | None = None) -> int | None:
    """Count one code attempt; the attempt's number in the run, or None while locked."""
    now = now or utcnow()
    counted = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.second_factor_locked_until.is_(None),
                                       User.second_factor_locked_until <= now))
        .values(second_factor_failures=User.second_factor_failures + 1)
        .returning(User.second_factor_failures)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.expire(user, ["second_factor_failures"])
    return counted


def locked_until(user: User, now: datetime | None = None) -> datetime | None:
    """When the account's codes work again, or None when they work now (read afresh)."""
    until = db.session.scalar(
        select(User.second_factor_locked_until).where(User.id == user.id))
    return until if until is not None and until > (now or utcnow()) else None


def lock_after(user: User, attempt: int, now: datetime | None = None) -> datetime | None:
    """After the wrong code numbered ``attempt``: lock when it completes a run; until when."""
    allowed = _attempts()
    if attempt % allowed:
        return None
    now = now or utcnow()
    locks = attempt // allowed
    until = now + min(FIRST_LOCK * 2 ** min(locks - 1, 16), LONGEST_LOCK)
    db.session.execute(update(User).where(User.id == user.id)
                       .values(second_factor_locked_until=until)
                       .execution_options(synchronize_session=False))
    db.session.expire(user, ["second_factor_locked_until"])
    return until


def clear(user: User) -> None:
    """A right code, or an administrator's reset: the count starts afresh."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(second_factor_failures=0, second_factor_locked_until=None)
                       .execution_options(synchronize_session=False))
    db.session.expire(user, ["second_factor_failures", "second_factor_locked_until"])
