"""SQL pieces the report queries share, portable between SQLite and PostgreSQL.

Timestamps are stored naive UTC; a report counts Bangkok calendar days. Bangkok keeps
UTC+7 all year (no daylight saving), so a fixed offset is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import Date, String, and_, bindparam, case, cast, func, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from portal.models import Case
from portal.reports.periods import Period
from portal.search.schema import OPEN_STATUS_VALUES


class local_day(FunctionElement):  # noqa: N801 (a SQL function reads best in lower case)
    """The Bangkok calendar day of a stored UTC timestamp."""

    type = Date()
    inherit_cache = True
    name = "local_day"


@compiles(local_day)
def _local_day_default(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+7 hours')"


@compiles(local_day, "postgresql")
def _local_day_postgres(element, compiler, **kw):
    inner = compiler.process(element.clauses, **kw)
    return f"CAST(({inner}) + INTERVAL '7 hours' AS DATE)"


def received_day() -> ColumnElement:
    """The day a case counts as received: the original date of a case recorded later
    (phone, letter, walk-in), else the Bangkok day it reached the portal."""
    return func.coalesce(Case.original_received_on, local_day(Case.received_at))


def general_stream(frozen: Sequence[tuple[date, date, datetime]] = ()) -> ColumnElement:
    """1 for a case of the general stream, 0 for the confidential stream: a corruption
    report, or any case ever put on the confidential track (``confidential`` is never
    cleared). The confidential stream is published only as office-wide counts.

    ``frozen`` lists ``(first day, last day, first published)`` of months already published:
    a case that was in the portal and general when its month was first published stays in
    the general stream there, or a later publication would subtract it away to its school.
    """
    plain = and_(Case.confidential.is_(False), Case.case_type != "corruption")
    kept = kept_general(frozen)
    return case((plain, 1), *([(kept, 1)] if kept is not None else []), else_=0)


def kept_general(frozen: Sequence[tuple[date, date, datetime]]) -> ColumnElement | None:
    """Condition: confidential now, but general when its month was first published."""
    if not frozen:
        return None
    day = received_day()
    return or_(*(and_(day >= start, day <= end, Case.received_at < published,
                      Case.confidential_since > published)
                 for start, end, published in frozen))


def reported_type(frozen: Sequence[tuple[date, date, datetime]] = ()) -> ColumnElement:
    """The type a report counts: the general type a kept case had, else its type."""
    kept = kept_general(frozen)
    current = cast(Case.case_type, String)
    if kept is None:
        return current
    return case((and_(kept, Case.general_type.is_not(None)), Case.general_type),
                else_=current)


def reported_category(frozen: Sequence[tuple[date, date, datetime]] = ()) -> ColumnElement:
    kept = kept_general(frozen)
    if kept is None:
        return Case.category_id
    return case((kept, Case.general_category_id), else_=Case.category_id)


def cohort(office_id: int, period: Period, *columns, where=None):
    """The cases of ``office_id`` received in ``period``, as a subquery of ``columns``.

    Two index-friendly branches instead of one COALESCE over every row: cases dated by
    arrival (``received_at``, a timestamp range) and cases dated by their original day.
    """
    cols = columns or (Case.id,)
    extra = () if where is None else (where,)
    by_arrival = select(*cols).where(
        Case.office_id == office_id,
        Case.original_received_on.is_(None),
        Case.received_at >= period.start_utc,
        Case.received_at < period.end_utc,
        *extra,
    )
    by_original = select(*cols).where(
        Case.office_id == office_id,
        Case.original_received_on >= period.start,
        Case.original_received_on <= period.end,
        *extra,
    )
    return union_all(by_arrival, by_original).subquery("cohort")


def received_by(office_id: int, end: date, as_of_utc):
    """Condition: received on or before ``end`` (and already in the database at as_of)."""
    from portal.reports.periods import date_range

    bound = date_range(end, end).end_utc
    return and_(
        Case.office_id == office_id,
        Case.received_at < as_of_utc,
        or_(and_(Case.original_received_on.is_(None), Case.received_at < bound),
            Case.original_received_on <= end),
    )


def is_open() -> ColumnElement:
    """``status IN ('new', …)`` with the values written into the SQL, not bound: the
    planners match the small partial indexes of open cases (``ix_inbox_cases_open_*``)
    only against literal values, and without them the backlog reads every case."""
    statuses = bindparam("open_statuses", list(OPEN_STATUS_VALUES), expanding=True,
                         literal_execute=True)
    return Case.status.in_(statuses)


def count_where(condition) -> ColumnElement:
    """``sum(CASE WHEN condition THEN 1 ELSE 0 END)``: a conditional count."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@lru_cache(maxsize=8192)
def as_date(value) -> date | None:
    """A day from a query: SQLite returns text, PostgreSQL a date. Cached: a report's
    thousands of groups name a few hundred days."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
