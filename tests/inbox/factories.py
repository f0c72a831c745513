"""Builders for inbox and search tests: staff users and cases in a chosen state."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.clock import utcnow
from portal.extensions import db
from portal.models import (
    Case,
    CaseStatus,
    CaseType,
    Category,
    Channel,
    Office,
    School,
)
from tests.factories import group, make_user  # noqa: F401  (re-exported for these tests)


def schools(office: Office) -> list[School]:
    return list(db.session.scalars(
        select(School).where(School.office_id == office.id).order_by(School.id)))


def category(office: Office, case_type: CaseType) -> Category:
    return db.session.scalar(select(Category).where(
        Category.office_id == office.id, Category.case_type == case_type))


_serial = itertools.count(1)


def make_case(office: Office, subject: str = "เรื่องทดสอบ", *, description: str = "รายละเอียด",
              received_at: datetime | None = None, due_in_days: float = 15, flush: bool = True,
              **fields) -> Case:
    """A case straight in the database (no services): ``fields`` override any column.

    ``flush=False`` leaves the row to the caller's next flush or commit: many cases are then
    written in one INSERT of many rows rather than one each (the case has no id until then).
    """
    n = next(_serial)
    received_at = received_at or utcnow() - timedelta(hours=1)
    case_type = fields.pop("case_type", CaseType.COMPLAINT)
    values = {
        "office_id": office.id, "number": f"{office.code}-2569-{n:06d}", "case_type": case_type,
        "status": CaseStatus.NEW, "channel": Channel.WEB, "subject": subject,
        "description": description, "confidential": case_type is CaseType.CORRUPTION,
        "receipt_hash": "x", "content_digest": "0" * 64, "received_at": received_at,
        "reply_due_at": utcnow() + timedelta(days=due_in_days),
    }
    values.update(fields)
    case = Case(**values)
    db.session.add(case)
    if flush:
        db.session.flush()
    return case
