"""The dates an inbox row shows, worked out once per page rather than per row and filter.

Fifty rows show three dates each, a "due in" badge and how long ago the last activity was;
through the Jinja filters that is some 400 time-zone conversions and 150 catalogue look-ups a
page. Here each distinct day is converted and worded once, with the same functions, so the
page reads exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from portal.cases.deadlines import clock_paused
from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.filters import due_in, since, thai_date
from portal.models import Case, CaseStatus, Satisfaction


@dataclass(frozen=True)
class RowDates:
    received: str
    due: str
    due_in: str
    overdue: bool
    activity: str  # "วันนี้ 14:05 น.", "เมื่อวาน", "3 วันก่อน" or a short date
    activity_full: str  # date and time, for the tooltip
    activity_iso: str  # for <time datetime>, UTC


def row_dates(cases: list[Case], locale: str) -> dict[int, RowDates]:
    today = to_local(utcnow()).date()
    short: dict[date, str] = {}
    badges: dict[date, str] = {}
    ago: dict[date, str] = {}

    def short_date(day: date) -> str:
        if day not in short:
            short[day] = thai_date(day, "short", locale)
        return short[day]

    rows = {}
    paused = str(_("หยุดนับเวลา รอผู้แจ้ง"))
    for case in cases:
        due = to_local(case.reply_due_at)
        activity = to_local(case.last_activity_at)
        if due.date() not in badges:
            badges[due.date()] = due_in(case.reply_due_at)
        if activity.date() >= today:  # today's show the time: not shared
            activity_text = since(case.last_activity_at)
        else:
            if activity.date() not in ago:
                ago[activity.date()] = since(case.last_activity_at)
            activity_text = ago[activity.date()]
        rows[case.id] = RowDates(
            received=short_date(to_local(case.received_at).date()),
            due=short_date(due.date()),
            # One rule with the queues: a paused clock is neither overdue nor counting.
            due_in=paused if clock_paused(case) else badges[due.date()],
            overdue=not clock_paused(case) and due.date() < today,
            activity=activity_text,
            activity_full=thai_date(case.last_activity_at, "datetime", locale),
            activity_iso=case.last_activity_at.isoformat(timespec="seconds") + "Z",
        )
    return rows


def row_ratings(cases: list[Case]) -> dict[int, Satisfaction]:
    """The reporter's rating and comment of each rated case on the page (one query, and
    none when no case on the page can have been rated)."""
    ids = [c.id for c in cases if c.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)]
    if not ids:
        return {}
    return {s.case_id: s for s in db.session.scalars(
        select(Satisfaction).where(Satisfaction.case_id.in_(ids)))}
