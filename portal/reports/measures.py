"""Arithmetic over aggregated rows (never over cases): working days and percentiles.

Hiding small cells is disclosure control's work: :mod:`portal.reports.disclosure`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from datetime import date, timedelta

from portal.cases.deadlines import is_working_day


class WorkingCalendar:
    """Working days (Monday–Friday, not an office holiday) counted between two days.

    Each day's running count of working days is kept, extended a day at a time as later or
    earlier days are asked for, so a report's thousands of ``(day, day)`` groups cost a
    look-up each.
    """

    def __init__(self, holidays: Collection[date]):
        self.holidays = frozenset(holidays)
        self._ordinal: dict[date, int] = {}
        self._first: date | None = None
        self._last: date | None = None
        self._added: dict[tuple[date, int, bool], date] = {}

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
        if end <= start:
            return 0
        self._cover(start, end)
        return self._ordinal[end] - self._ordinal[start]

    def add(self, start: date, days: int, working: bool) -> date:
        """The day ``days`` calendar or working days after ``start`` (start not counted)."""
        if not working:
            return start + timedelta(days=days)
        key = (start, days, working)
        if key not in self._added:
            day, remaining = start, days
            while remaining > 0:
                day += timedelta(days=1)
                if is_working_day(day, self.holidays):
                    remaining -= 1
            self._added[key] = day
        return self._added[key]

    def _cover(self, start: date, end: date) -> None:
        """Running counts for every day from ``start`` to ``end``: a day's count is the one
        before plus one when it is a working day (only differences are ever read)."""
        if self._first is None or self._last is None:
            self._first = self._last = start
            self._ordinal[start] = 0
        one = timedelta(days=1)
        while start < self._first:
            after = self._first
            self._first = after - one
            self._ordinal[self._first] = (self._ordinal[after]
                                          - is_working_day(after, self.holidays))
        while end > self._last:
            self._last += one
            self._ordinal[self._last] = (self._ordinal[self._last - one]
                                         + is_working_day(self._last, self.holidays))


def weighted_stats(pairs: Iterable[tuple[int, int]]) -> dict:
    """``{"count", "median", "p90"}`` of values given as ``(value, how_many)`` pairs.

    The median averages the two middle values of an even count; the 90th percentile is
    the nearest rank (the smallest value with at least 90 % of the cases at or below it).
    """
    counts: dict[int, int] = {}
    for value, many in pairs:
        if many:
            counts[value] = counts.get(value, 0) + many
    total = sum(counts.values())
    if not total:
        return {"count": 0, "median": None, "p90": None}
    ordered = sorted(counts.items())

    def at_rank(rank: int) -> int:  # 1-based rank in the sorted values
        seen = 0
        for value, many in ordered:
            seen += many
            if seen >= rank:
                return value
        return ordered[-1][0]

    if total % 2:
        median = float(at_rank(total // 2 + 1))
    else:
        median = (at_rank(total // 2) + at_rank(total // 2 + 1)) / 2
    return {"count": total, "median": median, "p90": float(at_rank(math.ceil(0.9 * total)))}


def percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None
