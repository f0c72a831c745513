"""Creating (or refreshing) the demo deployment."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select

from portal.demo.cases import create_demo_cases
from portal.demo.reference import create_office, create_reference_data
from portal.extensions import db
from portal.models import Office, Role, User, UserRole
from portal.security.passwords import generate_password, hash_password
from portal.security.tokens import hash_receipt, new_receipt

DEMO_STAFF = [
    ("admin@nkp2.example", "ผู้ดูแลระบบ (ตัวอย่าง)", [Role.ADMIN]),
    ("intake@nkp2.example", "เจ้าหน้าที่รับเรื่อง (ตัวอย่าง)", [Role.INTAKE]),
    ("officer@nkp2.example", "เจ้าหน้าที่ผู้รับผิดชอบ (ตัวอย่าง)", [Role.CASE_OFFICER]),
    ("integrity@nkp2.example", "เจ้าหน้าที่กลุ่มกฎหมายและคดี (ตัวอย่าง)", [Role.INTEGRITY]),
    ("director@nkp2.example", "ผู้อำนวยการ (ตัวอย่าง)", [Role.DIRECTOR]),
    ("pr@nkp2.example", "นักประชาสัมพันธ์ (ตัวอย่าง)", [Role.PR]),
]


@dataclass
class DemoLogin:
    email: str
    password: str
    created: bool


def seed_demo(case_count: int = 300, seed: int = 2569) -> DemoLogin:
    """Create the demo office once; on later runs only give the admin a fresh password."""
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    admin_email = DEMO_STAFF[0][0]
    password = generate_password()
    if office is not None:
        admin = db.session.scalar(select(User).where(User.email == admin_email))
        if admin is not None:
            admin.password_hash = hash_password(password)
            return DemoLogin(admin_email, password, created=False)
    rng = random.Random(seed)
    office = office or create_office()
    create_reference_data(office, rng)
    for email, name, roles in DEMO_STAFF:
        secret = password if email == admin_email else generate_password()
        db.session.add(User(office_id=office.id, email=email, name=name,
                            password_hash=hash_password(secret),
                            roles=[UserRole(role=r) for r in roles]))
    # Demo cases get a receipt nobody knows: only cases filed through the forms can be tracked.
    create_demo_cases(office, rng, case_count, hash_receipt(new_receipt()))
    return DemoLogin(admin_email, password, created=True)
