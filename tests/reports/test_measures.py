"""Percentiles, working days and small-cell suppression over grouped rows."""

from __future__ import annotations

from datetime import date

from portal.reports.measures import WorkingCalendar, percent, suppress, weighted_stats


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


def test_suppression_blanks_small_cells_and_what_would_reveal_them():
    rows = [{"n": 10}, {"n": 2}, {"n": 0}, {"n": 4}]
    suppress(rows, ("n",), 3)
    assert [r["n"] for r in rows] == [10, None, 0, None]  # 2, then the next smallest (4)
    assert rows[1]["suppressed"] == ["n"] and rows[2]["suppressed"] == []
    two = [{"n": 1}, {"n": 2}, {"n": 9}]
    suppress(two, ("n",), 3)
    assert [r["n"] for r in two] == [None, None, 9]  # two blanks cannot be told apart
    off = [{"n": 1}]
    suppress(off, ("n",), 1)
    assert off == [{"n": 1}]


def test_suppression_across_a_row_with_a_total():
    rows = [{"a": 7, "b": 1, "t": 8}, {"a": 5, "b": 0, "t": 5}, {"a": 6, "b": 0, "t": 6}]
    suppress(rows, ("a", "b", "t"), 3, parts=("a", "b"), total="t")
    # b=1 is blanked; with the total shown, a would give it away, so a goes too; the "a"
    # column then has one blank and loses its next smallest (5), whose total (5 + 0) goes;
    # the total column then loses the next smallest total (6) and, with it, that row's 6.
    assert [(r["a"], r["b"], r["t"]) for r in rows] == [(None, None, 8), (None, 0, None),
                                                        (None, 0, None)]
