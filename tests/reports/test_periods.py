"""Reporting periods: parsing, bounds in Bangkok time, Thai names, neighbours."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from portal.reports.periods import PeriodError, date_range, fiscal_year_of, parse_period


@pytest.mark.parametrize("key, start, end, label", [
    ("2026-10", date(2026, 10, 1), date(2026, 10, 31), "ตุลาคม 2569"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "กุมภาพันธ์ 2567"),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31),
     "ไตรมาส ตุลาคม 2569 – ธันวาคม 2569 (ไตรมาสที่ 1 ปีงบประมาณ พ.ศ. 2570)"),
    ("fy2569-h1", date(2025, 10, 1), date(2026, 3, 31),
     "ครึ่งปีแรก ปีงบประมาณ พ.ศ. 2569 (ตุลาคม 2568 – มีนาคม 2569)"),
    ("fy2569-h2", date(2026, 4, 1), date(2026, 9, 30),
     "ครึ่งปีหลัง ปีงบประมาณ พ.ศ. 2569 (เมษายน 2569 – กันยายน 2569)"),
    ("fy2569", date(2025, 10, 1), date(2026, 9, 30),
     "ปีงบประมาณ พ.ศ. 2569 (ตุลาคม 2568 – กันยายน 2569)"),
    ("2026-10-01..2026-10-15", date(2026, 10, 1), date(2026, 10, 15),
     "1 ตุลาคม 2569 – 15 ตุลาคม 2569"),
])
def test_parse_bounds_label_and_key(key, start, end, label):
    period = parse_period(key)
    assert (period.start, period.end, period.label_th) == (start, end, label)
    assert parse_period(period.key) == period
    assert period.key.lower() == key.lower()


def test_bounds_are_bangkok_midnights_in_utc():
    october = parse_period("2026-10")
    assert october.start_utc == datetime(2026, 9, 30, 17, 0)
    assert october.end_utc == datetime(2026, 10, 31, 17, 0)


def test_previous_and_year_before():
    assert parse_period("2026-01").previous().key == "2025-12"
    assert parse_period("2026-10").year_before().key == "2025-10"
    assert parse_period("2026-Q1").previous().key == "2025-Q4"
    assert parse_period("fy2569-h1").previous().key == "fy2568-h2"
    assert parse_period("fy2569-h2").previous().key == "fy2569-h1"
    assert parse_period("fy2569").previous().key == "fy2568"
    assert parse_period("fy2569-h1").year_before().key == "fy2568-h1"
    week = date_range(date(2026, 10, 8), date(2026, 10, 14))
    assert week.previous() == date_range(date(2026, 10, 1), date(2026, 10, 7))
    leap = date_range(date(2024, 2, 29), date(2024, 3, 1))
    assert leap.year_before() == date_range(date(2023, 2, 28), date(2023, 3, 1))


def test_fiscal_year_starts_in_october():
    assert fiscal_year_of(date(2025, 9, 30)) == 2568
    assert fiscal_year_of(date(2025, 10, 1)) == 2569
    assert parse_period("2026-10").label_en == "October 2026"
    assert parse_period("fy2569").label_en.startswith("Fiscal year 2026 (B.E. 2569")


@pytest.mark.parametrize("text", ["", "2026-13", "2026-Q5", "fy2569-h3", "x",
                                  "2026-10-05..2026-10-01", "2026-02-30..2026-03-01"])
def test_nonsense_is_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


@pytest.mark.parametrize("text", [
    "0001-01", "1899-12", "2601-01", "9999-12", "0001-Q1", "9999-Q4",
    "2026-10-01..9999-12-31", "0001-01-01..2026-10-01", "1899-12-31..1900-01-02",
    "fy9999", "fy9999-h2", "fy0001", "fy2442", "fy3144-h1", "fy1", "fy12345",
])
def test_years_outside_1900_to_2600_are_refused(text):
    """Issue 17: such keys answered 500 (the previous period or the day after left ``date``)."""
    with pytest.raises(PeriodError):
        parse_period(text)


@pytest.mark.parametrize("text", ["1900-01", "2600-12", "1900-01-01..2600-12-31", "fy2443",
                                  "fy3143-h2", "1900-Q1", "2600-Q4"])
def test_the_edges_of_the_range_are_periods_with_neighbours(text):
    period = parse_period(text)
    for neighbour in (period, period.previous(), period.year_before()):
        assert neighbour.start_utc < neighbour.end_utc
