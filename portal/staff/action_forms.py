"""One small form per case action; each carries the case version it was rendered with."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from portal.labels import CASE_TYPE
from portal.models import CaseType
from portal.public.fields import AttachmentsField, CleanStringField, CleanTextAreaField

REQUIRED = _l("กรุณากรอกช่องนี้")


def optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class VersionedForm(FlaskForm):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class AcknowledgeForm(VersionedForm):
    pass


class AssignForm(VersionedForm):
    work_group_id = SelectField(_l("กลุ่มงาน"), coerce=optional_int, validate_choice=False)
    assignee_id = SelectField(_l("ผู้รับผิดชอบ"), coerce=optional_int, validate_choice=False)


class DetailsForm(VersionedForm):
    case_type = SelectField(_l("ประเภท"), choices=[SelectChoice(t.value, CASE_TYPE[t])
                                                   for t in CaseType])
    category_id = SelectField(_l("หมวดหมู่"), coerce=optional_int, validate_choice=False)
    school_id = SelectField(_l("โรงเรียน"), coerce=optional_int, validate_choice=False)
    priority = SelectField(_l("ความเร่งด่วน"))


class ReplyForm(VersionedForm):
    body = CleanTextAreaField(
        _l("คำตอบถึงผู้แจ้ง"), validators=[DataRequired(REQUIRED), Length(max=10_000)],
        description=_l("ข้อความธรรมดา เว้นบรรทัดว่างเพื่อขึ้นย่อหน้าใหม่ ที่อยู่เว็บที่ขึ้นต้นด้วย "
                       "https:// จะกดได้ ผู้แจ้งเห็นข้อความนี้ในหน้าติดตามเรื่องตามที่พิมพ์"),
    )
    # Cleaned like the reporter's files; the reporter downloads them from the tracking page.
    attachments = AttachmentsField(_l("ไฟล์แนบถึงผู้แจ้ง (รูปภาพ JPEG/PNG หรือ PDF)"))


class RequestInfoForm(VersionedForm):
    question = CleanTextAreaField(_l("ข้อมูลที่ต้องการจากผู้แจ้ง"),
                                  validators=[DataRequired(REQUIRED), Length(max=5000)])


class NoteForm(FlaskForm):
    body = CleanTextAreaField(_l("บันทึกภายใน (ผู้แจ้งไม่เห็น)"),
                              validators=[DataRequired(REQUIRED), Length(max=10_000)])


class ResolveForm(VersionedForm):
    outcome = SelectField(_l("ผลการพิจารณา"), validators=[InputRequired(REQUIRED)])
    summary = CleanTextAreaField(_l("สรุปผลการดำเนินการ (ผู้แจ้งเห็น)"),
                                 validators=[DataRequired(REQUIRED), Length(max=10_000)])


class DeclineForm(VersionedForm):
    reason = SelectField(_l("เหตุผลที่ไม่รับพิจารณา"), validators=[InputRequired(REQUIRED)])
    note = CleanTextAreaField(_l("คำอธิบายเพิ่มเติม (ผู้แจ้งเห็น)"),
                              validators=[Optional(), Length(max=5000)])


class ReferForm(VersionedForm):
    agency = CleanStringField(_l("หน่วยงานที่ส่งต่อ"),
                              validators=[DataRequired(REQUIRED), Length(max=300)])
    note = CleanTextAreaField(_l("หมายเหตุถึงผู้แจ้ง"), validators=[Optional(), Length(max=5000)])


class MergeForm(VersionedForm):
    into_number = StringField(_l("รวมเข้ากับเรื่องเลขที่"),
                              validators=[DataRequired(REQUIRED), Length(max=32)])


class ReopenForm(VersionedForm):
    reason = CleanTextAreaField(_l("เหตุผลที่เปิดเรื่องอีกครั้ง"),
                                validators=[DataRequired(REQUIRED), Length(max=5000)])


class CloseForm(VersionedForm):
    pass


class ConflictForm(FlaskForm):
    note = CleanTextAreaField(_l("ส่วนได้เสียที่ต้องแจ้ง"),
                              validators=[DataRequired(REQUIRED), Length(max=2000)])
