"""Deadlines by the Thai rules: calendar and working days, the paused clock, on-time counting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from portal.cases import workflow
from portal.cases.deadlines import (
    DueStatus,
    add_days,
    due_status,
    on_time,
    policy_for,
    reminders_due,
    start_of_local_day,
)
from portal.cases.tracking import add_reporter_message
from portal.extensions import db
from portal.models import CaseStatus, CaseType, DeadlinePolicy, Holiday, Outcome
from tests.cases.factories import file_case


def bangkok(y, m, d, hh=10, mm=0) -> datetime:
    """A Bangkok wall-clock time as the stored naive UTC timestamp."""
    return start_of_local_day(date(y, m, d)) + timedelta(hours=hh, minutes=mm)


SONGKRAN = [date(2026, 4, 13), date(2026, 4, 14), date(2026, 4, 15)]


def working(days: int = 15) -> DeadlinePolicy:
    return DeadlinePolicy(reply_days=days, working_days=True)


def test_defaults_follow_the_thai_rules_without_storing_a_row(app, office):
    policy = policy_for(office, CaseType.COMPLAINT)
    assert (policy.reply_days, policy.first_reminder_day, policy.second_reminder_day,
            policy.reporter_completion_days, policy.working_days) == (15, 10, 15, 7, False)
    assert policy.id is None and db.session.query(DeadlinePolicy).count() == 0


def test_calendar_days(app):
    start = bangkok(2026, 4, 10)  # a Friday
    assert add_days(start, 15, DeadlinePolicy(working_days=False)) == start + timedelta(days=15)


def test_working_days_skip_weekends_and_holidays(app):
    friday = bangkok(2026, 4, 10, 16, 30)
    assert add_days(friday, 1, working(), []) == bangkok(2026, 4, 13, 16, 30)  # Monday
    assert add_days(friday, 1, working(), SONGKRAN) == bangkok(2026, 4, 16, 16, 30)  # Thursday
    assert add_days(friday, 3, working(), SONGKRAN) == bangkok(2026, 4, 20, 16, 30)
    assert add_days(bangkok(2026, 4, 20), -3, working(), SONGKRAN) == bangkok(2026, 4, 10)
    saturday = bangkok(2026, 4, 11)
    assert add_days(saturday, 1, working(), []) == bangkok(2026, 4, 13)


def test_a_stored_working_day_policy_sets_the_deadline_at_intake(app, office, frozen):
    db.session.add(DeadlinePolicy(office_id=office.id, case_type=CaseType.COMPLAINT,
                                  reply_days=15, working_days=True))
    db.session.add_all([Holiday(office_id=office.id, day=d, name="สงกรานต์") for d in SONGKRAN])
    db.session.commit()
    frozen.now = bangkok(2026, 4, 10, 9)
    case = file_case(office)
    # 15 working days from Friday 10 April, skipping weekends and Songkran: Wednesday 6 May.
    assert case.reply_due_at == bangkok(2026, 5, 6, 9)
    question = file_case(office, CaseType.QUESTION)  # no stored policy: 15 calendar days
    assert question.reply_due_at == bangkok(2026, 4, 25, 9)


def test_due_status_counts_bangkok_days(app, office, frozen):
    frozen.now = bangkok(2026, 6, 1, 9)
    case = file_case(office)
    assert case.reply_due_at == bangkok(2026, 6, 16, 9)
    assert due_status(case, bangkok(2026, 6, 13, 12)) == DueStatus("due_in", 3)
    assert due_status(case, bangkok(2026, 6, 16, 0, 5)) == ("due_today", 0)
    assert due_status(case, bangkok(2026, 6, 16, 23, 59)) == ("due_today", 0)
    assert due_status(case, bangkok(2026, 6, 18, 0, 30)) == ("overdue", 2)
    case.status = CaseStatus.CLOSED
    assert due_status(case, bangkok(2026, 6, 18)) is None


def test_clock_pauses_while_waiting_and_resumes_with_the_same_days_left(app, office, staff,
                                                                         frozen):
    frozen.now = bangkok(2026, 6, 1, 9)
    case = file_case(office)
    frozen.advance(days=4)
    workflow.request_information(case, staff.intake, "ขอทราบชื่อโรงเรียนและวันที่", 1)
    db.session.commit()
    assert case.status is CaseStatus.AWAITING_REPORTER and case.paused_since == frozen.now
    assert case.reporter_due_at == bangkok(2026, 6, 12, 9)  # 7 days to complete the case
    assert due_status(case, bangkok(2026, 7, 30)) == ("paused", 11)  # however long it waits
    assert case.events[-1].kind.value == "info_requested"
    frozen.advance(days=3, hours=6)
    add_reporter_message(case, "โรงเรียนบ้านนาทม วันที่ 20", [])
    db.session.commit()
    assert case.status is CaseStatus.IN_PROGRESS and case.paused_since is None
    assert case.reply_due_at == bangkok(2026, 6, 19, 15)  # moved by 3 days 6 hours
    assert due_status(case, frozen.now) == ("due_in", 11)


def test_staff_leaving_awaiting_reporter_also_resumes_the_clock(app, office, staff, frozen):
    case = file_case(office)
    due_before = case.reply_due_at
    workflow.request_information(case, staff.intake, "ขอหลักฐานเพิ่ม", case.lock_version)
    frozen.advance(days=8)  # no answer: the officer goes on with what they have
    workflow.reply_publicly(case, staff.intake, "ดำเนินการต่อจากข้อมูลที่มี",
                            case.lock_version)
    assert case.paused_since is None and case.reply_due_at == due_before + timedelta(days=8)


def test_on_time_counts_open_cases_past_the_deadline_as_late(app, office, staff, frozen):
    answered = file_case(office)
    late_answer = file_case(office)
    forgotten = file_case(office)
    waiting = file_case(office)
    frozen.advance(days=2)
    workflow.reply_publicly(answered, staff.intake, "รับเรื่องแล้ว", 1)
    frozen.advance(days=20)
    workflow.reply_publicly(late_answer, staff.intake, "ขออภัยที่ล่าช้า", 1)
    db.session.commit()
    assert on_time(answered, frozen.now) is True
    assert on_time(late_answer, frozen.now) is False
    assert on_time(forgotten, frozen.now) is False  # still open, never answered, past due
    assert on_time(waiting, waiting.reply_due_at - timedelta(days=1)) is None  # not yet known
    # The first answer is the evidence: a later resolution does not move it.
    first_informed = answered.reporter_informed_at
    workflow.resolve_case(answered, staff.intake, Outcome.UPHELD, "แก้ไขแล้ว",
                          answered.lock_version)
    assert answered.reporter_informed_at == first_informed and on_time(answered) is True


def test_an_answer_late_in_the_evening_of_the_due_day_is_on_time(app, office, staff, frozen):
    case = file_case(office)
    due_day = (case.reply_due_at + timedelta(hours=7)).date()
    frozen.now = start_of_local_day(due_day) + timedelta(hours=23, minutes=30)
    workflow.reply_publicly(case, staff.intake, "แจ้งผล", 1)
    assert on_time(case) is True


def test_reminders_on_day_ten_and_fifteen(app, office, staff, frozen):
    frozen.now = now = bangkok(2026, 6, 10, 9)
    day_10, day_15, day_12, paused = (file_case(office) for _ in range(4))
    day_10.reply_due_at = now + timedelta(days=5)
    day_15.reply_due_at = now + timedelta(hours=3)
    day_12.reply_due_at = now + timedelta(days=3)
    paused.reply_due_at = now  # would be day 15, but the clock is stopped
    db.session.commit()
    workflow.request_information(paused, staff.intake, "ขอข้อมูล", paused.lock_version)
    db.session.commit()
    reminders = {(r.case.id, r.day) for r in reminders_due(office, now)}
    assert reminders == {(day_10.id, 10), (day_15.id, 15)}
    assert reminders_due(office, now + timedelta(days=1)) == []


@pytest.mark.parametrize("days_ago", [0, 3])
def test_cases_from_other_channels_count_from_the_original_day(app, office, staff, frozen,
                                                               days_ago):
    from portal.cases.submit import CaseSubmission, ContactDetails
    from portal.cases.tracking import find_case_by_receipt
    from portal.models import ActorType, Channel

    frozen.now = bangkok(2026, 6, 10, 14)
    received_on = date(2026, 6, 10) - timedelta(days=days_ago)
    recorded = workflow.record_case_from_channel(
        office, staff.intake, Channel.PHONE, received_on,
        CaseSubmission(case_type=CaseType.COMPLAINT, subject="โทรแจ้งเรื่องรถรับส่งนักเรียน",
                       description="ผู้ปกครองโทรแจ้งว่ารถรับส่งนักเรียนมาช้าทุกวัน",
                       contact=ContactDetails(name="ผู้ปกครอง", phone="0812345678")))
    db.session.commit()
    case = recorded.case
    expected_start = frozen.now if days_ago == 0 else start_of_local_day(received_on)
    assert case.channel is Channel.PHONE and case.original_received_on == received_on
    assert case.received_at == expected_start
    assert case.reply_due_at == expected_start + timedelta(days=15)
    first = case.events[0]
    assert first.actor_type is ActorType.STAFF and first.actor_user_id == staff.intake.id
    assert find_case_by_receipt(office, case.number, recorded.receipt) is case


def test_other_channels_refuse_future_dates_web_and_non_screeners(app, office, staff, frozen):
    from portal.cases.errors import CaseError
    from portal.cases.submit import CaseSubmission
    from portal.models import Channel

    submission = CaseSubmission(case_type=CaseType.QUESTION, subject="สอบถาม",
                                description="สอบถามเรื่องการรับสมัครนักเรียน")
    tomorrow = (frozen.now + timedelta(days=1, hours=7)).date()
    with pytest.raises(CaseError, match="อนาคต"):
        workflow.record_case_from_channel(office, staff.intake, Channel.LETTER, tomorrow,
                                          submission)
    today = (frozen.now + timedelta(hours=7)).date()
    with pytest.raises(CaseError, match="ช่องทาง"):
        workflow.record_case_from_channel(office, staff.intake, Channel.WEB, today, submission)
    with pytest.raises(CaseError, match="ไม่มีสิทธิ์"):
        workflow.record_case_from_channel(office, staff.officer, Channel.LETTER, today,
                                          submission)


def test_a_new_type_brings_its_own_deadline_keeping_paused_time(app, office, staff, frozen):
    db.session.add(DeadlinePolicy(office_id=office.id, case_type=CaseType.CORRUPTION,
                                  reply_days=30, working_days=False))
    frozen.now = bangkok(2026, 6, 1, 9)
    case = file_case(office)
    assert case.reply_due_at == bangkok(2026, 6, 16, 9)
    case.reply_due_at += timedelta(days=2)  # two days already spent waiting for the reporter
    db.session.commit()
    workflow.update_case_details(case, staff.intake, case.lock_version,
                                 case_type=CaseType.CORRUPTION)
    assert case.reply_due_at == bangkok(2026, 7, 3, 9)
