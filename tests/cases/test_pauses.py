"""Waiting on the reporter: never for one who cannot be reached, never past the policy's
days, and the inbox's badges agree with its queue counts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal import clock
from portal.cases import workflow
from portal.cases.errors import CaseError
from portal.cases.pauses import PAUSE_ENDED, end_expired_pauses
from portal.cases.submit import CaseSubmission, ContactDetails
from portal.extensions import db
from portal.models import CaseStatus, CaseType, Channel, Role, Visibility
from tests.cases.factories import category, file_case
from tests.inbox.factories import make_case


def phone_case(office, staff, *, anonymous: bool):
    submission = CaseSubmission(
        case_type=CaseType.COMPLAINT,
        subject="ถนนหน้าโรงเรียนชำรุด",
        description="ผู้แจ้งโทรมาแจ้งว่าถนนหน้าโรงเรียนเป็นหลุมลึก",
        category_id=category(office, CaseType.COMPLAINT).id,
        anonymous=anonymous,
        contact=ContactDetails() if anonymous else ContactDetails(name="สมศรี", phone="0812345678"),
    )
    case = workflow.record_case_from_channel(
        office, staff.intake, Channel.PHONE, clock.to_local(clock.utcnow()).date(), submission
    ).case
    db.session.commit()
    return case


def test_no_request_to_a_reporter_who_cannot_be_reached(app, office, staff, login_as):
    unreachable = phone_case(office, staff, anonymous=True)
    with pytest.raises(CaseError, match="ไม่ได้ให้ช่องทางติดต่อ"):
        workflow.request_information(
            unreachable, staff.intake, "ขอชื่อโรงเรียน", unreachable.lock_version
        )
    page = login_as(Role.INTAKE).get(f"/staff/cases/{unreachable.number}").get_data(as_text=True)
    box = re.search(r'<details id="request_info">.*?</details>', page, re.S).group(0)
    assert "ไม่ได้ให้ช่องทางติดต่อ" in box and "<textarea" not in box
    # A phone number, or a web case (the reporter follows it with the receipt), is a way back.
    for case in (phone_case(office, staff, anonymous=False), file_case(office, anonymous=True)):
        workflow.request_information(case, staff.intake, "ขอชื่อโรงเรียน", case.lock_version)
        assert case.status is CaseStatus.AWAITING_REPORTER


def test_the_pause_ends_after_the_policy_days_and_the_case_returns(app, office, staff, frozen):
    case = file_case(office)
    workflow.assign_case(case, staff.intake, case.work_group, staff.officer, case.lock_version)
    due_before = case.reply_due_at
    workflow.request_information(case, staff.officer, "ขอภาพถ่าย", case.lock_version)
    db.session.commit()
    asked_at, reporter_due = frozen.now, case.reporter_due_at
    assert reporter_due - asked_at >= timedelta(days=7)

    frozen.advance(days=6)
    assert end_expired_pauses() == []
    frozen.advance(days=30)  # nobody looked for a month: the pause still ends on its day
    assert end_expired_pauses() == [case]
    db.session.commit()
    assert case.status is CaseStatus.IN_PROGRESS and case.paused_since is None
    assert case.assignee_id == staff.officer.id
    assert case.reply_due_at == due_before + (reporter_due - asked_at)
    last = case.events[-1]
    assert (last.body, last.visibility, last.created_at) == (
        PAUSE_ENDED,
        Visibility.INTERNAL,
        reporter_due,
    )


def test_badges_and_queue_counts_follow_one_rule(app, office, login_as):
    long_ago = clock.utcnow() - timedelta(days=40)
    make_case(
        office,
        "รอผู้แจ้งมานาน",
        status=CaseStatus.AWAITING_REPORTER,
        received_at=long_ago,
        reply_due_at=long_ago + timedelta(days=10),
        paused_since=long_ago + timedelta(days=2),
    )
    make_case(
        office,
        "เกินกำหนดจริง",
        status=CaseStatus.IN_PROGRESS,
        received_at=long_ago,
        reply_due_at=long_ago + timedelta(days=15),
    )
    make_case(office, "ยังไม่ครบกำหนด", status=CaseStatus.IN_PROGRESS, due_in_days=5)
    db.session.commit()
    staff = login_as(Role.INTAKE)
    page = staff.get("/staff/?queue=open").get_data(as_text=True)
    overdue_rows = re.findall(
        r"<tr>(?:(?!</tr>).)*badge badge-overdue(?:(?!</tr>).)*</tr>", page, re.S
    )
    assert len(overdue_rows) == 1 and "เกินกำหนดจริง" in overdue_rows[0]
    assert "หยุดนับเวลา รอผู้แจ้ง" in page
    overdue_queue = staff.get("/staff/?queue=overdue").get_data(as_text=True)
    assert "เกินกำหนดจริง" in overdue_queue and "รอผู้แจ้งมานาน" not in overdue_queue
    assert "1 เรื่องในรายการนี้" in overdue_queue


def test_the_worker_ends_expired_pauses_every_few_minutes(app, office, staff, frozen):
    from portal.delivery.worker import end_expired_pauses_if_due

    case = file_case(office)
    workflow.request_information(case, staff.intake, "ขอภาพถ่าย", case.lock_version)
    db.session.commit()
    frozen.advance(days=8)
    checked = end_expired_pauses_if_due(None)
    db.session.expire_all()
    assert case.status is CaseStatus.IN_PROGRESS
    # Right after a check the next one waits: the same moment comes back, nothing is read.
    assert end_expired_pauses_if_due(checked) == checked
