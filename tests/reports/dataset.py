"""A crafted set of cases whose report figures were worked out by hand (see test_figures.py).

Times are written as Bangkok wall-clock time and stored as naive UTC, as the portal does.
October 2026 starts on a Thursday; the office's holidays are 13 and 23 October 2026, and
complaints are acknowledged within 3 working days (the other types: 3 calendar days).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from portal.clock import BANGKOK
from portal.extensions import db
from portal.models import (
    Case,
    CaseStatus,
    CaseType,
    Category,
    Channel,
    DeadlinePolicy,
    DeclineReason,
    Holiday,
    Office,
    Outcome,
    Satisfaction,
    School,
)
from tests.factories import make_office

AS_OF = datetime(2026, 11, 2, 3, 0)  # 2 November 2026, 10:00 in Bangkok

_numbers = itertools.count(1)


def bkk(year: int, month: int, day: int, hour: int = 9, minute: int = 0, second: int = 0):
    """A Bangkok wall-clock time as the stored naive UTC timestamp."""
    local = datetime(year, month, day, hour, minute, second, tzinfo=BANGKOK)
    return local.astimezone(UTC).replace(tzinfo=None)


def add_case(office: Office, name: str, **fields) -> Case:
    values = {
        "office_id": office.id, "number": f"{office.code}-2569-{next(_numbers):06d}",
        "case_type": CaseType.COMPLAINT, "status": CaseStatus.NEW, "channel": Channel.WEB,
        "subject": name, "description": name, "receipt_hash": "x", "content_digest": name,
    }
    values.update(fields)
    values.setdefault("reply_due_at", values["received_at"])
    case = Case(**values)
    db.session.add(case)
    db.session.flush()
    return case


def build() -> dict[str, object]:
    """The office, its schools and the cases by name (c1 … c18)."""
    office = make_office()
    other = make_office("XX9")
    db.session.add_all([Holiday(office_id=office.id, day=date(2026, 10, 13), name="๑๓ ตุลาคม"),
                        Holiday(office_id=office.id, day=date(2026, 10, 23), name="ปิยมหาราช")])
    db.session.add(DeadlinePolicy(office_id=office.id, case_type=CaseType.COMPLAINT,
                                  reply_days=15, acknowledge_days=3, first_reminder_day=10,
                                  second_reminder_day=15, reporter_completion_days=7,
                                  feedback_days=15, working_days=True))
    schools = db.session.scalars(
        db.select(School).where(School.office_id == office.id).order_by(School.code)).all()
    s1, s2, s3 = schools
    categories = {c.case_type: c for c in db.session.scalars(
        db.select(Category).where(Category.office_id == office.id))}
    complaint_cat, corruption_cat = categories[CaseType.COMPLAINT], categories[CaseType.CORRUPTION]
    S, Out = CaseStatus, Outcome
    c = {}
    c["c1"] = add_case(office, "c1", status=S.CLOSED, school_id=s1.id, category_id=complaint_cat.id,
                       received_at=bkk(2026, 10, 1), acknowledged_at=bkk(2026, 10, 2),
                       reply_due_at=bkk(2026, 10, 16), reporter_informed_at=bkk(2026, 10, 9),
                       resolved_at=bkk(2026, 10, 9), closed_at=bkk(2026, 10, 25),
                       outcome=Out.UPHELD)
    # Received at the first second of October in Bangkok (still 30 September in UTC).
    c["c2"] = add_case(office, "c2", status=S.IN_PROGRESS, channel=Channel.PHONE,
                       school_id=s1.id, category_id=complaint_cat.id,
                       received_at=bkk(2026, 10, 1, 0, 0), acknowledged_at=bkk(2026, 10, 12),
                       reply_due_at=bkk(2026, 10, 16))
    # The last second of September in Bangkok: a September case.
    c["c3"] = add_case(office, "c3", received_at=bkk(2026, 9, 30, 23, 59, 59),
                       reply_due_at=bkk(2026, 10, 15))
    c["c4"] = add_case(office, "c4", case_type=CaseType.CORRUPTION, school_id=s2.id,
                       category_id=corruption_cat.id, confidential=True,
                       received_at=bkk(2026, 10, 31, 23, 59, 59), reply_due_at=bkk(2026, 11, 15))
    c["c5"] = add_case(office, "c5", received_at=bkk(2026, 11, 1, 0, 0),
                       reply_due_at=bkk(2026, 11, 16))
    # Recorded in October from a letter of 28 September: counts in September.
    c["c6"] = add_case(office, "c6", case_type=CaseType.QUESTION, channel=Channel.LETTER,
                       status=S.CLOSED, original_received_on=date(2026, 9, 28),
                       received_at=bkk(2026, 10, 2), acknowledged_at=bkk(2026, 10, 2),
                       reply_due_at=bkk(2026, 10, 13), reporter_informed_at=bkk(2026, 10, 5),
                       resolved_at=bkk(2026, 10, 5), outcome=Out.ANSWERED)
    # Recorded on 1 November from a walk-in of 30 October: an October case.
    c["c7"] = add_case(office, "c7", case_type=CaseType.SUGGESTION, channel=Channel.WALK_IN,
                       status=S.RESOLVED, school_id=s3.id, original_received_on=date(2026, 10, 30),
                       received_at=bkk(2026, 11, 1), acknowledged_at=bkk(2026, 11, 1),
                       reply_due_at=bkk(2026, 11, 15), reporter_informed_at=bkk(2026, 11, 1),
                       resolved_at=bkk(2026, 11, 1), outcome=Out.ANSWERED)
    # Paused since 7 October, still waiting for the reporter: not late while paused.
    c["c8"] = add_case(office, "c8", status=S.AWAITING_REPORTER, school_id=s1.id,
                       category_id=complaint_cat.id, received_at=bkk(2026, 10, 5),
                       acknowledged_at=bkk(2026, 10, 6), reply_due_at=bkk(2026, 10, 20),
                       paused_since=bkk(2026, 10, 7))
    # Paused 7–17 October: the deadline moved from 20 to 30 October; answered on the 28th.
    c["c9"] = add_case(office, "c9", status=S.RESOLVED, school_id=s1.id,
                       received_at=bkk(2026, 10, 5), acknowledged_at=bkk(2026, 10, 5, 15),
                       reply_due_at=bkk(2026, 10, 30), reporter_informed_at=bkk(2026, 10, 28),
                       resolved_at=bkk(2026, 10, 28), outcome=Out.PARTLY_UPHELD)
    # Resolved on 10 October, reopened on the 20th: a new round due 4 November.
    c["c10"] = add_case(office, "c10", status=S.IN_PROGRESS, school_id=s1.id,
                        received_at=bkk(2026, 10, 8), acknowledged_at=bkk(2026, 10, 8, 11),
                        reply_due_at=bkk(2026, 11, 4), reopened_count=1)
    c["c11"] = add_case(office, "c11", status=S.MERGED, school_id=s2.id,
                        received_at=bkk(2026, 10, 9), acknowledged_at=bkk(2026, 10, 9, 14),
                        reply_due_at=bkk(2026, 10, 24), merged_into_id=c["c1"].id)
    # Acknowledged on 14 October: one working day after the 12th (the 13th is a holiday).
    c["c12"] = add_case(office, "c12", status=S.REFERRED, channel=Channel.EMAIL, school_id=s2.id,
                        received_at=bkk(2026, 10, 12), acknowledged_at=bkk(2026, 10, 14),
                        reply_due_at=bkk(2026, 10, 27), reporter_informed_at=bkk(2026, 10, 14),
                        referred_to="อบต.")
    # Informed at 23:30 on its due day in Bangkok (16:30 UTC): on time.
    c["c13"] = add_case(office, "c13", status=S.DECLINED, school_id=s3.id,
                        received_at=bkk(2026, 10, 20), acknowledged_at=bkk(2026, 10, 21),
                        reply_due_at=bkk(2026, 10, 21),
                        reporter_informed_at=bkk(2026, 10, 21, 23, 30),
                        decline_reason=DeclineReason.INSUFFICIENT)
    c["c14"] = add_case(office, "c14", status=S.RESOLVED, channel=Channel.LINE,
                        received_at=bkk(2026, 10, 1), acknowledged_at=bkk(2026, 10, 1, 10),
                        reply_due_at=bkk(2026, 10, 23), reporter_informed_at=bkk(2026, 10, 22),
                        resolved_at=bkk(2026, 10, 22), outcome=Out.NOT_UPHELD, disputed_count=1)
    c["c15"] = add_case(office, "c15", case_type=CaseType.COMPLIMENT, channel=Channel.FACEBOOK,
                        status=S.CLOSED, received_at=bkk(2026, 10, 15),
                        acknowledged_at=bkk(2026, 10, 15, 13), reply_due_at=bkk(2026, 10, 30),
                        reporter_informed_at=bkk(2026, 10, 16), resolved_at=bkk(2026, 10, 16),
                        outcome=Out.ANSWERED)
    c["c16"] = add_case(office, "c16", status=S.CLOSED, received_at=bkk(2025, 10, 1),
                        acknowledged_at=bkk(2025, 10, 1), reply_due_at=bkk(2025, 10, 16),
                        reporter_informed_at=bkk(2025, 10, 20), resolved_at=bkk(2025, 10, 20),
                        outcome=Out.UPHELD)
    # Informed at 00:00 the day after its due day in Bangkok (17:00 UTC on the due day): late.
    c["c18"] = add_case(office, "c18", status=S.RESOLVED, received_at=bkk(2026, 10, 6),
                        acknowledged_at=bkk(2026, 10, 7), reply_due_at=bkk(2026, 10, 21),
                        reporter_informed_at=bkk(2026, 10, 22, 0, 0),
                        resolved_at=bkk(2026, 10, 22, 0, 0), outcome=Out.UPHELD)
    add_case(other, "other office", received_at=bkk(2026, 10, 10))
    for name, rating in (("c1", 4), ("c9", 5), ("c14", 2), ("c15", 5), ("c16", 1)):
        db.session.add(Satisfaction(case_id=c[name].id, rating=rating))
    db.session.commit()
    return {"office": office, "schools": (s1, s2, s3), "cases": c,
            "categories": (complaint_cat, corruption_cat)}
