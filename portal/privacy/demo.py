"""Demo data of the PDPA duties: a year of real purge runs over sample archive cases, the
sample processors, and one closed breach record. Every name and number is sample data."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

from sqlalchemy import select

from portal.cases.numbering import next_case_number
from portal.clock import buddhist_year, utcnow
from portal.extensions import db
from portal.models import (
    ActorType,
    Case,
    CaseEvent,
    CaseStatus,
    CaseType,
    EventKind,
    Office,
    Outcome,
    ReporterContact,
    Role,
    User,
    UserRole,
)
from portal.models.privacy import Processor
from portal.privacy.breaches import BreachFields, close_breach, record_breach, update_breach
from portal.privacy.purge import purge_office
from portal.privacy.ropa import current_ropa

ARCHIVE_SUBJECTS = [
    ("ห้องน้ำโรงเรียนชำรุด", "ห้องน้ำนักเรียนชายชำรุดหลายห้อง ครูทราบแล้วแต่ยังไม่ซ่อม"),
    ("รถรับส่งนักเรียนมาสาย", "รถรับส่งนักเรียนมาสายเกือบทุกวันในเดือนนี้"),
    ("ขอทราบกำหนดรับสมัครนักเรียน", "ผู้ปกครองขอทราบวันรับสมัครนักเรียนชั้นอนุบาล"),
]
# Closed two to three years ago (the year of purges) and five to six years ago (text masked).
ARCHIVE_RECENT, ARCHIVE_OLD = 150, 15
ARCHIVE_CASES = ARCHIVE_RECENT + ARCHIVE_OLD
SAMPLE_PROCESSORS = [
    ("ผู้ให้บริการอีเมล (ตัวอย่าง)", "ส่งอีเมลแจ้งความคืบหน้าแก่ผู้แจ้ง", "อีเมลของผู้แจ้ง", "ประเทศไทย"),
    (
        "ผู้ให้บริการเซิร์ฟเวอร์ (ตัวอย่าง)",
        "เครื่องแม่ข่ายและสำรองข้อมูล",
        "ข้อมูลทั้งหมดของระบบ (เข้ารหัส)",
        "ประเทศไทย",
    ),
]


def create_privacy_demo(office: Office, rng: random.Random) -> None:
    """Archive cases that ended two to six years ago, then the purge as the worker ran it on
    each day of the past year, a closed breach, and sample processors."""
    now = utcnow()
    for days_ago in sorted(rng.randint(732, 1095) for _ in range(ARCHIVE_RECENT)):
        _archive_case(office, rng, now - timedelta(days=days_ago))
    for days_ago in sorted(rng.randint(1830, 2190) for _ in range(ARCHIVE_OLD)):
        _archive_case(office, rng, now - timedelta(days=days_ago))
    db.session.add_all(
        Processor(office_id=office.id, name=n, service=s, data_kinds=d, location=loc)
        for n, s, d, loc in SAMPLE_PROCESSORS
    )
    db.session.commit()
    for day in range(365, 0, -1):
        purge_office(office, now=now - timedelta(days=day))
    _closed_breach(office, now)
    current_ropa(office)


def _archive_case(office: Office, rng: random.Random, ended) -> None:
    received = ended - timedelta(days=rng.randint(5, 30))
    subject, description = rng.choice(ARCHIVE_SUBJECTS)
    n = rng.randint(1000, 9999)
    case = Case(
        office_id=office.id,
        number=next_case_number(office, buddhist_year(received)),
        case_type=CaseType.COMPLAINT,
        status=CaseStatus.CLOSED,
        outcome=rng.choice((Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD)),
        subject=subject,
        description=f"{description} นายสมชาย ใจดี ติดต่อกลับ {_phone(n)} (ข้อมูลตัวอย่าง)",
        receipt_hash=hashlib.sha256(f"demo{received}".encode()).hexdigest(),
        content_digest=hashlib.sha256(f"{subject}{received}".encode()).hexdigest(),
        received_at=received,
        reply_due_at=received + timedelta(days=15),
        acknowledged_at=received + timedelta(days=1),
        reporter_informed_at=received + timedelta(days=4),
        resolved_at=ended,
        closed_at=ended,
        last_activity_at=ended,
    )
    case.events.append(
        CaseEvent(
            kind=EventKind.SUBMITTED,
            actor_type=ActorType.REPORTER,
            to_status=CaseStatus.NEW,
            created_at=received,
        )
    )
    case.contact = ReporterContact(name=f"ผู้ปกครองตัวอย่าง {n}", phone=_phone(n))
    db.session.add(case)


def _phone(n: int) -> str:
    return f"08{n:04d}{n * 7 % 10000:04d}"


def _closed_breach(office: Office, now) -> None:
    admin = db.session.scalar(
        select(User)
        .join(UserRole)
        .where(User.office_id == office.id, UserRole.role == Role.ADMIN)
        .limit(1)
    )
    values = BreachFields(
        title="ตัวอย่าง: อีเมลแจ้งผลส่งถึงผู้รับผิดคน",
        discovered_at=now - timedelta(days=120, hours=5),
        description="อีเมลแจ้งผลเรื่องหนึ่งฉบับถูกส่งไปยังอีเมลของผู้ปกครองอีกคนหนึ่ง "
        "เพราะพิมพ์ที่อยู่อีเมลผิด (ข้อมูลตัวอย่าง)",
        data_kinds="ชื่อผู้แจ้ง เลขรับเรื่อง และสรุปผลการดำเนินการ",
        people_count=1,
        risk="low",
        risk_assessment="ผู้รับเป็นผู้ปกครองในโรงเรียนเดียวกัน ได้ลบอีเมลและยืนยัน"
        "เป็นลายลักษณ์อักษรแล้ว ไม่มีข้อมูลอ่อนไหว",
    )
    breach = record_breach(office, values, admin)
    breach.recorded_at = values.discovered_at + timedelta(hours=1)
    values.measures = "ขอให้ผู้รับลบอีเมล ตรวจสอบที่อยู่อีเมลก่อนส่งทุกครั้ง"
    values.notify_pdpc = False
    values.no_notify_reason = (
        "ไม่มีความเสี่ยงที่จะมีผลกระทบต่อสิทธิและเสรีภาพของบุคคล ผู้รับลบข้อมูลแล้ว (มาตรา 37(4))"
    )
    values.notify_people = True
    update_breach(breach, values, admin)
    close_breach(breach, admin)
    breach.closed_at = values.discovered_at + timedelta(days=2)
