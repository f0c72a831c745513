"""After resolution: the reporter confirms or disputes within the window, and rates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.cases import workflow
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import CaseStatus, Delivery, Outcome, Satisfaction
from tests.cases.factories import file_case


@pytest.fixture
def resolved(app, office, staff, frozen):
    case = file_case(office)
    workflow.reply_publicly(case, staff.intake, "รับเรื่องแล้ว", case.lock_version)
    workflow.resolve_case(case, staff.intake, Outcome.NOT_UPHELD,
                          "ตรวจสอบแล้ว ปริมาณอาหารเป็นไปตามเกณฑ์", case.lock_version)
    db.session.commit()
    return case


def test_resolution_opens_the_feedback_window_and_tells_the_reporter(app, resolved, frozen):
    assert resolved.feedback_due_at == frozen.now + timedelta(days=15)
    assert resolved.events[-1].body.startswith("ตรวจสอบแล้ว")
    purposes = db.session.scalars(select(Delivery.purpose).where(
        Delivery.case_id == resolved.id).order_by(Delivery.id)).all()
    assert purposes == ["case_received", "case_replied", "case_resolved"]
    assert workflow.feedback_open(resolved)


def test_dispute_reopens_and_is_counted(app, resolved, frozen):
    frozen.advance(days=3)
    event = workflow.dispute_outcome(resolved, "ลูกยังได้อาหารไม่พอเหมือนเดิม")
    db.session.commit()
    assert resolved.status is CaseStatus.IN_PROGRESS and resolved.disputed_count == 1
    assert event.kind.value == "reporter_disputed" and event.actor_type.value == "reporter"
    assert event.visibility.value == "public" and event.actor_user_id is None
    assert resolved.outcome is None and resolved.reporter_informed_at is None
    assert resolved.reply_due_at == frozen.now + timedelta(days=15)
    with pytest.raises(CaseError):
        workflow.dispute_outcome(resolved, "อีกครั้ง")  # no longer resolved


def test_dispute_needs_a_reason_and_the_window(app, resolved, frozen):
    with pytest.raises(CaseError):
        workflow.dispute_outcome(resolved, "   ")
    frozen.advance(days=16)
    with pytest.raises(CaseError, match="ภายในระยะเวลา"):
        workflow.dispute_outcome(resolved, "ไม่เห็นด้วย")
    with pytest.raises(CaseError, match="ภายในระยะเวลา"):
        workflow.confirm_outcome(resolved)
    assert resolved.status is CaseStatus.RESOLVED and resolved.disputed_count == 0


def test_confirm_once_then_staff_may_close_early(app, resolved, staff):
    with pytest.raises(CaseError, match="ยังปิดเรื่องไม่ได้"):
        workflow.close_case(resolved, staff.intake, resolved.lock_version)
    event = workflow.confirm_outcome(resolved)
    assert event.kind.value == "reporter_confirmed" and resolved.status is CaseStatus.RESOLVED
    with pytest.raises(CaseError, match="ยืนยัน"):
        workflow.confirm_outcome(resolved)
    with pytest.raises(CaseError, match="ยืนยัน"):
        workflow.dispute_outcome(resolved, "เปลี่ยนใจ")
    workflow.close_case(resolved, staff.intake, resolved.lock_version)
    db.session.commit()
    assert resolved.status is CaseStatus.CLOSED and resolved.closed_at is not None


def test_expired_windows_are_closed_by_the_daily_job(app, office, resolved, frozen):
    assert workflow.close_expired_cases(office) == []
    frozen.advance(days=16)
    assert workflow.close_expired_cases(office) == [resolved]
    db.session.commit()
    assert resolved.status is CaseStatus.CLOSED
    assert resolved.events[-1].actor_type.value == "system"


def test_rating_within_the_window_replaces_the_previous_one(app, resolved, frozen):
    workflow.rate_handling(resolved, 2, "ช้า")
    db.session.commit()
    frozen.advance(days=1)
    workflow.rate_handling(resolved, 4, "ได้คำตอบชัดเจน")
    db.session.commit()
    rows = db.session.scalars(select(Satisfaction)).all()
    assert [(r.case_id, r.rating, r.comment) for r in rows] == [(resolved.id, 4, "ได้คำตอบชัดเจน")]
    # Each rating stays in the timeline with its comment (the history of an edit).
    assert [e.body for e in resolved.events if e.kind.value == "rated"] == [
        "2/5\nช้า", "4/5\nได้คำตอบชัดเจน"]
    for bad in (0, 6):
        with pytest.raises(CaseError, match="1 ถึง 5"):
            workflow.rate_handling(resolved, bad)
    frozen.advance(days=15)
    with pytest.raises(CaseError, match="ภายในระยะเวลา"):
        workflow.rate_handling(resolved, 5)


def test_rating_refused_before_resolution(app, office, frozen):
    case = file_case(office)
    with pytest.raises(CaseError, match="หลังดำเนินการ"):
        workflow.rate_handling(case, 5)
