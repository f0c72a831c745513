"""Arithmetic over aggregated rows (never over cases): working days, percentiles, suppression."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from datetime import date, timedelta

from portal.cases.deadlines import is_working_day


class WorkingCalendar:
    """Working days (Monday–Friday, not an office holiday) counted between two days."""

    def __init__(self, holidays: Collection[date]):
        self.holidays = frozenset(holidays)
        self._ordinal: dict[date, int] = {}
        self._first: date | None = None

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
        day, remaining = start, days
        while remaining > 0:
            day += timedelta(days=1)
            if is_working_day(day, self.holidays):
                remaining -= 1
        return day

    def _cover(self, start: date, end: date) -> None:
        if self._first is not None and self._first <= start and end in self._ordinal:
            return
        first = min(start, self._first or start)
        last = max(end, max(self._ordinal, default=end))
        self._ordinal.clear()
        count, day = 0, first
        while day <= last:
            if is_working_day(day, self.holidays):
                count += 1
            self._ordinal[day] = count
            day += timedelta(days=1)
        self._first = first


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


def suppress(rows: list[dict], fields: Collection[str], threshold: int) -> list[dict]:
    """Blank the cells of ``fields`` below ``threshold`` (but not zero) for public output.

    A blanked cell becomes ``None`` and the row lists it in ``suppressed``. When a column has
    exactly one blanked cell its value could be worked out from the total, so the next
    smallest non-zero cell of that column is blanked too (secondary suppression).
    """
    if threshold <= 1:
        return rows
    for row in rows:
        row.setdefault("suppressed", [])
    for field in fields:
        small = [r for r in rows if 0 < (r[field] or 0) < threshold]
        for row in small:
            row["suppressed"].append(field)
        if len(small) == 1:
            others = sorted((r for r in rows if r[field] and r not in small),
                            key=lambda r: r[field])
            if others:
                others[0]["suppressed"].append(field)
        for row in rows:
            if field in row["suppressed"]:
                row[field] = None
    return rows
