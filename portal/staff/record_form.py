"""The form staff use to record a case received by another channel."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional

from portal.labels import CASE_TYPE
from portal.models import CaseType
from portal.public.fields import CleanStringField, Length, ThaiDateField
from portal.public.forms import REQUIRED, CaseFormBase


class RecordCaseForm(CaseFormBase):
    channel = SelectField(_l("ช่องทางที่ได้รับเรื่อง"), validators=[InputRequired(REQUIRED)])
    received_on = ThaiDateField(_l("วันที่ได้รับเรื่อง"), validators=[DataRequired(REQUIRED)])
    case_type = SelectField(_l("ประเภทเรื่อง"),
                            choices=[SelectChoice(t.value, CASE_TYPE[t]) for t in CaseType],
                            validators=[InputRequired(REQUIRED)])
    respondent = CleanStringField(_l("ผู้ถูกร้อง (ถ้ามี)"), validators=[Optional(), Length(max=300)])
