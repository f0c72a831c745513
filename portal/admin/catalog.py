"""The office's reference data: work groups, categories per case type, schools."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.admin.scope import owned
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import CaseType, Category, District, Office, School, WorkGroup
from portal.schools.importer import ImportResult, import_schools


@dataclass
class WorkGroupFields:
    code: str
    name_th: str
    name_en: str
    receives_corruption: bool


@dataclass
class CategoryFields:
    case_type: CaseType
    name_th: str
    name_en: str
    work_group_id: int | None
    sort_order: int
    active: bool


@dataclass
class SchoolFields:
    code: str
    name_th: str
    name_en: str
    district_id: int | None
    active: bool


def create_work_group(office: Office, fields: WorkGroupFields) -> WorkGroup:
    """Add a work group; its code is unique within the office."""
    group = WorkGroup(office_id=office.id)
    _apply_work_group(group, fields)
    db.session.add(group)
    db.session.flush()
    return group


def update_work_group(group: WorkGroup, fields: WorkGroupFields) -> None:
    """Change a work group; some group must keep receiving corruption reports."""
    if group.receives_corruption and not fields.receives_corruption:
        _check_can_stop_receiving_corruption(group)
    _apply_work_group(group, fields)
    db.session.flush()


def _check_can_stop_receiving_corruption(group: WorkGroup) -> None:
    others = db.session.scalar(select(func.count(WorkGroup.id)).where(
        WorkGroup.office_id == group.office_id, WorkGroup.id != group.id,
        WorkGroup.receives_corruption.is_(True)))
    if not others:
        raise CaseError(_l("ต้องมีกลุ่มงานที่รับเรื่องทุจริตอย่างน้อยหนึ่งกลุ่ม "
                           "กรุณากำหนดกลุ่มอื่นให้รับเรื่องทุจริตก่อน"))
    routed = db.session.scalars(select(Category.name_th).where(
        Category.work_group_id == group.id, Category.case_type == CaseType.CORRUPTION)).all()
    if routed:
        # Otherwise corruption reports would reach a group that must not see them.
        raise CaseError(_l("หมวดหมู่เรื่องทุจริตยังส่งมาที่กลุ่มนี้: %(names)s "
                           "กรุณาเปลี่ยนกลุ่มงานของหมวดหมู่เหล่านี้ก่อน", names=", ".join(routed)))


def _apply_work_group(group: WorkGroup, fields: WorkGroupFields) -> None:
    if _taken(WorkGroup, group, code=fields.code):
        raise CaseError(_l("รหัสกลุ่มงานนี้มีอยู่แล้ว กรุณาใช้รหัสอื่น"))
    group.code, group.name_th, group.name_en = fields.code, fields.name_th, fields.name_en
    group.receives_corruption = fields.receives_corruption


def create_category(office: Office, fields: CategoryFields) -> Category:
    """Add a category to a case type, optionally routed to one of the office's groups."""
    category = Category(office_id=office.id)
    _apply_category(category, fields)
    db.session.add(category)
    db.session.flush()
    return category


def update_category(category: Category, fields: CategoryFields) -> None:
    """Change a category; unticking ``active`` retires it (old cases keep pointing at it)."""
    _apply_category(category, fields)
    db.session.flush()


def _apply_category(category: Category, fields: CategoryFields) -> None:
    group = owned(WorkGroup, category.office_id, fields.work_group_id)
    if fields.work_group_id is not None and group is None:
        raise CaseError(_l("ไม่พบกลุ่มงานที่เลือก กรุณาเลือกใหม่"))
    wrong_group = group is not None and not group.receives_corruption
    if fields.case_type is CaseType.CORRUPTION and wrong_group:
        # Confidentiality: corruption reports reach only the group that handles them.
        raise CaseError(_l("หมวดหมู่เรื่องทุจริตต้องส่งไปยังกลุ่มงานที่รับเรื่องทุจริตเท่านั้น"))
    category.case_type = fields.case_type
    category.name_th, category.name_en = fields.name_th, fields.name_en
    category.work_group_id = group.id if group else None
    category.sort_order, category.active = fields.sort_order, fields.active


def create_school(office: Office, fields: SchoolFields) -> School:
    """Add a school in one of the office's districts; its code is unique within the office."""
    school = School(office_id=office.id, is_demo=False)
    _apply_school(school, fields)
    db.session.add(school)
    db.session.flush()
    return school


def update_school(school: School, fields: SchoolFields) -> None:
    """Change a school's code, names, district or whether it is listed."""
    _apply_school(school, fields)
    db.session.flush()


def set_school_active(school: School, active: bool) -> None:
    """Schools are deactivated, never deleted: old cases still name them."""
    school.active = active


def _apply_school(school: School, fields: SchoolFields) -> None:
    if fields.district_id is not None and owned(District, school.office_id,
                                                fields.district_id) is None:
        raise CaseError(_l("ไม่พบอำเภอที่เลือก กรุณาเลือกใหม่"))
    if _taken(School, school, code=fields.code):
        raise CaseError(_l("รหัสโรงเรียนนี้มีอยู่แล้ว กรุณาตรวจสอบอีกครั้ง"))
    school.code, school.name_th, school.name_en = fields.code, fields.name_th, fields.name_en
    school.district_id, school.active = fields.district_id, fields.active


def _taken(model, row, code: str) -> bool:
    """Whether another row of the same office already uses ``code``."""
    query = select(model.id).where(model.office_id == row.office_id, model.code == code)
    if row.id is not None:
        query = query.where(model.id != row.id)
    return db.session.scalar(query) is not None


def import_school_file(office: Office, raw: bytes) -> ImportResult:
    """Import a CSV file; Excel in Thai saves CSV as TIS-620 (cp874), so that is accepted too."""
    if b"\x00" in raw:
        return ImportResult(errors=[str(_l("ไฟล์นี้ไม่ใช่ไฟล์ CSV ที่เป็นข้อความ"))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp874")
        except UnicodeDecodeError:
            return ImportResult(errors=[str(_l("อ่านไฟล์ไม่ได้ กรุณาบันทึกเป็น CSV แบบ UTF-8"))])
    result = import_schools(office, text)
    db.session.flush()
    return result
