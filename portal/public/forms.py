"""The two public intake forms: general feedback and corruption reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Optional,
    Regexp,
    ValidationError,
)

from portal.cases.idempotency import KEY_PATTERN, new_submission_key
from portal.intake_settings import IntakeSettings
from portal.models import CaseType
from portal.public.fields import (
    AttachmentsField,
    CleanStringField,
    CleanTextAreaField,
    Length,
    MeaningfulText,
    ThaiDateField,
    validate_line_id,
    validate_person_name,
    validate_phone,
)

REQUIRED = _l("กรุณากรอกช่องนี้")
CHOOSE_TYPE = _l("กรุณาเลือกประเภทเรื่อง")
GENERAL_TYPES = {
    CaseType.COMPLAINT.value: _l("ร้องเรียน"),
    CaseType.SUGGESTION.value: _l("ข้อเสนอแนะ / ความคิดเห็น"),
    CaseType.QUESTION.value: _l("สอบถาม"),
    CaseType.COMPLIMENT.value: _l("ชมเชย"),
}


def optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class CaseFormBase(FlaskForm):
    """Fields both streams share: what, where, when, files and (optional) contact."""

    category_id = SelectField(_l("หมวดหมู่"), coerce=optional_int, validate_choice=False)
    school_id = SelectField(_l("โรงเรียนหรือหน่วยงานที่เกี่ยวข้อง"), coerce=optional_int,
                            validate_choice=False)
    place_text = CleanStringField(_l("สถานที่อื่น (ถ้าไม่ใช่โรงเรียนในรายการ)"),
                                  validators=[Optional(), Length(max=300)])
    subject = CleanStringField(
        _l("เรื่อง"), validators=[DataRequired(REQUIRED), Length(5, 200), MeaningfulText()]
    )
    description = CleanTextAreaField(
        _l("รายละเอียด"),
        validators=[DataRequired(REQUIRED), Length(20, 5000), MeaningfulText(10)],
    )
    occurred_on = ThaiDateField(_l("วันที่เกิดเหตุ (ถ้าทราบ)"))
    attachments = AttachmentsField(_l("ไฟล์แนบ (รูปภาพ JPEG/PNG หรือ PDF)"))
    anonymous = BooleanField(_l("ไม่ประสงค์ออกนาม"))
    name = CleanStringField(_l("ชื่อ–นามสกุล"),
                            validators=[Optional(), Length(2, 120), validate_person_name])
    phone = CleanStringField(_l("โทรศัพท์"), validators=[Optional(), validate_phone])
    email = CleanStringField(
        _l("อีเมล"),
        validators=[Optional(), Length(max=200),
                    Email(_l("รูปแบบอีเมลไม่ถูกต้อง เช่น name@example.com"))],
    )
    line_id = CleanStringField(_l("LINE ID"), validators=[Optional(), validate_line_id])
    # One key per form shown: sending the same form twice files one case (a double click, a
    # retry after a lost answer). A form without it (an old page) still files, unguarded.
    submission_key = HiddenField(default=new_submission_key,
                                 validators=[Optional(), Regexp(KEY_PATTERN)])
    # A field people never see; bots fill every field they find.
    website = StringField(_l("เว็บไซต์"), validators=[Optional()])

    def is_bot(self) -> bool:
        return bool(self.website.data)

    display_order: tuple[str, ...] = (
        "category_id", "school_id", "place_text", "subject", "description", "occurred_on",
        "witnesses", "attachments", "anonymous", "name", "phone", "email", "line_id",
    )

    # Set by the view: the office's kept settings (its active schools and categories) and
    # which case types' categories are valid. Checked by id: no list is built to validate.
    settings: IntakeSettings | None = None
    category_types: tuple = ()

    def validate_school_id(self, field) -> None:
        if field.data is not None and field.data not in self.settings.active_school_ids:
            raise ValidationError(_l("ไม่พบโรงเรียนที่เลือก กรุณาเลือกใหม่"))

    def validate_category_id(self, field) -> None:
        category = self.settings.categories.get(field.data) if field.data is not None else None
        if field.data is not None and (
            category is None or not category.active
            or category.case_type not in self.category_types
        ):
            raise ValidationError(_l("หมวดหมู่ที่เลือกไม่มีในรายการ"))


class GeneralCaseForm(CaseFormBase):
    case_type = RadioField(
        _l("ประเภทเรื่อง"),
        choices=[SelectChoice(value, label) for value, label in GENERAL_TYPES.items()],
        validators=[InputRequired(CHOOSE_TYPE)],
    )
    # The order the template shows the fields in, for the error summary (WTForms would put
    # case_type, declared on this subclass, last).
    display_order = ("case_type", *CaseFormBase.display_order)


class CorruptionReportForm(CaseFormBase):
    respondent = CleanStringField(
        _l("ผู้ถูกกล่าวหา (ชื่อ ตำแหน่ง หรือหน่วยงาน)"),
        validators=[DataRequired(REQUIRED), Length(3, 300), MeaningfulText()],
    )
    witnesses = CleanTextAreaField(
        _l("พยานหรือผู้รู้เห็น (ถ้ามี)"), validators=[Optional(), Length(max=2000)]
    )
    acknowledge_false_report = BooleanField(
        _l("ข้าพเจ้าทราบว่าการแจ้งข้อความอันเป็นเท็จโดยรู้อยู่แล้วเป็นความผิดตามกฎหมาย"),
        validators=[DataRequired(_l("กรุณายืนยันว่าได้อ่านคำเตือนนี้แล้ว"))],
    )
    display_order = ("respondent", *CaseFormBase.display_order, "acknowledge_false_report")
