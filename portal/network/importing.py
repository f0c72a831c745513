"""Importing correspondents and schools' Pages, or the PR committee, from CSV or XLSX: all rows
or none.

Columns (the first row): ``school_code``, ``kind`` (ผู้ประสานงาน / สำรอง, or main / deputy;
empty means the correspondent), ``name``, ``position``, ``phone``, ``email``, ``line_id``,
``page_url``, ``joined_groups`` (ใช่ / ไม่ใช่, 1 / 0) and ``joined_groups_on`` (วัน/เดือน/ปี
พ.ศ.); an empty Page or groups cell leaves what is stored. Every row is checked first; if
any row is wrong, nothing is imported and each wrong row is named with its reason in Thai.

A committee file is told by its ``role`` column: ``name``, ``role`` (ประธาน / กรรมการ /
เลขานุการ, or chair / member / secretary), ``position``, ``school_code`` (the member's school,
optional), ``phone``, ``email``, ``line_id``, ``term_start`` and ``term_end`` (วัน/เดือน/ปี พ.ศ.;
the end may be empty) and ``active`` (ใช่ / ไม่ใช่; empty is ใช่). A member whose name is already
in the committee is updated, any other is added; nobody is removed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.models import Office, School, User
from portal.network.details import DetailError, PersonDetails, check_page_url, check_person
from portal.network.models import CommitteeMember, CommitteeRole, CorrespondentKind
from portal.network.registry import (
    log_change,
    profile_of,
    save_committee_member,
    save_correspondent,
    save_profile,
)
from portal.thai import clean_text, parse_date

COLUMNS = (
    "school_code",
    "kind",
    "name",
    "position",
    "phone",
    "email",
    "line_id",
    "page_url",
    "joined_groups",
    "joined_groups_on",
)
REQUIRED = ("school_code", "name")
COMMITTEE_COLUMNS = (
    "name",
    "role",
    "position",
    "school_code",
    "phone",
    "email",
    "line_id",
    "term_start",
    "term_end",
    "active",
)
COMMITTEE_REQUIRED = ("name", "role", "term_start")
ROLES = {
    "ประธาน": CommitteeRole.CHAIR,
    "chair": CommitteeRole.CHAIR,
    "กรรมการ": CommitteeRole.MEMBER,
    "member": CommitteeRole.MEMBER,
    "เลขานุการ": CommitteeRole.SECRETARY,
    "กรรมการและเลขานุการ": CommitteeRole.SECRETARY,
    "secretary": CommitteeRole.SECRETARY,
}
KINDS = {
    "": CorrespondentKind.MAIN,
    "main": CorrespondentKind.MAIN,
    "ผู้ประสานงาน": CorrespondentKind.MAIN,
    "deputy": CorrespondentKind.DEPUTY,
    "สำรอง": CorrespondentKind.DEPUTY,
    "ผู้ประสานงานสำรอง": CorrespondentKind.DEPUTY,
}
YES = {"1", "ใช่", "yes", "y", "true", "เข้าร่วม", "เข้าร่วมแล้ว"}
NO = {"0", "ไม่", "ไม่ใช่", "no", "n", "false", "ยังไม่เข้าร่วม"}
MAX_ROWS = 2000


@dataclass
class ImportRow:
    line: int
    school: School
    kind: CorrespondentKind
    person: PersonDetails
    page_url: str | None
    joined: bool | None
    joined_on: date | None


@dataclass
class ImportResult:
    imported: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class CommitteeRow:
    line: int
    person: PersonDetails
    role: CommitteeRole
    school: School | None
    term_start: date
    term_end: date | None
    active: bool


class ImportFileError(ValueError):
    """The file cannot be read at all."""


def import_file(office: Office, filename: str, data: bytes, user: User) -> ImportResult:
    """Read the file and import it as the registry or, with a ``role`` column, the committee.
    Raises :class:`ImportFileError` for a file that cannot be read."""
    header, rows = _read(filename, data)
    if "role" in header:
        return import_committee(office, rows, user)
    return import_registry(office, rows, user)


def _read(filename: str, data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """The file's header and rows, from CSV (UTF-8) or XLSX. A file with a ``role`` column is
    a committee file and needs the committee's columns instead."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook  # loaded for a workbook, not with every process

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
            raise ImportFileError(_("อ่านไฟล์ XLSX ไม่ได้")) from exc
        values = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("ไฟล์ CSV ต้องบันทึกเป็น UTF-8")) from exc
        values = list(csv.reader(io.StringIO(text)))
    if not values:
        raise ImportFileError(_("ไฟล์ว่างเปล่า"))
    header = [clean_text(h).lower() for h in values[0]]
    required = COMMITTEE_REQUIRED if "role" in header else REQUIRED
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFileError(_("ไม่พบคอลัมน์: %(columns)s", columns=", ".join(missing)))
    rows = [dict(zip(header, row, strict=False)) for row in values[1:]]
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("ไฟล์มีมากกว่า %(n)d แถว", n=MAX_ROWS))
    return header, rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return day.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def import_registry(office: Office, rows: list[dict[str, str]], user: User) -> ImportResult:
    """Check every row, then save them all; with any error, save none."""
    result = ImportResult()
    schools = {
        s.code: s for s in db.session.scalars(select(School).where(School.office_id == office.id))
    }
    checked: list[ImportRow] = []
    seen: set[tuple[int, CorrespondentKind]] = set()
    for line, raw in enumerate(rows, start=2):
        row = {k: clean_text(v) for k, v in raw.items() if k}
        if not any(row.values()):
            continue  # a blank line
        try:
            item = _check_row(line, row, schools)
        except DetailError as exc:
            result.errors.append(_("แถวที่ %(line)d: %(reason)s", line=line, reason=exc.message))
            continue
        if (item.school.id, item.kind) in seen:
            result.errors.append(
                _("แถวที่ %(line)d: โรงเรียนนี้มีผู้ประสานงานประเภทเดียวกันซ้ำในไฟล์", line=line)
            )
            continue
        seen.add((item.school.id, item.kind))
        checked.append(item)
    if result.errors:
        return result
    for item in checked:
        save_correspondent(office, item.school, item.kind, item.person, user=user)
        if item.page_url is not None or item.joined is not None:
            profile = profile_of(item.school)
            save_profile(
                office,
                item.school,
                item.page_url
                if item.page_url is not None
                else (profile.page_url if profile else ""),
                item.joined if item.joined is not None else bool(profile and profile.joined_groups),
                item.joined_on or (profile.joined_groups_on if profile else None),
                user=user,
            )
        result.imported += 1
    log_change(office, "registry", "imported", user=user, fields=[str(result.imported)])
    return result


def _check_row(line: int, row: dict[str, str], schools: dict[str, School]) -> ImportRow:
    code = row.get("school_code", "")
    school = schools.get(code)
    if school is None:
        raise DetailError(_("ไม่พบรหัสโรงเรียน %(code)s ในเขตพื้นที่นี้", code=code or "-"))
    kind = KINDS.get(row.get("kind", "").lower())
    if kind is None:
        raise DetailError(_("ประเภทต้องเป็น ผู้ประสานงาน หรือ สำรอง"))
    person = check_person(
        row.get("name", ""),
        row.get("position", ""),
        row.get("phone", ""),
        row.get("email", ""),
        row.get("line_id", ""),
    )
    # An empty Page or groups cell leaves what is known (a deputy's row need not repeat it).
    page_url = check_page_url(row["page_url"]) if row.get("page_url") else None
    joined = None
    if row.get("joined_groups"):
        value = row["joined_groups"].lower()
        if value not in YES | NO:
            raise DetailError(_("ช่องเข้าร่วมกลุ่มต้องเป็น ใช่ หรือ ไม่ใช่"))
        joined = value in YES
    joined_on = None
    if row.get("joined_groups_on"):
        try:
            joined_on = parse_date(row["joined_groups_on"])
        except ValueError as exc:
            raise DetailError(_("วันที่เข้าร่วมกลุ่มไม่ถูกต้อง ให้ใช้ วัน/เดือน/ปี พ.ศ.")) from exc
    return ImportRow(line, school, kind, person, page_url, joined, joined_on)


def import_committee(office: Office, rows: list[dict[str, str]], user: User) -> ImportResult:
    """Check every committee row, then save them all; with any error, save none."""
    result = ImportResult()
    schools = {
        s.code: s for s in db.session.scalars(select(School).where(School.office_id == office.id))
    }
    members = {
        m.name: m
        for m in db.session.scalars(
            select(CommitteeMember).where(CommitteeMember.office_id == office.id)
        )
    }
    checked: list[CommitteeRow] = []
    seen: set[str] = set()
    for line, raw in enumerate(rows, start=2):
        row = {k: clean_text(v) for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        try:
            item = _check_committee_row(line, row, schools)
        except DetailError as exc:
            result.errors.append(_("แถวที่ %(line)d: %(reason)s", line=line, reason=exc.message))
            continue
        if item.person.name in seen:
            result.errors.append(_("แถวที่ %(line)d: ชื่อนี้ซ้ำกับแถวก่อนหน้าในไฟล์", line=line))
            continue
        seen.add(item.person.name)
        checked.append(item)
    if result.errors:
        return result
    for item in checked:
        save_committee_member(
            office,
            members.get(item.person.name),
            item.person,
            item.role,
            item.term_start,
            item.term_end,
            item.active,
            item.school,
            user,
        )
        result.imported += 1
    log_change(office, "committee", "imported", user=user, fields=[str(result.imported)])
    return result


def _check_committee_row(
    line: int, row: dict[str, str], schools: dict[str, School]
) -> CommitteeRow:
    person = check_person(
        row.get("name", ""),
        row.get("position", ""),
        row.get("phone", ""),
        row.get("email", ""),
        row.get("line_id", ""),
    )
    role = ROLES.get(row.get("role", "").lower())
    if role is None:
        raise DetailError(_("บทบาทต้องเป็น ประธาน กรรมการ หรือ เลขานุการ"))
    school = None
    if row.get("school_code"):
        school = schools.get(row["school_code"])
        if school is None:
            raise DetailError(_("ไม่พบรหัสโรงเรียน %(code)s ในเขตพื้นที่นี้", code=row["school_code"]))
    try:
        term_start = parse_date(row.get("term_start"))
        term_end = parse_date(row.get("term_end"))
    except ValueError as exc:
        raise DetailError(_("วันที่วาระไม่ถูกต้อง ให้ใช้ วัน/เดือน/ปี พ.ศ.")) from exc
    if term_start is None:
        raise DetailError(_("ต้องระบุวันเริ่มวาระ"))
    if term_end is not None and term_end < term_start:
        raise DetailError(_("วันสิ้นสุดวาระต้องไม่ก่อนวันเริ่มวาระ"))
    active = row.get("active", "").lower()
    if active and active not in YES | NO:
        raise DetailError(_("ช่องยังปฏิบัติหน้าที่ต้องเป็น ใช่ หรือ ไม่ใช่"))
    return CommitteeRow(
        line, person, role, school, term_start, term_end, not active or active in YES
    )


def template_csv(committee: bool = False) -> bytes:
    """The empty template: the header row only (an example row would be imported)."""
    out = io.StringIO()
    csv.writer(out).writerow(COMMITTEE_COLUMNS if committee else COLUMNS)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(committee: bool = False) -> bytes:
    """The template as XLSX: the header row, and a sheet explaining each column in Thai."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "committee" if committee else "registry"
    sheet.append(list(COMMITTEE_COLUMNS if committee else COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    notes = book.create_sheet("คำอธิบาย")
    notes.append(["คอลัมน์", "ความหมาย"])
    for column, meaning in COMMITTEE_NOTES if committee else REGISTRY_NOTES:
        notes.append([column, meaning])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 70
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


COMMITTEE_NOTES = (
    ("name", "ชื่อ-นามสกุล (จำเป็น) ชื่อที่มีอยู่ในคณะกรรมการแล้วจะถูกปรับปรุง"),
    ("role", "ประธาน กรรมการ หรือ เลขานุการ (จำเป็น)"),
    ("position", "ตำแหน่ง"),
    ("school_code", "รหัสโรงเรียน 10 หลัก ถ้ากรรมการมาจากโรงเรียน"),
    ("phone", "โทรศัพท์ เช่น 081-234-5678"),
    ("email", "อีเมล"),
    ("line_id", "LINE ID"),
    ("term_start", "วันเริ่มวาระ วัน/เดือน/ปี พ.ศ. เช่น 1/10/2569 (จำเป็น)"),
    ("term_end", "วันสิ้นสุดวาระ วัน/เดือน/ปี พ.ศ. (เว้นว่างได้)"),
    ("active", "ยังปฏิบัติหน้าที่: ใช่ หรือ ไม่ใช่ (เว้นว่าง = ใช่)"),
)
REGISTRY_NOTES = (
    ("school_code", "รหัสโรงเรียน 10 หลัก ตามรายชื่อโรงเรียนของเขตพื้นที่ (จำเป็น)"),
    ("kind", "ผู้ประสานงาน หรือ สำรอง (เว้นว่าง = ผู้ประสานงาน)"),
    ("name", "ชื่อ-นามสกุล (จำเป็น)"),
    ("position", "ตำแหน่ง"),
    ("phone", "โทรศัพท์ เช่น 081-234-5678"),
    ("email", "อีเมล"),
    ("line_id", "LINE ID"),
    ("page_url", "เพจ Facebook ของโรงเรียน"),
    ("joined_groups", "โรงเรียนแจ้งว่าเข้าร่วมกลุ่มของเขตพื้นที่แล้ว: ใช่ หรือ ไม่ใช่"),
    ("joined_groups_on", "วันที่แจ้ง วัน/เดือน/ปี พ.ศ. เช่น 1/11/2569"),
)
