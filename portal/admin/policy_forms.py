"""Forms for the rules the administrator sets: deadlines, holidays, response templates."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    StopValidation,
    ValidationError,
)

from portal import thai
from portal.admin.forms import INVALID_CHOICE, REQUIRED, NumberField, optional_int
from portal.admin.policies import DAY_FIELDS, DeadlineFields, deadline_problem, placeholder_problem
from portal.clock import BE_OFFSET
from portal.public.fields import CleanStringField, CleanTextAreaField, Length

DAYS = NumberRange(1, 365, _l("ต้องเป็นจำนวนวันตั้งแต่ 1 ถึง 365"))
COUNTING = {"calendar": _l("นับตามวันปฏิทิน"),
            "working": _l("นับเฉพาะวันทำการ (ไม่นับเสาร์ อาทิตย์ และวันหยุดในรายการ)")}


def _days(label):
    return NumberField(label, validators=[InputRequired(REQUIRED), DAYS])


class DeadlineForm(FlaskForm):
    reply_days = _days(_l("แจ้งผลหรือความคืบหน้าแก่ผู้แจ้งภายใน (วัน)"))
    acknowledge_days = _days(_l("เจ้าหน้าที่ตอบรับเรื่องภายใน (วัน)"))
    first_reminder_day = _days(_l("เตือนผู้รับผิดชอบครั้งแรกในวันที่"))
    second_reminder_day = _days(_l("เตือนผู้รับผิดชอบครั้งที่สองในวันที่"))
    reporter_completion_days = _days(_l("ผู้แจ้งส่งข้อมูลเพิ่มเติมภายใน (วัน)"))
    feedback_days = _days(_l("ผู้แจ้งยืนยันหรือโต้แย้งผลภายใน (วัน)"))
    counting = RadioField(_l("วิธีนับวัน"), default="calendar",
                          choices=[SelectChoice(k, v) for k, v in COUNTING.items()],
                          validators=[InputRequired(REQUIRED)],
                          invalid_choice_message=INVALID_CHOICE)

    def load(self, fields: DeadlineFields) -> None:
        for name in DAY_FIELDS:
            getattr(self, name).data = getattr(fields, name)
        self.counting.data = "working" if fields.working_days else "calendar"

    def deadline_fields(self) -> DeadlineFields:
        numbers = {name: getattr(self, name).data for name in DAY_FIELDS}
        return DeadlineFields(**numbers, working_days=self.counting.data == "working")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        problem = deadline_problem(self.deadline_fields())
        if problem:
            name, message = problem
            getattr(self, name).errors.append(message)
            return False
        return True


class DayField(StringField):
    """A date typed as วัน/เดือน/ปี พ.ศ. (Thai or Arabic digits); future dates are fine."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.raw_text = self.data or ""
        try:
            self.data = thai.parse_date(self.raw_text)
        except ValueError:
            self.data = None
            raise ValueError(
                _l("วันที่ไม่ถูกต้อง กรุณาระบุเป็น วัน/เดือน/ปี พ.ศ. เช่น 13/4/2569")) from None

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()

    def _value(self) -> str:
        if isinstance(self.data, date):
            return f"{self.data.day}/{self.data.month}/{self.data.year + BE_OFFSET}"
        return getattr(self, "raw_text", "") or ""


class HolidayForm(FlaskForm):
    day = DayField(_l("วันที่ (วัน/เดือน/ปี พ.ศ.)"), validators=[InputRequired(REQUIRED)])
    name = CleanStringField(_l("ชื่อวันหยุด"), validators=[DataRequired(REQUIRED), Length(2, 200)])

    def validate_day(self, field) -> None:
        if field.data and not 2000 <= field.data.year <= 2200:
            raise ValidationError(_l("ปีไม่ถูกต้อง กรุณาตรวจสอบปี พ.ศ. อีกครั้ง"))


class ResponseTemplateForm(FlaskForm):
    title = CleanStringField(_l("ชื่อแม่แบบ"), validators=[DataRequired(REQUIRED), Length(2, 200)])
    body = CleanTextAreaField(_l("ข้อความ"),
                              validators=[DataRequired(REQUIRED), Length(10, 5000)])
    category_id = SelectField(_l("ใช้กับหมวดหมู่ (ไม่บังคับ)"), coerce=optional_int,
                              invalid_choice_message=INVALID_CHOICE)
    active = BooleanField(_l("เปิดใช้งาน"), default=True)

    def validate_body(self, field) -> None:
        problem = placeholder_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
