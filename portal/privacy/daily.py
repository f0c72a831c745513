"""The worker's daily purge of every office, once a Bangkok day from PURGE_HOUR on, and the
ROPA brought up to date with the settings."""

from __future__ import annotations

import time
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from portal.clock import BANGKOK, to_local, utcnow
from portal.extensions import db
from portal.models import Office
from portal.models.privacy import PurgeRun
from portal.privacy.purge import purge_office
from portal.privacy.ropa import current_ropa

PURGE_HOUR = 2  # Bangkok time: the quietest hour of the portal
# Between two batches the purge lets go of the database for a moment: on SQLite (one writer)
# a submission waiting on the lock gets it then (bench/purge.py measures the effect).
PAUSE = 0.02


def pause_between_batches() -> None:
    time.sleep(PAUSE)


def purge_if_due(last_day: date | None, now: datetime | None = None) -> date | None:
    """Purge each office not yet purged today; returns the day done (the worker keeps it)."""
    now = now or utcnow()
    local = to_local(now)
    hour = current_app.config.get("PORTAL_PURGE_HOUR", PURGE_HOUR)
    if hour < 0 or local.hour < hour or last_day == local.date():
        return last_day
    start_of_day = datetime.combine(local.date(), datetime.min.time(), BANGKOK)
    since = (start_of_day - start_of_day.utcoffset()).replace(tzinfo=None)  # naive UTC
    for office in db.session.scalars(select(Office).order_by(Office.id)).all():
        done = db.session.scalar(
            select(PurgeRun.id)
            .where(PurgeRun.office_id == office.id, PurgeRun.started_at >= since)
            .limit(1)
        )
        if done is None:
            purge_office(office, now=now, pause=pause_between_batches)
        current_ropa(office)  # settings changed elsewhere (office details, channels)
        db.session.commit()
    return local.date()
