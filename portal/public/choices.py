"""Choices for the intake forms, from the office's own reference data."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from portal.extensions import db
from portal.models import CaseType, Category, District, Office, School
from portal.public.forms import GENERAL_TYPES

TYPE_GROUPS = GENERAL_TYPES | {CaseType.CORRUPTION.value: _l("ทุจริตและประพฤติมิชอบ")}


def _locale() -> str:
    return str(get_locale() or "th")


def category_choices(office: Office, types: list[CaseType]) -> list[SelectChoice]:
    """Categories grouped by case type (optgroups), so the list reads well without script."""
    rows = db.session.scalars(
        select(Category)
        .where(Category.office_id == office.id, Category.active.is_(True),
               Category.case_type.in_(types))
        .order_by(Category.sort_order, Category.id)
    ).all()
    choices = [SelectChoice("", _l("— เลือกหมวดหมู่ (ไม่บังคับ) —"))]
    for case_type in types:
        group = str(TYPE_GROUPS[case_type.value])
        choices += [SelectChoice(c.id, c.name(_locale()), optgroup=group)
                    for c in rows if c.case_type is case_type]
    return choices


def school_choices(office: Office) -> list[SelectChoice]:
    """Schools grouped by district, after the office itself; demo schools say so."""
    districts = db.session.scalars(
        select(District)
        .where(District.office_id == office.id)
        .options(selectinload(District.schools))
        .order_by(District.name_th)
    ).all()
    choices = [SelectChoice("", _l("— สำนักงานเขตพื้นที่ หรือไม่ระบุ —"))]
    locale = _locale()
    demo = str(_l("ตัวอย่าง"))
    for district in districts:
        group = str(_l("อำเภอ%(name)s", name=district.name(locale)))
        for school in sorted((s for s in district.schools if s.active), key=lambda s: s.name_th):
            label = school.name(locale) + (f" ({demo})" if school.is_demo else "")
            choices.append(SelectChoice(school.id, label, optgroup=group))
    return choices


def school_count(office: Office) -> int:
    return db.session.scalar(
        select(func.count(School.id)).where(School.office_id == office.id, School.active.is_(True))
    ) or 0
