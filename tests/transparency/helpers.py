"""Cases in October 2026 (Bangkok time) and a clock after it, for the publishing tests."""

from __future__ import annotations

from datetime import datetime

from portal.extensions import db
from portal.models import CaseStatus, CaseType, Channel, Role
from tests.factories import make_user
from tests.inbox.factories import make_case, schools

OCTOBER = "2026-10"
# 9:00 Bangkok on Tuesday 3 November 2026, as stored (naive UTC).
AFTER_OCTOBER = datetime(2026, 11, 3, 2, 0)


def october_cases(office, n_general: int = 4, n_corruption: int = 1) -> list:
    """General cases at the first school and corruption reports, received in October."""
    school = schools(office)[0]
    cases = [make_case(office, f"เรื่องทดสอบ {i}", description="ข้อความส่วนตัวของผู้ร้อง",
                       received_at=datetime(2026, 10, 5 + i, 3, 0), school_id=school.id,
                       channel=Channel.PHONE, reply_due_at=datetime(2026, 10, 20 + i, 3, 0))
             for i in range(n_general)]
    cases += [make_case(office, "เบาะแสทุจริต", case_type=CaseType.CORRUPTION,
                        received_at=datetime(2026, 10, 12, 3, 0), school_id=school.id,
                        reply_due_at=datetime(2026, 10, 27, 3, 0))
              for _ in range(n_corruption)]
    db.session.commit()
    return cases


def director(office):
    user = make_user(office, Role.DIRECTOR, name="ผู้อำนวยการทดสอบ")
    db.session.commit()
    return user


def resolve(case, when: datetime) -> None:
    case.status = CaseStatus.RESOLVED
    case.resolved_at = when
    case.reporter_informed_at = when
    db.session.commit()
