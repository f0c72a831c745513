"""Forms of the staff pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from portal.cases.inbox import PAGE_SIZES, SORT_LABELS, Sort
from portal.labels import CASE_TYPE, CHANNEL
from portal.models import CaseStatus, CaseType, Channel
from portal.public.fields import ThaiDateField
from portal.security.inputs import optional_id
from portal.staff.labels import NEW_FROM_REPORTER, STATUS


def _optional(value):
    return value or None


def _optional_int(value):
    return optional_id(value)


def _enum_choices(labels: dict, members) -> list[SelectChoice]:
    return [SelectChoice("", _l("ทั้งหมด"))] + [SelectChoice(m.value, labels[m]) for m in members]


class InboxFilterForm(FlaskForm):
    """The inbox's filters; sent with GET so a view can be bookmarked and shared."""

    class Meta:
        csrf = False  # GET only: changes nothing

    q = StringField(_l("ค้นหา (ข้อความหรือเลขรับเรื่อง)"), validators=[Optional()])
    case_type = SelectField(_l("ประเภท"), choices=_enum_choices(CASE_TYPE, CaseType),
                            coerce=_optional, validate_choice=False)
    status = SelectField(_l("สถานะ"), choices=_enum_choices(STATUS, CaseStatus),
                         coerce=_optional, validate_choice=False)
    channel = SelectField(_l("ช่องทาง"), choices=_enum_choices(CHANNEL, Channel),
                          coerce=_optional, validate_choice=False)
    category_id = SelectField(_l("หมวดหมู่"), coerce=_optional_int, validate_choice=False)
    school_id = SelectField(_l("โรงเรียน"), coerce=_optional_int, validate_choice=False)
    district_id = SelectField(_l("อำเภอ"), coerce=_optional_int, validate_choice=False)
    assignee_id = SelectField(_l("ผู้รับผิดชอบ"), coerce=_optional_int, validate_choice=False)
    date_from = ThaiDateField(_l("รับเรื่องตั้งแต่"))
    date_to = ThaiDateField(_l("ถึง"))
    from_reporter = BooleanField(NEW_FROM_REPORTER)
    sort = SelectField(_l("เรียงตาม"), choices=[SelectChoice(s.value, SORT_LABELS[s]) for s in Sort],
                       default=Sort.DEADLINE.value)
    size = SelectField(_l("ต่อหน้า"), choices=[SelectChoice(str(n), str(n)) for n in PAGE_SIZES],
                       default=str(PAGE_SIZES[0]))
    queue = HiddenField()
