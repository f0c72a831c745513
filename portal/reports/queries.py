"""The report's SQL: each function is one aggregate query over a period's cases.

Every query groups in the database and returns a few hundred rows at most for a month;
nothing here loads a case. The queries over a period's cases read them through
:func:`period_cases`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    case,
    cast,
    exists,
    func,
    insert,
    null,
    select,
    text,
)
from sqlalchemy.schema import CreateTable
from sqlalchemy.sql.expression import ColumnElement

from portal.extensions import db
from portal.models import Case, CaseStatus, Report, ReportVersion, Satisfaction
from portal.reports.periods import Period, month_of
from portal.reports.sql import (
    as_date,
    cohort,
    count_where,
    general_stream,
    is_open,
    local_day,
    received_by,
    received_day,
    reported_category,
    reported_type,
)

MERGED = CaseStatus.MERGED.value


class PeriodCases:
    """The cases of one period as the report's queries read them: the few columns they
    group by, each computed once per case (the reply deadline's state, the received,
    acknowledged and resolved days).

    On PostgreSQL each query reads the cohort itself (:func:`portal.reports.sql.cohort`),
    with only the columns it needs: the planner aggregates by hashing, in parallel. SQLite
    sorts for every GROUP BY and evaluates ``date()`` per row, so :func:`period_cases` reads
    the period's cases from the covering cohort index once, into a temporary table, and the
    queries group that: a fiscal year is about 200,000 rows read once instead of five times.
    """

    def __init__(self, office_id: int, period: Period, as_of: datetime,
                 names: tuple[str, ...] | None = None, general_only: bool = False,
                 frozen: tuple = ()):
        self.office_id, self.period, self.as_of, self.table = office_id, period, as_of, None
        self.names = names
        self.frozen = frozen  # months published already: see sql.general_stream
        # The live page and any-range previews count the general stream only (README).
        self.general_only = general_only

    def columns(self) -> dict[str, ColumnElement]:
        """The columns the queries may ask for, by name (all, or those given)."""
        columns = self._all_columns()
        return {n: columns[n] for n in self.names} if self.names else columns

    def _all_columns(self) -> dict[str, ColumnElement]:
        return {
            "id": Case.id,
            "case_type": reported_type(self.frozen),
            "status": Case.status,
            "channel": Case.channel,
            "outcome": Case.outcome,
            "decline_reason": Case.decline_reason,
            "disputed_count": Case.disputed_count,
            "reopened_count": Case.reopened_count,
            "reply": reply_state(self.as_of),
            "category_id": reported_category(self.frozen),
            "school_id": Case.school_id,
            "general": general_stream(self.frozen),
            "day": received_day(),
            "month": func.substr(cast(received_day(), String), 1, 7),
            "ack_day": local_day(Case.acknowledged_at),
            "resolved_day": local_day(Case.resolved_at),
        }

    def of(self, *names: str):
        """A selectable with the columns ``names`` (``.c.<name>``)."""
        return self.table if self.table is not None else self.cohort(*names)

    def cohort(self, *names: str):
        """The cohort subquery of the columns ``names``, read from the cases."""
        columns = self._all_columns()
        return cohort(self.office_id, self.period, *(columns[n].label(n) for n in names),
                      where=general_stream(self.frozen) == 1 if self.general_only else None)


TEMPORARY_COHORT = "report_period_cases"


HEADLINE_COLUMNS = ("case_type", "general", "status", "disputed_count", "reopened_count",
                    "reply", "day", "ack_day", "resolved_day")


@contextmanager
def period_cases(office_id: int, period: Period, as_of: datetime, *,
                 names: tuple[str, ...] | None = None,
                 general_only: bool = False) -> Iterator[PeriodCases]:
    """The period's cases for the queries below; on SQLite a temporary table of this
    connection, filled once and dropped on leaving (also when a query fails). ``names``
    limits the columns to those the caller's queries read (``HEADLINE_COLUMNS``: a compared
    period's outline without detail, acknowledgements and resolutions)."""
    cases = PeriodCases(office_id, period, as_of, names, general_only,
                        published_months(office_id, period))
    if db.session.get_bind().dialect.name != "sqlite":
        yield cases
        return
    cases.table = _temporary_table(cases.columns())
    db.session.execute(text(f"DROP TABLE IF EXISTS temp.{TEMPORARY_COHORT}"))
    db.session.execute(CreateTable(cases.table))
    try:
        source = cases.cohort(*cases.columns())
        db.session.execute(insert(cases.table).from_select(list(source.c.keys()),
                                                           select(*source.c)))
        yield cases
    finally:
        db.session.execute(text(f"DROP TABLE IF EXISTS temp.{TEMPORARY_COHORT}"))


def published_months(office_id: int, period: Period) -> tuple:
    """``(first day, last day, first published)`` of each month of ``period`` that some
    published report (of any length) already covered."""
    rows = db.session.execute(
        select(Report.starts_on, Report.ends_on, func.min(ReportVersion.published_at))
        .join(ReportVersion, ReportVersion.report_id == Report.id)
        .where(Report.office_id == office_id, Report.starts_on <= period.end,
               Report.ends_on >= period.start)
        .group_by(Report.id, Report.starts_on, Report.ends_on)).all()
    if not rows:
        return ()
    frozen, day = [], period.start
    while day <= period.end:
        month = month_of(day)
        day = month.end + timedelta(days=1)
        times = [published for starts, ends, published in rows
                 if as_date(starts) <= month.start and as_date(ends) >= month.end]
        if times:
            frozen.append((month.start, month.end, min(times)))
    return tuple(frozen)


def _temporary_table(columns: dict[str, ColumnElement]) -> Table:
    # Plain types, read back as SQLite holds them: enum values and days as text (the
    # figures read days with ``as_date``); no constraints, no index — each query reads
    # every row once.
    return Table(TEMPORARY_COHORT, MetaData(),
                 *(Column(name, _plain(column.type)) for name, column in columns.items()),
                 prefixes=["TEMPORARY"])


def _plain(type_):
    return Integer() if isinstance(type_, Integer) else String()


def outline(cases: PeriodCases, *, detail: bool = True) -> list:
    """Counts by type, status, channel, outcome and decline reason, with disputes/reopens
    and the reply deadline's on time / late / judged counts (see :func:`reply_state`).

    One pass over the period's cases for all of them: the outline and the reply deadline
    are read for every period a report compares, so each pass saved counts three times.
    Without ``detail`` (the compared periods' headline figures) the groups are type and
    status only, and channel, outcome and reason are ``None``: fewer, cheaper groups.
    """
    details = ("channel", "outcome", "decline_reason") if detail else ()
    c = cases.of("case_type", "general", "status", *details, "disputed_count",
                 "reopened_count", "reply")
    keys = [c.c.case_type, c.c.general, c.c.status, *(c.c[name] for name in details)]
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


def by_month_category_and_school(cases: PeriodCases) -> list:
    """``(month, case_type, category_id, school_id, general, confidential)``, ``month`` as
    ``YYYY-MM``; ``None`` for not given. One pass serves the school, district and category
    tables of every month inside the period (a longer period's tables inherit the months'
    hidden cells: portal/reports/disclosure.py)."""
    c = cases.of("month", "case_type", "category_id", "school_id", "general")
    keys = (c.c.month, c.c.case_type, c.c.category_id, c.c.school_id)
    return db.session.execute(
        select(*keys, count_where(c.c.general == 1), count_where(c.c.general == 0))
        .group_by(*keys)
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


def acknowledgements(cases: PeriodCases) -> list:
    """``(case_type, received_day, acknowledged_day or None, count)``."""
    c = cases.of("case_type", "day", "ack_day")
    return db.session.execute(
        select(c.c.case_type, c.c.day, c.c.ack_day, func.count())
        .group_by(c.c.case_type, c.c.day, c.c.ack_day)
    ).all()


def resolutions(cases: PeriodCases) -> list:
    """``(received_day, resolved_day, count)`` of cases with a resolution this round."""
    c = cases.of("day", "resolved_day")
    return db.session.execute(
        select(c.c.day, c.c.resolved_day, func.count())
        .where(c.c.resolved_day.is_not(None))
        .group_by(c.c.day, c.c.resolved_day)
    ).all()


def ratings(cases: PeriodCases) -> list:
    """``(rating, count)`` of the cases received in the period that were rated."""
    c = cases.of("id")
    return db.session.execute(
        select(Satisfaction.rating, func.count())
        .join(c, c.c.id == Satisfaction.case_id)
        .group_by(Satisfaction.rating)
    ).all()


def first_case_day(office_id: int) -> date | None:
    """The day the office's first case was received (as reports count it), if any."""
    return as_date(db.session.scalar(
        select(func.min(received_day())).where(Case.office_id == office_id)))


def rating_comments(cases: PeriodCases) -> list[str]:
    """The non-empty comments of the period's rated cases (classified, never published)."""
    c = cases.of("id")
    return list(db.session.scalars(
        select(Satisfaction.comment).join(c, c.c.id == Satisfaction.case_id)
        .where(Satisfaction.comment != "")))


def backlog(office_id: int, period: Period, as_of: datetime, *,
            general_only: bool = False) -> list:
    """``(received_day, count)`` of cases received by the period's end and open at ``as_of``."""
    day = received_day().label("day")
    query = select(day, func.count()).where(received_by(office_id, period.end, as_of),
                                            is_open())
    if general_only:
        query = query.where(general_stream() == 1)
    return db.session.execute(query.group_by(day)).all()


def transfers(cases: PeriodCases) -> list:
    """``(general, transferred out, received by transfer)`` of the period's cases
    (portal/referral): the sending office counts its closed record, the receiving its case."""
    from portal.referral.models import CaseTransfer

    c = cases.of("id", "general")
    went = exists().where(CaseTransfer.from_case_id == c.c.id)
    came = exists().where(CaseTransfer.to_case_id == c.c.id)
    return db.session.execute(
        select(c.c.general, count_where(went), count_where(came)).group_by(c.c.general)
    ).all()
