"""Percentiles and working days over grouped rows."""

from __future__ import annotations

from datetime import date

from portal.reports.measures import WorkingCalendar, percent, weighted_stats


def test_median_and_90th_percentile_from_counts():
    assert weighted_stats([(3, 1), (1, 1), (2, 1)]) == {"count": 3, "median": 2.0, "p90": 3.0}
    assert weighted_stats([(0, 6), (1, 5), (7, 1)]) == {"count": 12, "median": 0.5, "p90": 1.0}
    assert weighted_stats([(5, 10)]) == {"count": 10, "median": 5.0, "p90": 5.0}
    assert weighted_stats([(1, 9), (30, 1)])["p90"] == 1.0  # 9 of 10 are at most 1
    assert weighted_stats([(1, 8), (30, 2)])["p90"] == 30.0
    assert weighted_stats([]) == {"count": 0, "median": None, "p90": None}


def test_working_days_skip_weekends_and_holidays():
    calendar = WorkingCalendar({date(2026, 10, 13), date(2026, 10, 23)})
    assert calendar.between(date(2026, 10, 9), date(2026, 10, 14)) == 2  # Mon 12, Wed 14
    assert calendar.between(date(2026, 10, 5), date(2026, 10, 28)) == 15
    assert calendar.between(date(2026, 10, 14), date(2026, 10, 14)) == 0
    assert calendar.add(date(2026, 10, 12), 3, working=True) == date(2026, 10, 16)
    assert calendar.add(date(2026, 10, 21), 3, working=True) == date(2026, 10, 27)
    assert calendar.add(date(2026, 10, 30), 3, working=False) == date(2026, 11, 2)
    # Asked about an earlier span after a later one: the cover grows backwards too.
    assert calendar.between(date(2026, 9, 30), date(2026, 10, 2)) == 2


def test_percent():
    assert percent(7, 9) == 77.8
    assert percent(0, 0) is None


