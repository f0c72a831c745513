"""Creating (or refreshing) the demo deployment."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update

from portal.demo.cases import create_demo_cases
from portal.demo.channels import ensure_demo_channels
from portal.demo.network import create_demo_network
from portal.demo.publications import create_demo_publications
from portal.demo.reference import create_office, create_reference_data
from portal.demo.transparency import create_demo_transparency
from portal.extensions import db
from portal.models import (
    Case,
    CaseStatus,
    Holiday,
    Office,
    ResponseTemplate,
    Role,
    User,
    UserRole,
    WorkGroup,
)
from portal.security.passwords import generate_password, hash_password
from portal.security.tokens import hash_receipt, new_receipt

# Stored until _fresh_passwords sets a real hash: no password verifies against it.
UNUSABLE_HASH = "!"  # noqa: S105
# (email, name, roles, work group codes)
DEMO_STAFF = [
    ("admin@nkp2.example", "ผู้ดูแลระบบ (ตัวอย่าง)", [Role.ADMIN], []),
    ("intake@nkp2.example", "เจ้าหน้าที่รับเรื่อง (ตัวอย่าง)", [Role.INTAKE], []),
    ("officer@nkp2.example", "เจ้าหน้าที่ผู้รับผิดชอบ (ตัวอย่าง)", [Role.CASE_OFFICER],
     ["promotion", "supervision"]),
    ("integrity@nkp2.example", "เจ้าหน้าที่กลุ่มกฎหมายและคดี (ตัวอย่าง)", [Role.INTEGRITY],
     ["legal"]),
    ("director@nkp2.example", "ผู้อำนวยการ (ตัวอย่าง)", [Role.DIRECTOR], []),
    ("deputy@nkp2.example", "รองผู้อำนวยการ ผู้อนุมัติการเผยแพร่ (ตัวอย่าง)", [Role.APPROVER], []),
    ("pr@nkp2.example", "นักประชาสัมพันธ์ (ตัวอย่าง)", [Role.PR], []),
]
# Thai public holidays of B.E. 2569 that fall on weekdays (for working-day deadlines).
DEMO_HOLIDAYS = [
    (date(2026, 1, 1), "วันขึ้นปีใหม่"), (date(2026, 4, 6), "วันจักรี"),
    (date(2026, 4, 13), "วันสงกรานต์"), (date(2026, 4, 14), "วันสงกรานต์"),
    (date(2026, 4, 15), "วันสงกรานต์"), (date(2026, 5, 4), "วันฉัตรมงคล"),
    (date(2026, 6, 3), "วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี"),
    (date(2026, 7, 28), "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว"),
    (date(2026, 8, 12), "วันแม่แห่งชาติ"), (date(2026, 10, 13), "วันนวมินทรมหาราช"),
    (date(2026, 10, 23), "วันปิยมหาราช"), (date(2026, 12, 7), "ชดเชยวันพ่อแห่งชาติ"),
    (date(2026, 12, 10), "วันรัฐธรรมนูญ"), (date(2026, 12, 31), "วันสิ้นปี"),
]
DEMO_TEMPLATES = [
    ("รับเรื่องและกำลังตรวจสอบ",
     "{greeting}\n\n{office} ได้รับเรื่องเลขที่ {number} เรื่อง \"{subject}\" แล้ว "
     "และได้มอบหมายผู้รับผิดชอบตรวจสอบข้อเท็จจริง จะแจ้งผลให้ทราบภายในวันที่ {due_date}"),
    ("ขอข้อมูลเพิ่มเติม",
     "{greeting}\n\nเพื่อให้ตรวจสอบเรื่องเลขที่ {number} ได้ครบถ้วน "
     "กรุณาแจ้งชื่อโรงเรียน วันเวลาที่เกิดเหตุ และหลักฐานที่มี (ถ้ามี) ภายใน 7 วัน"),
]


@dataclass
class DemoLogin:
    email: str
    password: str
    created: bool
    others: list[tuple[str, str]] = field(default_factory=list)  # (email, password) of staff


def seed_demo(case_count: int = 300, seed: int = 2569) -> DemoLogin:
    """Create the demo office once; every run gives each demo staff member a fresh password."""
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    created = office is None or db.session.scalar(
        select(User.id).where(User.email == DEMO_STAFF[0][0])) is None
    if created:
        rng = random.Random(seed)
        office = office or create_office()
        create_reference_data(office, rng)
        _create_staff(office)
        _create_policies(office)
        # Demo cases get a receipt nobody knows: only cases filed through the forms are tracked.
        create_demo_cases(office, rng, case_count, hash_receipt(new_receipt(), "DEMO"))
        _assign_demo_cases(office)
    ensure_demo_channels(office)  # dry-run: posts are recorded, never sent
    if created:
        create_demo_publications(office, rng)
        db.session.flush()
        create_demo_transparency(office)
        create_demo_network(office, rng)  # correspondents, committee, school news (ตัวอย่าง)
        from portal.demo.chats import create_demo_chats

        create_demo_chats(office)  # a LINE and a Messenger chat, answered in dry-run
        from portal.privacy.demo import create_privacy_demo  # a year of purges, a breach

        create_privacy_demo(office, rng)
    logins = _fresh_passwords()
    admin_email, admin_password = logins[0]
    return DemoLogin(admin_email, admin_password, created=created, others=logins[1:])


def _create_staff(office: Office) -> None:
    groups = {g.code: g for g in db.session.scalars(
        select(WorkGroup).where(WorkGroup.office_id == office.id))}
    for email, name, roles, group_codes in DEMO_STAFF:
        db.session.add(User(office_id=office.id, email=email, name=name,
                            password_hash=UNUSABLE_HASH, roles=[UserRole(role=r) for r in roles],
                            work_groups=[groups[c] for c in group_codes]))
    db.session.flush()


def _assign_demo_cases(office: Office) -> None:
    """Cases past screening belong to the demo officer of their group, so queues look real."""
    db.session.flush()
    for user in db.session.scalars(select(User).where(User.office_id == office.id)):
        group_ids = [g.id for g in user.work_groups]
        if not group_ids:
            continue
        db.session.execute(
            update(Case)
            .where(Case.office_id == office.id, Case.work_group_id.in_(group_ids),
                   Case.status != CaseStatus.NEW, Case.assignee_id.is_(None))
            .values(assignee_id=user.id)
            .execution_options(synchronize_session=False)
        )


def _create_policies(office: Office) -> None:
    db.session.add_all(Holiday(office_id=office.id, day=day, name=name)
                       for day, name in DEMO_HOLIDAYS)
    db.session.add_all(ResponseTemplate(office_id=office.id, title=title, body=body)
                       for title, body in DEMO_TEMPLATES)


def _fresh_passwords() -> list[tuple[str, str]]:
    logins = []
    for email, *_rest in DEMO_STAFF:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            continue
        password = generate_password()
        user.password_hash = hash_password(password)
        user.session_version += 1
        logins.append((email, password))
    return logins
