"""Deadlines by the Thai rules (DESIGN §9): reply within 15 days, reminders, a paused clock.

Deadlines are timestamps (naive UTC) but are judged by the Bangkok calendar day: a reply
on the due date is on time whatever the hour, as days are counted in Thai practice.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import OPEN_STATUSES, Case, CaseStatus, CaseType, DeadlinePolicy, Holiday, Office


def policy_for(office: Office, case_type: CaseType) -> DeadlinePolicy:
    """The office's deadlines for ``case_type``: the stored policy, or the defaults.

    The defaults are not saved (two first submissions would race to insert them); the
    administrator's page stores a row when someone changes them. The reply deadline
    defaults to the office's published standard (``Office.reply_due_days``, normally 15).
    """
    stored = db.session.scalar(
        select(DeadlinePolicy).where(
            DeadlinePolicy.office_id == office.id, DeadlinePolicy.case_type == case_type
        )
    )
    if stored is not None:
        return stored
    return default_policy(office, case_type)


def default_policy(office: Office, case_type: CaseType) -> DeadlinePolicy:
    """The policy an office has for ``case_type`` until an administrator stores one."""
    reply_days = office.reply_due_days or 15
    return DeadlinePolicy(
        office_id=office.id,
        case_type=case_type,
        reply_days=reply_days,
        acknowledge_days=min(3, reply_days),
        first_reminder_day=min(10, reply_days),
        second_reminder_day=reply_days,
        reporter_completion_days=7,
        feedback_days=15,
        working_days=False,
    )


def holidays_of(office: Office, since: date | None = None) -> frozenset[date]:
    """The office's holidays from a year before ``since`` on (all of them without it)."""
    query = select(Holiday.day).where(Holiday.office_id == office.id)
    if since is not None:
        query = query.where(Holiday.day >= since - timedelta(days=366))
    return frozenset(db.session.scalars(query))


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_days(
    start: datetime, days: int, policy: DeadlinePolicy, holidays: Collection[date] = ()
) -> datetime:
    """``start`` moved by ``days`` calendar or working days (negative counts backwards).

    Working days skip Saturdays, Sundays and the office's holidays, counted on the Bangkok
    calendar; the time of day is kept. The starting day itself is never counted.
    """
    if not policy.working_days:
        return start + timedelta(days=days)
    local = clock.to_local(start)
    day, step, remaining = local.date(), (1 if days >= 0 else -1), abs(days)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day, holidays):
            remaining -= 1
    return _utc(datetime.combine(day, local.timetz()))


def start_of_local_day(day: date) -> datetime:
    """Midnight of a Bangkok calendar day as a stored (naive UTC) timestamp."""
    return _utc(datetime.combine(day, time(0, 0), tzinfo=clock.BANGKOK))


def initial_reply_due(office: Office, case_type: CaseType, received_at: datetime) -> datetime:
    """When the reporter must have the result or progress of a case received at ``received_at``.

    The policy and holidays come from the office's kept settings (:mod:`portal.intake_settings`).
    """
    from portal.intake_settings import intake_settings

    settings = intake_settings(office)
    policy = settings.policies[case_type]
    holidays = settings.holidays if policy.working_days else frozenset()
    return add_days(received_at, policy.reply_days, policy, holidays)


def restart_reply_due(case: Case, now: datetime) -> None:
    """A new handling round (reopened or disputed): a fresh reply deadline from ``now``."""
    case.reply_due_at = initial_reply_due(case.office, case.case_type, now)


def rebase_reply_due(case: Case, old_type: CaseType) -> None:
    """After a change of type, apply the new type's deadline, keeping any paused time."""
    start = case.received_at
    old = initial_reply_due(case.office, old_type, start)
    extension = max(case.reply_due_at - old, timedelta(0))
    case.reply_due_at = initial_reply_due(case.office, case.case_type, start) + extension


# The one rule for "the reply clock is stopped": the inbox's queues and counts
# (portal.cases.inbox) and its row badges (portal.staff.inbox_rows) both read it.
PAUSED_STATUS = CaseStatus.AWAITING_REPORTER


def clock_paused(case: Case) -> bool:
    return case.status is PAUSED_STATUS


def pause_clock(case: Case, now: datetime) -> None:
    """Stop the reply clock while the reporter completes the case; give them their days."""
    policy = policy_for(case.office, case.case_type)
    case.paused_since = now
    case.reporter_due_at = add_days(
        now, policy.reporter_completion_days, policy, holidays_of(case.office, now.date())
    )


def resume_clock(case: Case, now: datetime | None = None) -> None:
    """Restart a paused clock: the reply deadline moves by the time spent waiting."""
    if case.paused_since is None:
        return
    now = now or clock.utcnow()
    case.reply_due_at += max(now - case.paused_since, timedelta(0))
    case.paused_since = None


class DueStatus(NamedTuple):
    """``("due_in", 3)``, ``("due_today", 0)``, ``("overdue", 2)`` or ``("paused", 5)``.

    For a paused case the number is the days that were left when the clock stopped.
    """

    state: str
    days: int


def due_status(case: Case, now: datetime | None = None) -> DueStatus | None:
    """Where an open case stands against its reply deadline; None once it is finished."""
    if not case.is_open:
        return None
    due = _local_day(case.reply_due_at)
    if case.paused_since is not None:
        return DueStatus("paused", max((due - _local_day(case.paused_since)).days, 0))
    days = (due - _local_day(now or clock.utcnow())).days
    if days > 0:
        return DueStatus("due_in", days)
    if days == 0:
        return DueStatus("due_today", 0)
    return DueStatus("overdue", -days)


def on_time(case: Case, now: datetime | None = None) -> bool | None:
    """Whether the reporter was told a result or progress by the deadline, for statistics.

    True or False once that is known; None while an open case is still within its
    deadline (or the case was merged: its target counts). A case never answered and
    past its deadline is late, whether or not it is still open.
    """
    if case.status is CaseStatus.MERGED:
        return None
    due = _local_day(case.reply_due_at)
    if case.reporter_informed_at is not None:
        return _local_day(case.reporter_informed_at) <= due
    judged_at = case.paused_since or now or clock.utcnow()
    return False if _local_day(judged_at) > due else None


@dataclass
class Reminder:
    case: Case
    day: int  # the day of the clock the reminder is for (10 or 15 by default)


def reminders_due(office: Office, now: datetime | None = None) -> list[Reminder]:
    """Open, running cases of ``office`` whose reminder day (10 or 15 by default) is today.

    A reminder day is counted back from the reply deadline, so paused time moves it too.
    """
    now = now or clock.utcnow()
    today = _local_day(now)
    policies = {t: policy_for(office, t) for t in CaseType}
    # Working days may stretch the gap between a reminder and the deadline: allow double.
    horizon = max(p.reply_days - min(p.first_reminder_day, p.second_reminder_day)
                  for p in policies.values()) * 2 + 14
    cases = db.session.scalars(
        select(Case)
        .where(
            Case.office_id == office.id,
            Case.status.in_([s for s in OPEN_STATUSES if s is not CaseStatus.AWAITING_REPORTER]),
            Case.paused_since.is_(None),
            Case.reply_due_at >= now - timedelta(days=2),
            Case.reply_due_at <= now + timedelta(days=horizon),
        )
        .order_by(Case.reply_due_at, Case.id)
    )
    holidays = holidays_of(office, today)
    reminders = []
    for case in cases:
        policy = policies[case.case_type]
        for day in sorted({policy.first_reminder_day, policy.second_reminder_day}):
            when = add_days(case.reply_due_at, day - policy.reply_days, policy, holidays)
            if _local_day(when) == today:
                reminders.append(Reminder(case=case, day=day))
    return reminders


def _local_day(value: datetime) -> date:
    return clock.to_local(value).date()


def _utc(local: datetime) -> datetime:
    """An aware (or naive Bangkok) time as a stored naive UTC timestamp."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=clock.BANGKOK)
    return local.astimezone(UTC).replace(tzinfo=None)
