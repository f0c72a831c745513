"""Builders for workflow tests: staff with roles and groups, cases in a chosen state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from portal import clock
from portal.cases.submit import CaseSubmission, ContactDetails, submit_case
from portal.extensions import db
from portal.models import (
    Case,
    CaseStatus,
    CaseType,
    Category,
    Office,
    Role,
    School,
    User,
)
from tests.factories import group, make_user  # noqa: F401  (re-exported for these tests)


def category(office: Office, case_type: CaseType) -> Category:
    return db.session.scalar(select(Category).where(
        Category.office_id == office.id, Category.case_type == case_type))


def schools(office: Office) -> list[School]:
    return list(db.session.scalars(
        select(School).where(School.office_id == office.id).order_by(School.id)))


@dataclass
class Staff:
    intake: User
    officer: User  # case officer of the "promotion" group
    outsider: User  # case officer of no group
    integrity: User  # member of the "legal" group
    director: User
    pr: User


def make_staff(office: Office) -> Staff:
    promotion, legal = group(office, "promotion"), group(office, "legal")
    return Staff(
        intake=make_user(office, Role.INTAKE, name="ผู้รับเรื่อง ทดสอบ"),
        officer=make_user(office, Role.CASE_OFFICER, groups=(promotion,), name="สมศรี ขยันดี"),
        outsider=make_user(office, Role.CASE_OFFICER, name="สมหมาย นอกกลุ่ม"),
        integrity=make_user(office, Role.INTEGRITY, groups=(legal,), name="สุจริต มั่นคง"),
        director=make_user(office, Role.DIRECTOR, name="ผู้อำนวยการ ทดสอบ"),
        pr=make_user(office, Role.PR, name="ประชา สัมพันธ์"),
    )


def file_case(office: Office, case_type: CaseType = CaseType.COMPLAINT, *,
              subject: str = "อาหารกลางวันไม่เพียงพอ",
              description: str = "อาหารกลางวันที่โรงเรียนมีปริมาณน้อย นักเรียนไม่อิ่ม",
              email: str = "reporter@example.com", school: School | None = None,
              respondent: str = "", anonymous: bool = False) -> Case:
    """A case filed through the real intake service (web channel), committed."""
    submission = CaseSubmission(
        case_type=case_type, subject=subject, description=description,
        category_id=category(office, case_type).id, school_id=school.id if school else None,
        respondent=respondent, anonymous=anonymous,
        contact=ContactDetails(name="ผู้แจ้ง ทดสอบ", email=email),
    )
    case = submit_case(office, submission).case
    db.session.commit()
    return case


def put_in_status(case: Case, status: CaseStatus, now: datetime | None = None) -> Case:
    """Force a case into ``status`` with the fields that status implies (test set-up only)."""
    now = now or clock.utcnow()
    case.status = status
    if status is not CaseStatus.NEW:
        case.acknowledged_at = now
    if status is CaseStatus.AWAITING_REPORTER:
        case.paused_since = now
        case.reporter_due_at = now + timedelta(days=7)
    if status in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        case.resolved_at = now - timedelta(days=20)
        case.feedback_due_at = now - timedelta(days=5)  # the window has passed
    db.session.commit()
    return case
