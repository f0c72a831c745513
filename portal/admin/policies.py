"""Rules the administrator sets: deadlines per case type, holidays, response templates."""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass
from dataclasses import fields as dataclass_fields
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.admin.scope import owned
from portal.cases.deadlines import policy_for
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import CaseType, Category, DeadlinePolicy, Holiday, Office, ResponseTemplate

# What a response template may contain; staff pages fill these in when a reply starts from one.
PLACEHOLDERS = ("greeting", "number", "subject", "office", "due_date")


@dataclass
class DeadlineFields:
    """One case type's deadlines, in days from receipt (defaults: ``policy_for``)."""

    reply_days: int
    acknowledge_days: int
    first_reminder_day: int
    second_reminder_day: int
    reporter_completion_days: int
    feedback_days: int
    working_days: bool  # count working days (skipping weekends and holidays)


DAY_FIELDS = ("reply_days", "acknowledge_days", "first_reminder_day", "second_reminder_day",
              "reporter_completion_days", "feedback_days")


@dataclass
class DeadlineRow:
    case_type: CaseType
    fields: DeadlineFields
    stored: bool  # False: the defaults from the Thai rules apply


@dataclass
class TemplateFields:
    title: str
    body: str
    category_id: int | None
    active: bool


def deadline_rows(office: Office) -> list[DeadlineRow]:
    """Every case type's deadlines as cases get them: the stored policy, or the defaults."""
    rows = []
    for case_type in CaseType:
        policy = policy_for(office, case_type)
        rows.append(DeadlineRow(case_type, _fields_of(policy), policy.id is not None))
    return rows


def deadline_fields(office: Office, case_type: CaseType) -> DeadlineFields:
    """One case type's deadlines as cases get them now."""
    return _fields_of(policy_for(office, case_type))


def set_deadline_policy(office: Office, case_type: CaseType, fields: DeadlineFields) -> None:
    """Store one case type's deadlines; they apply to cases received from now on."""
    problem = deadline_problem(fields)
    if problem:
        raise CaseError(problem[1])
    policy = policy_for(office, case_type)
    if policy.id is None:  # the defaults until now: store them from here on
        db.session.add(policy)
    for name, value in asdict(fields).items():
        setattr(policy, name, value)
    db.session.flush()


def deadline_problem(fields: DeadlineFields):
    """``(field name, message)`` saying why the deadlines cannot work together, or None."""
    for name in DAY_FIELDS:
        if not 1 <= getattr(fields, name) <= 365:
            return name, _l("ต้องเป็นจำนวนวันตั้งแต่ 1 ถึง 365")
    if fields.first_reminder_day > fields.second_reminder_day:
        return "first_reminder_day", _l("การเตือนครั้งแรกต้องมาก่อนหรือตรงกับการเตือนครั้งที่สอง")
    if fields.second_reminder_day > fields.reply_days:
        return "second_reminder_day", _l(
            "วันเตือนต้องไม่เกินกำหนดแจ้งผลหรือความคืบหน้า (%(days)d วัน)", days=fields.reply_days)
    if fields.acknowledge_days > fields.reply_days:
        return "acknowledge_days", _l(
            "กำหนดตอบรับเรื่องต้องไม่เกินกำหนดแจ้งผลหรือความคืบหน้า (%(days)d วัน)",
            days=fields.reply_days)
    return None


def _fields_of(policy: DeadlinePolicy) -> DeadlineFields:
    names = [f.name for f in dataclass_fields(DeadlineFields)]
    return DeadlineFields(**{name: getattr(policy, name) for name in names})


def holidays_in(office: Office, year: int) -> list[Holiday]:
    """The office's holidays in a Common Era year, by date."""
    return list(db.session.scalars(
        select(Holiday).where(Holiday.office_id == office.id, Holiday.day >= date(year, 1, 1),
                              Holiday.day < date(year + 1, 1, 1)).order_by(Holiday.day)))


def add_holiday(office: Office, day: date, name: str) -> Holiday:
    """Add a holiday; working-day deadlines skip it."""
    taken = db.session.scalar(
        select(Holiday.id).where(Holiday.office_id == office.id, Holiday.day == day))
    if taken is not None:
        raise CaseError(_l("วันที่นี้เป็นวันหยุดในรายการอยู่แล้ว"))
    holiday = Holiday(office_id=office.id, day=day, name=name)
    db.session.add(holiday)
    db.session.flush()
    return holiday


def delete_holiday(holiday: Holiday) -> None:
    """Remove a holiday; deadlines already set are not recomputed."""
    db.session.delete(holiday)
    db.session.flush()


def placeholder_problem(body: str):
    """A message naming placeholders other than PLACEHOLDERS (or unpaired braces), or None."""
    try:
        parsed = list(string.Formatter().parse(body))
    except ValueError:
        return _l("วงเล็บปีกกาไม่ครบคู่ ถ้าต้องการพิมพ์วงเล็บปีกกาเอง ให้พิมพ์ซ้ำสองครั้ง เช่น {{ หรือ }}")
    unknown = []
    for _text, name, spec, conversion in parsed:
        if name is None:
            continue
        # Only bare names: "{office.__class__}" or "{number!r}" must never reach str.format.
        token = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        if token not in PLACEHOLDERS:
            unknown.append("{" + token + "}")
    if unknown:
        return _l("ไม่รู้จักตัวแทนข้อความ %(unknown)s ใช้ได้เฉพาะ %(allowed)s",
                  unknown=", ".join(unknown),
                  allowed=" ".join("{" + p + "}" for p in PLACEHOLDERS))
    return None


def create_response_template(office: Office, fields: TemplateFields) -> ResponseTemplate:
    """Add a reply template; only the known placeholders are allowed in its body."""
    template = ResponseTemplate(office_id=office.id)
    _apply_template(template, fields)
    db.session.add(template)
    db.session.flush()
    return template


def update_response_template(template: ResponseTemplate, fields: TemplateFields) -> None:
    """Change a reply template; unticking ``active`` hides it from staff."""
    _apply_template(template, fields)
    db.session.flush()


def _apply_template(template: ResponseTemplate, fields: TemplateFields) -> None:
    problem = placeholder_problem(fields.body)
    if problem:
        raise CaseError(problem)
    if fields.category_id is not None and owned(Category, template.office_id,
                                                fields.category_id) is None:
        raise CaseError(_l("ไม่พบหมวดหมู่ที่เลือก กรุณาเลือกใหม่"))
    template.title, template.body = fields.title, fields.body
    template.category_id, template.active = fields.category_id, fields.active
