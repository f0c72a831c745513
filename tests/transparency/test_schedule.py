"""The worker prepares reports on the first working day after a period; operators' commands."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from portal.extensions import db
from portal.models import Delivery, Holiday, Report
from portal.reports.schedule import (
    due_periods,
    first_working_day_after,
    periods_ending_before,
    prepare_reports_if_due,
)
from tests.transparency.helpers import OCTOBER, director, october_cases


def test_first_working_day_skips_weekends_and_the_offices_holidays(app, office):
    # 31 October 2026 is a Saturday: Monday 2 November, or Tuesday when Monday is a holiday.
    assert first_working_day_after(date(2026, 10, 31), set()) == date(2026, 11, 2)
    assert first_working_day_after(date(2026, 10, 31), {date(2026, 11, 2)}) == date(2026, 11, 3)
    db.session.add(Holiday(office_id=office.id, day=date(2026, 11, 2), name="วันหยุดชดเชย"))
    db.session.commit()
    assert due_periods(office, date(2026, 11, 2)) == []
    assert [p.key for p in due_periods(office, date(2026, 11, 3))] == [OCTOBER]
    assert [p.key for p in due_periods(office, date(2026, 11, 20))] == [OCTOBER]


def test_half_year_and_fiscal_year_come_with_their_last_month(app):
    assert [p.key for p in periods_ending_before(date(2026, 4, 2))] == ["2026-03", "fy2569-h1"]
    assert [p.key for p in periods_ending_before(date(2026, 10, 1))] == ["2026-09", "fy2569"]
    assert [p.key for p in periods_ending_before(date(2026, 11, 2))] == [OCTOBER]


def test_the_worker_prepares_once_a_day_from_seven_bangkok_time(app, office):
    boss = director(office)
    october_cases(office)
    six_am = datetime(2026, 11, 1, 23, 0)  # 06:00 Bangkok on Monday 2 November
    assert prepare_reports_if_due(None, six_am) is None
    assert db.session.scalar(select(Report)) is None
    eight_am = datetime(2026, 11, 2, 1, 0)  # 08:00 Bangkok
    assert prepare_reports_if_due(None, eight_am) == date(2026, 11, 2)
    assert [r.period for r in db.session.scalars(select(Report))] == [OCTOBER]
    assert prepare_reports_if_due(date(2026, 11, 2), eight_am) == date(2026, 11, 2)
    prepare_reports_if_due(None, datetime(2026, 11, 3, 1, 0))  # next day: nothing new
    mails = db.session.scalars(select(Delivery).where(Delivery.purpose == "report_ready"))
    assert [m.recipient for m in mails] == [boss.email]


def test_report_commands(app, office, tmp_path):
    october_cases(office)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["report", "generate", "--office", office.code,
                                 "--period", OCTOBER, "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "prepared; received 5, completed 0, in progress 5" in result.output
    assert (tmp_path / f"{office.code}-{OCTOBER}-draft.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / f"{office.code}-{OCTOBER}-draft.xlsx").exists()
    published = runner.invoke(args=["report", "publish", "--office", office.code,
                                    "--period", OCTOBER])
    assert published.exit_code == 0, published.output
    assert "published version 1" in published.output
    assert f"/reports/{OCTOBER}/v1" in published.output
    again = runner.invoke(args=["report", "publish", "--office", office.code,
                                "--period", OCTOBER])
    assert again.exit_code != 0 and "หมายเหตุ" in again.output
    fixed = runner.invoke(args=["report", "publish", "--office", office.code,
                                "--period", OCTOBER, "--note", "แก้ไขการนับ"])
    assert "published version 2" in fixed.output
    bad = runner.invoke(args=["report", "publish", "--office", office.code,
                              "--period", "2026-13"])
    assert bad.exit_code != 0 and "Not a period" in bad.output
    unknown = runner.invoke(args=["report", "generate", "--office", "XX",
                                  "--period", OCTOBER])
    assert unknown.exit_code != 0 and "No office" in unknown.output
