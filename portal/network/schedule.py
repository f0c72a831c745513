"""What the outbox worker does for the network by itself: the reminders once a Bangkok day from
PORTAL_NETWORK_REMIND_HOUR, and each month's coverage figures once the month is over.

Both are kept in the database, not only in the worker's memory, so a restarted worker or a
second one does not send the PR officers the same reminder twice the same day, nor record a
month again: a day's reminders leave a "reminder/run" line in the registry's history, and a
month is done once its figures were recorded after it ended. A failure in one office is
logged and rolled back; the others and the outbox go on (a lost database is the worker's own
affair, so :class:`OperationalError` is passed up).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from portal.clock import BANGKOK, to_local, utcnow
from portal.extensions import db
from portal.models import Office
from portal.network.coverage import (
    month_bounds,
    month_start,
    read_channel_figures,
    record_month,
)
from portal.network.models import CoverageFigure, NetworkChange
from portal.network.registry import log_change
from portal.network.reminders import send_reminders


def _offices() -> list[Office]:
    return list(db.session.scalars(select(Office).order_by(Office.id)))


def _day_start_utc(day: date) -> datetime:
    start = datetime(day.year, day.month, day.day, tzinfo=BANGKOK)
    return start.astimezone(UTC).replace(tzinfo=None)


def reminded_on(office: Office, day: date) -> bool:
    """Whether ``office``'s reminders already went on the Bangkok ``day``."""
    start = _day_start_utc(day)
    return (
        db.session.scalar(
            select(NetworkChange.id).where(
                NetworkChange.office_id == office.id,
                NetworkChange.subject == "reminder",
                NetworkChange.action == "run",
                NetworkChange.created_at >= start,
                NetworkChange.created_at < start + timedelta(days=1),
            )
        )
        is not None
    )


def remind_if_due(last_day: date | None, now: datetime | None = None) -> date | None:
    """The worker's call: once a Bangkok day from the configured hour, every office's
    reminders. Returns the day done."""
    hour = current_app.config.get("PORTAL_NETWORK_REMIND_HOUR", 9)
    local = to_local(now or utcnow())
    today = local.date()
    if hour < 0 or local.hour < hour or last_day == today:
        return last_day
    quiet_days = current_app.config.get("PORTAL_NETWORK_QUIET_DAYS", 60)
    for office in _offices():
        try:
            if reminded_on(office, today):
                continue
            run = send_reminders(office, quiet_days)
            log_change(office, "reminder", "run")
            db.session.commit()
            current_app.logger.info(
                "network reminders of %s: %d correspondent(s), %d PR officer(s)",
                office.code,
                run.correspondents,
                run.pr_officers,
            )
        except OperationalError:
            raise
        except Exception:
            db.session.rollback()
            current_app.logger.exception("network reminders of %s failed", office.code)
    return today


def month_recorded(office: Office, month: date) -> bool:
    """Whether ``month``'s figures were recorded after the month ended."""
    _start, end = month_bounds(month)
    return (
        db.session.scalar(
            select(CoverageFigure.id).where(
                CoverageFigure.office_id == office.id,
                CoverageFigure.month == month,
                CoverageFigure.name == "with_correspondent",
                CoverageFigure.recorded_at >= end,
            )
        )
        is not None
    )


def record_coverage_if_due(last_day: date | None, now: datetime | None = None) -> date | None:
    """The worker's call: looked at once a Bangkok day; the month that ended last is recorded
    once, with the Page's followers and the LINE friends read as it ended. Returns the day
    looked at."""
    today = to_local(now or utcnow()).date()
    if last_day == today:
        return last_day
    month = month_start(month_start(today) - timedelta(days=1))
    for office in _offices():
        try:
            if month_recorded(office, month):
                continue
            read_channel_figures(office, today=month_start(today), month=month)
            record_month(office, month)
            db.session.commit()
            current_app.logger.info("network coverage of %s %s recorded", office.code, month)
        except OperationalError:
            raise
        except Exception:
            db.session.rollback()
            current_app.logger.exception("network coverage of %s %s failed", office.code, month)
    return today
