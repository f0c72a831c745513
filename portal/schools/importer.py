"""Importing an office's list of schools from CSV (UTF-8, with or without a BOM).

Columns: ``code`` (Ministry school code), ``name_th``, ``district`` (Thai name or DOPA code)
and optionally ``name_en`` and ``active`` (1/0). Rows are matched by code: existing schools
are updated, new ones added; nothing is deleted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.models import District, Office, School
from portal.thai import arabic_digits, clean_text

REQUIRED_COLUMNS = ("code", "name_th", "district")


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def import_schools(office: Office, text: str) -> ImportResult:
    """Add or update the schools in ``text``; rows with errors are reported, not imported."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    result = ImportResult()
    if missing:
        result.errors.append(_("ไม่พบคอลัมน์: %(columns)s", columns=", ".join(missing)))
        return result
    districts = _districts(office)
    existing = {s.code: s for s in db.session.scalars(
        select(School).where(School.office_id == office.id))}
    for line, row in enumerate(reader, start=2):
        row = {k.strip(): clean_text(v) for k, v in row.items() if k}
        code = arabic_digits(row["code"])
        district = districts.get(row["district"]) or districts.get(arabic_digits(row["district"]))
        if not code or not row["name_th"]:
            result.errors.append(_("บรรทัด %(line)d: ต้องมีรหัสและชื่อโรงเรียน", line=line))
            continue
        if district is None:
            result.errors.append(_("บรรทัด %(line)d: ไม่พบอำเภอ %(district)s ในเขตพื้นที่นี้",
                                   line=line, district=repr(row["district"])))
            continue
        school = existing.get(code)
        if school is None:
            school = School(office_id=office.id, code=code, is_demo=False)
            db.session.add(school)
            existing[code] = school
            result.added += 1
        else:
            result.updated += 1
        school.name_th = row["name_th"]
        school.name_en = row.get("name_en", "") or school.name_en or ""
        school.district_id = district.id
        school.active = row.get("active", "1") not in {"0", "false", "no"}
    return result


def _districts(office: Office) -> dict[str, District]:
    rows = db.session.scalars(select(District).where(District.office_id == office.id))
    index: dict[str, District] = {}
    for d in rows:
        index[d.name_th] = d
        index[f"อำเภอ{d.name_th}"] = d
        if d.code:
            index[d.code] = d
    return index
