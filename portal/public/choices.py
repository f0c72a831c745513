"""Choices for the intake forms, from the office's own reference data."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import CaseType, Category, District, Office, School
from portal.public.forms import GENERAL_TYPES


def _locale() -> str:
    return str(get_locale() or "th")


def category_choices(office: Office, types: list[CaseType]) -> dict:
    """Categories grouped by case type (optgroups), so the list reads well without script."""
    labels = dict(GENERAL_TYPES) | {CaseType.CORRUPTION.value: _l("ทุจริตและประพฤติมิชอบ")}
    rows = db.session.scalars(
        select(Category)
        .where(Category.office_id == office.id, Category.active.is_(True),
               Category.case_type.in_(types))
        .order_by(Category.sort_order, Category.id)
    ).all()
    groups: dict = {"": [("", _l("— เลือกหมวดหมู่ (ไม่บังคับ) —"))]}
    for case_type in types:
        options = [(c.id, c.name(_locale())) for c in rows if c.case_type is case_type]
        if options:
            groups[str(labels[case_type.value])] = options
    return groups


def school_choices(office: Office) -> dict:
    """Schools grouped by district, after the office itself."""
    districts = db.session.scalars(
        select(District)
        .where(District.office_id == office.id)
        .options(selectinload(District.schools))
        .order_by(District.name_th)
    ).all()
    groups: dict = {"": [("", _l("— สำนักงานเขตพื้นที่ หรือไม่ระบุ —"))]}
    locale = _locale()
    for district in districts:
        schools = sorted((s for s in district.schools if s.active), key=lambda s: s.name_th)
        if schools:
            label = str(_l("อำเภอ%(name)s", name=district.name(locale)))
            groups[label] = [(s.id, s.name(locale)) for s in schools]
    return groups


def school_count(office: Office) -> int:
    return db.session.scalar(
        select(func.count(School.id)).where(School.office_id == office.id, School.active.is_(True))
    ) or 0
