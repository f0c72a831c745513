"""Choices of the staff forms, in the reader's language, grouped as people look for them.

Schools are grouped by district, categories by case type, and officers by work group: only
those who may take a case are offered (active, with a case role, not recused, cleared for a
confidential case), so a choice that looks valid is not refused after sending.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from portal.extensions import db
from portal.labels import CASE_TYPE
from portal.models import Case, CaseType, Category, District, School, User, WorkGroup
from portal.security.access import CASE_ROLES, CONFIDENTIAL_ROLES, is_recused

NO_GROUP = _l("ไม่สังกัดกลุ่มงาน")


def work_group_choices(office_id: int, locale: str, first: SelectChoice) -> list[SelectChoice]:
    groups = db.session.scalars(select(WorkGroup).where(WorkGroup.office_id == office_id))
    return [first] + sorted((SelectChoice(g.id, g.name(locale)) for g in groups),
                            key=lambda c: c.label)


def district_choices(office_id: int, locale: str, first: SelectChoice) -> list[SelectChoice]:
    districts = db.session.scalars(select(District).where(District.office_id == office_id))
    return [first] + sorted((SelectChoice(d.id, d.name(locale)) for d in districts),
                            key=lambda c: c.label)


def category_choices(office_id: int, locale: str, first: SelectChoice) -> list[SelectChoice]:
    """Every category of the office, grouped by case type (optgroups)."""
    rows = db.session.scalars(
        select(Category).where(Category.office_id == office_id)
        .order_by(Category.sort_order, Category.id)).all()
    choices = [first]
    for case_type in CaseType:
        group = str(CASE_TYPE[case_type])
        choices += [SelectChoice(c.id, c.name(locale), optgroup=group)
                    for c in rows if c.case_type is case_type]
    return choices


def school_choices(office_id: int, locale: str, first: SelectChoice) -> list[SelectChoice]:
    """Every school of the office grouped by district: two schools may share a name."""
    districts = db.session.scalars(
        select(District).where(District.office_id == office_id)
        .options(selectinload(District.schools))).all()
    inactive = str(_l("ปิดใช้งาน"))
    choices = [first]
    for district in sorted(districts, key=lambda d: d.name(locale)):
        group = str(_l("อำเภอ%(name)s", name=district.name(locale)))
        for school in sorted(district.schools, key=lambda s: s.name(locale)):
            label = school.name(locale) + ("" if school.active else f" ({inactive})")
            choices.append(SelectChoice(school.id, label, optgroup=group))
    unplaced = db.session.scalars(select(School).where(School.office_id == office_id,
                                                       School.district_id.is_(None))).all()
    choices += [SelectChoice(s.id, s.name(locale)) for s in unplaced]
    return choices


def may_take(user: User, case: Case | None) -> bool:
    """Whether ``user`` could be named the officer of ``case`` (of any case when None)."""
    if not user.active or not user.role_set & CASE_ROLES:
        return False
    if case is None:
        return True
    if case.confidential and not user.role_set & CONFIDENTIAL_ROLES:
        return False
    return not is_recused(user, case)


def assignee_choices(office_id: int, locale: str, first: SelectChoice,
                     case: Case | None = None) -> list[SelectChoice]:
    """Officers who may take ``case``, grouped by work group (someone in two groups is in both)."""
    users = db.session.scalars(
        select(User).where(User.office_id == office_id, User.active.is_(True))
        .options(selectinload(User.roles), selectinload(User.work_groups))
        .order_by(User.name)).all()
    takers = [u for u in users if may_take(u, case)]
    grouped: dict[str, list[SelectChoice]] = {}
    for user in takers:
        for group in user.work_groups or [None]:
            name = group.name(locale) if group is not None else str(NO_GROUP)
            grouped.setdefault(name, []).append(SelectChoice(user.id, user.name, optgroup=name))
    choices = [first]
    for name in sorted(grouped, key=lambda n: (n == str(NO_GROUP), n)):
        choices += grouped[name]
    return choices
