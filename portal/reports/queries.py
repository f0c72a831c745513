"""The report's SQL: each function is one aggregate query over a period's cases.

Every query groups in the database and returns a few hundred rows at most for a month;
nothing here loads a case.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, null, select
from sqlalchemy.sql.expression import ColumnElement

from portal.extensions import db
from portal.models import Case, CaseStatus, Satisfaction
from portal.reports.periods import Period
from portal.reports.sql import (
    cohort,
    count_where,
    is_open,
    local_day,
    received_by,
    received_day,
)

MERGED = CaseStatus.MERGED.value


def _cohort(office_id: int, period: Period, *columns):
    return cohort(office_id, period, *columns)


def outline(office_id: int, period: Period, as_of: datetime, *, detail: bool = True) -> list:
    """Counts by type, status, channel, outcome and decline reason, with disputes/reopens
    and the reply deadline's on time / late / judged counts (see :func:`reply_state`).

    One pass over the period's cases for all of them: the outline and the reply deadline
    are read for every period a report compares, so each pass saved counts three times.
    Without ``detail`` (the compared periods' headline figures) the groups are type and
    status only, and channel, outcome and reason are ``None``: fewer, cheaper groups.
    """
    c = _cohort(office_id, period, Case.case_type, Case.status, Case.channel, Case.outcome,
                Case.decline_reason, Case.disputed_count, Case.reopened_count,
                reply_state(as_of).label("reply"))
    keys = ([c.c.case_type, c.c.status, c.c.channel, c.c.outcome, c.c.decline_reason]
            if detail else [c.c.case_type, c.c.status])
    blanks = [] if detail else [null(), null(), null()]
    return db.session.execute(
        select(*keys, *blanks,
               func.count(), count_where(c.c.disputed_count > 0),
               func.coalesce(func.sum(c.c.disputed_count), 0),
               count_where(c.c.reopened_count > 0),
               count_where(c.c.reply == ON_TIME), count_where(c.c.reply == LATE),
               count_where(c.c.reply.is_not(None)))
        .group_by(*keys)
    ).all()


def by_category_and_school(office_id: int, period: Period) -> list:
    """``(category_id, school_id, general, corruption)``; ``None`` for not given.

    One pass serves both tables (a few thousand groups for a year): the category counts are
    the sums over schools, the school counts the sums over categories.
    """
    c = _cohort(office_id, period, Case.category_id, Case.school_id, Case.case_type)
    corruption = c.c.case_type == "corruption"
    return db.session.execute(
        select(c.c.category_id, c.c.school_id, count_where(~corruption),
               count_where(corruption))
        .group_by(c.c.category_id, c.c.school_id)
    ).all()


ON_TIME, LATE, PENDING = 1, 2, 0


def reply_state(as_of: datetime) -> ColumnElement:
    """Each case against the reply deadline: ``ON_TIME``, ``LATE``, ``PENDING``, or NULL
    for a merged case (not judged). Computed once per case inside the cohort, so the
    aggregate carries one small number instead of three timestamps.

    Judged by Bangkok day: informed on or before the due day is on time; informed later, or
    never informed and past the due day at ``as_of`` (at the pause, while paused), is late.
    """
    due = local_day(Case.reply_due_at)
    return case(
        (Case.status == MERGED, null()),
        (Case.reporter_informed_at.is_not(None),
         case((local_day(Case.reporter_informed_at) <= due, ON_TIME), else_=LATE)),
        (local_day(func.coalesce(Case.paused_since, as_of)) > due, LATE),
        else_=PENDING,
    )


def acknowledgements(office_id: int, period: Period) -> list:
    """``(case_type, received_day, acknowledged_day or None, count)``."""
    c = _cohort(office_id, period, Case.case_type, received_day().label("day"),
                local_day(Case.acknowledged_at).label("ack_day"))
    return db.session.execute(
        select(c.c.case_type, c.c.day, c.c.ack_day, func.count())
        .group_by(c.c.case_type, c.c.day, c.c.ack_day)
    ).all()


def resolutions(office_id: int, period: Period) -> list:
    """``(received_day, resolved_day, count)`` of cases with a resolution this round."""
    c = _cohort(office_id, period, received_day().label("day"),
                local_day(Case.resolved_at).label("resolved_day"))
    return db.session.execute(
        select(c.c.day, c.c.resolved_day, func.count())
        .where(c.c.resolved_day.is_not(None))
        .group_by(c.c.day, c.c.resolved_day)
    ).all()


def ratings(office_id: int, period: Period) -> list:
    """``(rating, count)`` of the cases received in the period that were rated."""
    c = _cohort(office_id, period, Case.id)
    return db.session.execute(
        select(Satisfaction.rating, func.count())
        .join(c, c.c.id == Satisfaction.case_id)
        .group_by(Satisfaction.rating)
    ).all()


def backlog(office_id: int, period: Period, as_of: datetime) -> list:
    """``(received_day, count)`` of cases received by the period's end and open at ``as_of``."""
    day = received_day().label("day")
    return db.session.execute(
        select(day, func.count())
        .where(received_by(office_id, period.end, as_of), is_open())
        .group_by(day)
    ).all()
