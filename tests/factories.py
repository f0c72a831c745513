"""Small builders for test data."""

from __future__ import annotations

import io
import itertools

import pikepdf
from PIL import Image
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    CaseType,
    Category,
    District,
    Office,
    Role,
    School,
    User,
    UserRole,
    WorkGroup,
)


def make_office(code: str = "NP2", hostname: str | None = None) -> Office:
    """An office with two districts, three schools, two work groups and a category per type."""
    office = Office(code=code, name_th=f"สำนักงานทดสอบ {code}", name_en=f"Test office {code}",
                    hostname=hostname, dpo_contact="dpo@test.example", reply_due_days=15)
    db.session.add(office)
    db.session.flush()  # the office's id; everything else in one flush, a batch per table
    districts = [District(office_id=office.id, code=c, name_th=n, name_en=e)
                 for c, n, e in (("4808", "ศรีสงคราม", "Si Songkhram"), ("4811", "นาทม", "Na Thom"))]
    for i, (name, district) in enumerate((("โรงเรียนบ้านสามผง", 0), ("โรงเรียนบ้านนาเดื่อ", 0),
                                          ("โรงเรียนบ้านนาทม", 1)), start=1):
        districts[district].schools.append(School(office_id=office.id, code=f"{code}{i:03d}",
                                                  name_th=name))
    general = WorkGroup(office_id=office.id, code="promotion", name_th="กลุ่มส่งเสริมการจัดการศึกษา")
    legal = WorkGroup(office_id=office.id, code="legal", name_th="กลุ่มกฎหมายและคดี",
                      receives_corruption=True)
    db.session.add_all([*districts, general, legal])
    for case_type in CaseType:
        group = legal if case_type is CaseType.CORRUPTION else general
        db.session.add(Category(office_id=office.id, case_type=case_type,
                                name_th=f"หมวด{case_type.value}", work_group=group))
    db.session.flush()
    return office


def jpeg_bytes(size=(64, 48), color=(200, 30, 30), exif=None, comment=None) -> bytes:
    out = io.BytesIO()
    kwargs = {}
    if exif is not None:
        kwargs["exif"] = exif
    if comment is not None:
        kwargs["comment"] = comment
    Image.new("RGB", size, color).save(out, "JPEG", **kwargs)
    return out.getvalue()


def png_bytes(size=(32, 32)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def pdf_bytes(pages: int = 1, **save_options) -> bytes:
    """A valid PDF of blank A4 pages, as qpdf writes it."""
    document = pikepdf.new()
    for _ in range(pages):
        document.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    document.save(out, **save_options)
    return out.getvalue()


PDF_BYTES = pdf_bytes()


_serial = itertools.count(1)


def make_user(office: Office, *roles: Role, groups=(), name: str = "") -> User:
    """A staff member (no usable password) with ``roles`` in ``groups``."""
    n = next(_serial)
    user = User(office_id=office.id, email=f"staff{n}@test.example",
                name=name or f"เจ้าหน้าที่ {n}", password_hash="x",
                roles=[UserRole(role=r) for r in roles], work_groups=list(groups))
    db.session.add(user)
    db.session.flush()
    return user


def group(office: Office, code: str) -> WorkGroup:
    return db.session.scalar(
        select(WorkGroup).where(WorkGroup.office_id == office.id, WorkGroup.code == code))
