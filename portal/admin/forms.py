"""Forms of the administration pages: accounts, work groups, categories, schools."""

from __future__ import annotations

import re
from dataclasses import fields

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    NumberRange,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from portal import thai
from portal.labels import CASE_TYPE
from portal.models import Role
from portal.public.fields import CleanStringField, Length

REQUIRED = _l("กรุณากรอกช่องนี้")
INVALID_CHOICE = _l("ตัวเลือกไม่ถูกต้อง กรุณาเลือกใหม่")
ROLE_LABELS = {
    Role.INTAKE: _l("ผู้รับเรื่องและคัดกรอง"),
    Role.CASE_OFFICER: _l("เจ้าหน้าที่ผู้รับผิดชอบเรื่อง (ตามกลุ่มงาน)"),
    Role.INTEGRITY: _l("ผู้รับผิดชอบเรื่องทุจริต"),
    Role.DIRECTOR: _l("ผู้บริหาร (ผอ./รอง ผอ.สพป.)"),
    Role.PR: _l("นักประชาสัมพันธ์"),
    Role.APPROVER: _l("ผู้อนุมัติการเผยแพร่ (นอกจากผู้อำนวยการ)"),
    Role.ADMIN: _l("ผู้ดูแลระบบ"),
}
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,39}$")


def values(form: FlaskForm, cls):
    """The dataclass ``cls`` built from the form fields of the same names."""
    return cls(**{f.name: getattr(form, f.name).data for f in fields(cls)})


def optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of check boxes: usable without script, one tap each."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("invalid_value_message", INVALID_CHOICE)
        kwargs.setdefault("invalid_choice_message", _l("ตัวเลือก '%(value)s' ไม่มีในรายการ"))
        super().__init__(label, validators, **kwargs)


class NumberField(IntegerField):
    """A whole number; Thai digits are accepted as people type them."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("invalid_value_message", _l("กรุณากรอกเป็นตัวเลขจำนวนเต็ม"))
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        valuelist = [thai.arabic_digits(v.strip()) for v in valuelist]
        if valuelist and not valuelist[0]:
            self.data = None  # blank: the required check says so, once
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()  # "not a number" says it all; no range message on top


class UserForm(FlaskForm):
    """A staff account; the edit page removes ``email``, which does not change."""

    email = CleanStringField(
        _l("อีเมล"),
        validators=[DataRequired(REQUIRED), Length(max=200),
                    Email(_l("รูปแบบอีเมลไม่ถูกต้อง เช่น name@example.com"))])
    name = CleanStringField(_l("ชื่อ–นามสกุล"), validators=[DataRequired(REQUIRED), Length(2, 200)])
    roles = MultiCheckboxField(
        _l("บทบาท"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()])
    work_group_ids = MultiCheckboxField(_l("กลุ่มงาน"), coerce=int)

    def validate_roles(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("กรุณาเลือกบทบาทอย่างน้อยหนึ่งบทบาท"))

    def validate_work_group_ids(self, field) -> None:
        if Role.CASE_OFFICER.value in (self.roles.data or []) and not field.data:
            raise ValidationError(
                _l("เจ้าหน้าที่ผู้รับผิดชอบเรื่องต้องอยู่ในกลุ่มงานอย่างน้อยหนึ่งกลุ่ม"))


class WorkGroupForm(FlaskForm):
    code = CleanStringField(_l("รหัสกลุ่มงาน"), validators=[DataRequired(REQUIRED)])
    name_th = CleanStringField(_l("ชื่อภาษาไทย"),
                               validators=[DataRequired(REQUIRED), Length(2, 200)])
    name_en = CleanStringField(_l("ชื่อภาษาอังกฤษ (ถ้ามี)"), validators=[Length(max=200)])
    receives_corruption = BooleanField(_l("รับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"))

    def validate_code(self, field) -> None:
        field.data = (field.data or "").lower()
        if not CODE_RE.match(field.data):
            raise ValidationError(_l("รหัสใช้ได้เฉพาะตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข ขีด และขีดล่าง "
                                     "ไม่เกิน 40 ตัว เช่น legal"))


class CategoryForm(FlaskForm):
    case_type = SelectField(
        _l("ประเภทเรื่อง"), choices=[SelectChoice(t.value, label) for t, label in CASE_TYPE.items()],
        invalid_choice_message=INVALID_CHOICE)
    name_th = CleanStringField(_l("ชื่อภาษาไทย"),
                               validators=[DataRequired(REQUIRED), Length(2, 200)])
    name_en = CleanStringField(_l("ชื่อภาษาอังกฤษ (ถ้ามี)"), validators=[Length(max=200)])
    work_group_id = SelectField(_l("ส่งต่อให้กลุ่มงาน"), coerce=optional_int,
                                invalid_choice_message=INVALID_CHOICE)
    sort_order = NumberField(
        _l("ลำดับที่แสดง"), default=0,
        validators=[InputRequired(REQUIRED),
                    NumberRange(0, 9999, _l("ลำดับต้องอยู่ระหว่าง 0 ถึง 9999"))])
    active = BooleanField(_l("เปิดใช้งาน (แสดงในแบบฟอร์มแจ้งเรื่อง)"), default=True)


class SchoolForm(FlaskForm):
    code = CleanStringField(_l("รหัสโรงเรียน"), validators=[DataRequired(REQUIRED)])
    name_th = CleanStringField(_l("ชื่อภาษาไทย"),
                               validators=[DataRequired(REQUIRED), Length(2, 200)])
    name_en = CleanStringField(_l("ชื่อภาษาอังกฤษ (ถ้ามี)"), validators=[Length(max=200)])
    district_id = SelectField(_l("อำเภอ"), coerce=optional_int,
                              invalid_choice_message=INVALID_CHOICE)
    active = BooleanField(_l("เปิดใช้งาน (แสดงในแบบฟอร์มแจ้งเรื่อง)"), default=True)

    def validate_code(self, field) -> None:
        field.data = thai.arabic_digits(field.data or "")
        if not re.fullmatch(r"[0-9A-Za-z]{1,20}", field.data):
            raise ValidationError(_l("รหัสโรงเรียนใช้ได้เฉพาะตัวเลขและตัวอักษรอังกฤษ ไม่เกิน 20 ตัว"))

    def validate_district_id(self, field) -> None:
        if field.data is None:
            raise ValidationError(_l("กรุณาเลือกอำเภอ"))


class SchoolImportForm(FlaskForm):
    file = FileField(_l("ไฟล์ CSV"))

    def validate_file(self, field) -> None:
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError(_l("กรุณาเลือกไฟล์ CSV"))
