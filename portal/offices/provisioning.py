"""Create, archive and import offices; a new office starts from a template office's settings.

What is copied: work groups and categories (with their routing), deadline policies, holidays,
response templates and the ITA item mapping. Schools, staff, channels and cases are not.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.cases.errors import CaseError
from portal.clock import utcnow
from portal.extensions import db
from portal.models import (
    CaseType,
    Category,
    DeadlinePolicy,
    Holiday,
    ItaItem,
    Office,
    ResponseTemplate,
    WorkGroup,
)

CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,15}$")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST = re.compile(rf"^(?=.{{1,200}}$){_LABEL}(?:\.{_LABEL})+$")
CSV_COLUMNS = ("code", "name_th", "name_en", "province_th", "hostname")


class OfficeError(CaseError):
    """An office cannot be created, archived or imported as asked."""


@dataclass
class NewOffice:
    code: str
    name_th: str
    name_en: str = ""
    province_th: str = ""
    hostname: str | None = None


def create_office(new: NewOffice, template: Office | None) -> Office:
    """A new office with ``template``'s groups, categories, deadlines, holidays, reply
    templates and ITA mapping (the built-in defaults when there is no template)."""
    _check(new)
    office = Office(
        code=new.code,
        name_th=new.name_th,
        name_en=new.name_en,
        province_th=new.province_th,
        hostname=new.hostname or None,
        reply_due_days=template.reply_due_days if template else 15,
        retention_years=template.retention_years if template else 5,
    )
    db.session.add(office)
    db.session.flush()
    if template is None:
        _copy_builtin_defaults(office)
    else:
        _copy_from(template, office)
    return office


def _check(new: NewOffice) -> None:
    if not CODE.match(new.code):
        raise OfficeError(_l("รหัสสำนักงานต้องเป็นอักษรอังกฤษตัวใหญ่หรือตัวเลข ไม่เกิน 16 ตัว"))
    if not new.name_th.strip():
        raise OfficeError(_l("กรุณากรอกชื่อสำนักงานภาษาไทย"))
    if new.hostname and not HOST.match(new.hostname):
        raise OfficeError(_l("ชื่อโฮสต์ไม่ถูกต้อง"))
    taken = select(Office.id).where(func.upper(Office.code) == new.code.upper())
    if new.hostname:
        taken = taken.union(select(Office.id).where(Office.hostname == new.hostname))
    if db.session.scalar(select(func.count()).select_from(taken.subquery())):
        raise OfficeError(_l("รหัสหรือชื่อโฮสต์ %(code)s ถูกใช้แล้ว", code=new.code))


def _copy_from(template: Office, office: Office) -> None:
    groups: dict[int, WorkGroup] = {}
    for group in db.session.scalars(select(WorkGroup).where(WorkGroup.office_id == template.id)):
        groups[group.id] = WorkGroup(
            office_id=office.id,
            code=group.code,
            name_th=group.name_th,
            name_en=group.name_en,
            receives_corruption=group.receives_corruption,
        )
    db.session.add_all(groups.values())
    categories: dict[int, Category] = {}
    for cat in db.session.scalars(
        select(Category).where(Category.office_id == template.id, Category.active)
    ):
        categories[cat.id] = Category(
            office_id=office.id,
            case_type=cat.case_type,
            name_th=cat.name_th,
            name_en=cat.name_en,
            sort_order=cat.sort_order,
            work_group=groups.get(cat.work_group_id),
        )
    db.session.add_all(categories.values())
    db.session.flush()
    for policy in db.session.scalars(
        select(DeadlinePolicy).where(DeadlinePolicy.office_id == template.id)
    ):
        db.session.add(
            DeadlinePolicy(
                office_id=office.id,
                case_type=policy.case_type,
                reply_days=policy.reply_days,
                acknowledge_days=policy.acknowledge_days,
                first_reminder_day=policy.first_reminder_day,
                second_reminder_day=policy.second_reminder_day,
                reporter_completion_days=policy.reporter_completion_days,
                feedback_days=policy.feedback_days,
                working_days=policy.working_days,
            )
        )
    for holiday in db.session.scalars(select(Holiday).where(Holiday.office_id == template.id)):
        db.session.add(Holiday(office_id=office.id, day=holiday.day, name=holiday.name))
    for reply in db.session.scalars(
        select(ResponseTemplate).where(
            ResponseTemplate.office_id == template.id, ResponseTemplate.active
        )
    ):
        category = categories.get(reply.category_id)
        db.session.add(
            ResponseTemplate(
                office_id=office.id,
                title=reply.title,
                body=reply.body,
                category_id=category.id if category else None,
            )
        )
    for item in db.session.scalars(select(ItaItem).where(ItaItem.office_id == template.id)):
        db.session.add(
            ItaItem(
                office_id=office.id,
                fiscal_year=item.fiscal_year,
                code=item.code,
                title_th=item.title_th,
                title_en=item.title_en,
                url=item.url,
                sort_order=item.sort_order,
            )
        )
    db.session.flush()


def _copy_builtin_defaults(office: Office) -> None:
    from portal.demo.reference import CATEGORIES, WORK_GROUPS
    from portal.ita.items import seed_default_items

    groups = {}
    for code, name_th, name_en, corruption in WORK_GROUPS:
        groups[code] = WorkGroup(
            office_id=office.id,
            code=code,
            name_th=name_th,
            name_en=name_en,
            receives_corruption=corruption,
        )
    db.session.add_all(groups.values())
    for case_type, items in CATEGORIES.items():
        for order, (name_th, name_en, group) in enumerate(items):
            db.session.add(
                Category(
                    office_id=office.id,
                    case_type=case_type,
                    name_th=name_th,
                    name_en=name_en,
                    work_group=groups[group],
                    sort_order=order,
                )
            )
    for case_type in CaseType:
        db.session.add(DeadlinePolicy(office_id=office.id, case_type=case_type))
    db.session.flush()
    seed_default_items(office)


def archive_office(office: Office) -> None:
    """Stop intake at ``office``; its cases, reports and board stay readable."""
    if office.archived_at is None:
        office.archived_at = utcnow()
        office.settings_version = (office.settings_version or 0) + 1


def reopen_office(office: Office) -> None:
    office.archived_at = None
    office.settings_version = (office.settings_version or 0) + 1


@dataclass
class ImportResult:
    created: list[str]
    updated: list[str]
    unchanged: list[str]


def import_offices(text: str, template: Office | None) -> ImportResult:
    """Offices from CSV (code, name_th, name_en, province_th, hostname; other columns are
    ignored): new codes are created from ``template``, known codes get their names, province
    and host name updated."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise OfficeError(_l("ไฟล์ขาดคอลัมน์ %(columns)s", columns=", ".join(missing)))
    result = ImportResult(created=[], updated=[], unchanged=[])
    for line, row in enumerate(reader, start=2):
        new = NewOffice(
            code=row["code"].strip().upper(),
            name_th=row["name_th"].strip(),
            name_en=row["name_en"].strip(),
            province_th=row["province_th"].strip(),
            hostname=row["hostname"].strip().lower() or None,
        )
        office = db.session.scalar(select(Office).where(Office.code == new.code))
        try:
            if office is None:
                create_office(new, template)
                result.created.append(new.code)
            elif _update(office, new):
                result.updated.append(new.code)
            else:
                result.unchanged.append(new.code)
        except OfficeError as error:
            raise OfficeError(
                _l("บรรทัด %(line)d: %(error)s", line=line, error=error.message)
            ) from error
    return result


def _update(office: Office, new: NewOffice) -> bool:
    """Whether ``office`` changed: an import run twice changes nothing the second time."""
    before = (office.hostname, office.name_th, office.name_en, office.province_th)
    if new.hostname and new.hostname != office.hostname:
        if not HOST.match(new.hostname) or db.session.scalar(
            select(Office.id).where(Office.hostname == new.hostname)
        ):
            raise OfficeError(_l("ชื่อโฮสต์ %(host)s ใช้ไม่ได้", host=new.hostname))
        office.hostname = new.hostname
    office.name_th = new.name_th or office.name_th
    office.name_en = new.name_en or office.name_en
    office.province_th = new.province_th or office.province_th
    if before == (office.hostname, office.name_th, office.name_en, office.province_th):
        return False
    office.settings_version = (office.settings_version or 0) + 1
    return True
