"""When reports are prepared: the first working day after a month (half year, fiscal year) ends.

Working days are the office's (Monday–Friday, not one of its holidays, see
``portal.cases.deadlines``). The worker calls :func:`prepare_due_reports` once a Bangkok day
from ``REPORT_HOUR`` on; preparing is idempotent, so a worker that was down catches up the
next day it runs, and several workers prepare each report once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from portal import clock
from portal.cases.deadlines import holidays_of, is_working_day
from portal.extensions import db
from portal.models import Office
from portal.reports.periods import Period, month_of, parse_period

REPORT_HOUR = 7  # Bangkok time: the e-mail is there when the director starts the day
CATCH_UP_DAYS = 40  # a worker down longer than this leaves the report to the command


@dataclass
class PrepareRun:
    prepared: list[tuple[str, str]] = field(default_factory=list)  # (office code, period)


def first_working_day_after(day: date, holidays) -> date:
    following = day + timedelta(days=1)
    while not is_working_day(following, holidays):
        following += timedelta(days=1)
    return following


def periods_ending_before(today: date) -> list[Period]:
    """The month that ended last, and the half year or fiscal year ending with it."""
    month = month_of(today.replace(day=1) - timedelta(days=1))
    periods = [month]
    if month.end.month == 3:
        periods.append(parse_period(f"fy{month.end.year + 543}-h1"))
    if month.end.month == 9:
        periods.append(parse_period(f"fy{month.end.year + 543}"))
    return periods


def due_periods(office: Office, today: date) -> list[Period]:
    """Periods whose report is due by ``today`` (from their first working day on)."""
    holidays = holidays_of(office, today)
    return [p for p in periods_ending_before(today)
            if first_working_day_after(p.end, holidays) <= today
            and (today - p.end).days <= CATCH_UP_DAYS]


def prepare_due_reports(now: datetime | None = None,
                        offices: list[Office] | None = None) -> PrepareRun:
    """Prepare every due report of every office (the directors get one e-mail each)."""
    from portal.reports.publishing import prepare_report

    today = clock.to_local(now or clock.utcnow()).date()
    run = PrepareRun()
    for office in offices or db.session.scalars(select(Office).order_by(Office.id)):
        for period in due_periods(office, today):
            _report, created = prepare_report(office, period, now)
            if created:
                run.prepared.append((office.code, period.key))
    return run


def prepare_reports_if_due(last_day: date | None, now: datetime | None = None) -> date | None:
    """The worker's daily call: from REPORT_HOUR on, once a Bangkok day; returns the day done."""
    local = clock.to_local(now or clock.utcnow())
    if local.hour < REPORT_HOUR or last_day == local.date():
        return last_day
    try:
        run = prepare_due_reports(now)
        db.session.commit()
    except OperationalError:
        raise  # the worker waits for the database and tries again
    except Exception:  # one broken report must not stop the outbox; the command can redo it
        db.session.rollback()
        current_app.logger.exception("preparing the reports of %s failed", local.date())
        return local.date()
    for code, key in run.prepared:
        current_app.logger.info("report %s %s prepared; directors told", code, key)
    return local.date()
