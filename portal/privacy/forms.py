"""Forms of the PDPA pages: retention schedule, legal holds, processors, breaches, requests."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.validators import DataRequired, Email, InputRequired, NumberRange, Optional

from portal.admin.forms import REQUIRED, NumberField
from portal.public.fields import (
    CleanStringField,
    CleanTextAreaField,
    Length,
    validate_line_id,
    validate_phone,
)

RETENTION_DAYS = NumberRange(30, 36500, _l("ต้องเป็นจำนวนวันตั้งแต่ 30 ถึง 36500"))


def _days(label, hint=None):
    return NumberField(
        label, description=hint or "", validators=[InputRequired(REQUIRED), RETENTION_DAYS]
    )


class RetentionForm(FlaskForm):
    contact_days = _days(_l("ข้อมูลติดต่อและบัญชีแชตของผู้แจ้ง (วันหลังปิดเรื่อง)"))
    attachment_days = _days(_l("ไฟล์แนบ ยกเว้นที่ทำเครื่องหมายเป็นพยานหลักฐาน (วันหลังปิดเรื่อง)"))
    text_mask_days = _days(_l("ปกปิดข้อมูลส่วนบุคคลในเนื้อความของเรื่อง (วันหลังปิดเรื่อง)"))
    view_log_days = _days(_l("บันทึกการเปิดดูเรื่องของเจ้าหน้าที่ (วัน)"))
    access_log_days = _days(_l("บันทึกการเข้าสู่ระบบ (วัน)"))
    delivery_days = _days(_l("เนื้อความและผู้รับของข้อความที่ส่งแล้ว (วัน)"))


HOLD_KIND_LABELS = {
    "investigation": _l("อยู่ระหว่างการสอบสวนหรือสอบข้อเท็จจริง"),
    "court": _l("เป็นคดีในศาล"),
    "nacc": _l("ป.ป.ช. หรือหน่วยตรวจสอบขอให้เก็บไว้"),
    "other": _l("เหตุอื่นตามกฎหมาย"),
}


class CaseHoldForm(FlaskForm):
    """A hold placed from the case page: the case is the page's."""

    kind = RadioField(
        _l("เหตุที่ต้องเก็บไว้"),
        choices=list(HOLD_KIND_LABELS.items()),
        validators=[InputRequired(REQUIRED)],
    )
    reason = CleanTextAreaField(
        _l("รายละเอียดเหตุผล"), validators=[DataRequired(REQUIRED), Length(max=2000)]
    )
    holder = CleanStringField(
        _l("ผู้ขอให้เก็บ (หน่วยงานหรือผู้รับผิดชอบ)"),
        validators=[DataRequired(REQUIRED), Length(max=200)],
    )


class HoldForm(FlaskForm):
    case_number = CleanStringField(
        _l("เลขรับเรื่อง"), validators=[DataRequired(REQUIRED), Length(max=32)]
    )
    kind = RadioField(
        _l("เหตุที่ต้องเก็บไว้"),
        choices=list(HOLD_KIND_LABELS.items()),
        validators=[InputRequired(REQUIRED)],
    )
    reason = CleanTextAreaField(
        _l("รายละเอียดเหตุผล"), validators=[DataRequired(REQUIRED), Length(max=2000)]
    )
    holder = CleanStringField(
        _l("ผู้ขอให้เก็บ (หน่วยงานหรือผู้รับผิดชอบ)"), validators=[DataRequired(REQUIRED), Length(max=200)]
    )


class ProcessorForm(FlaskForm):
    name = CleanStringField(
        _l("ชื่อผู้ประมวลผลหรือผู้รับข้อมูล"), validators=[DataRequired(REQUIRED), Length(max=200)]
    )
    service = CleanStringField(_l("บริการที่ใช้"), validators=[DataRequired(REQUIRED), Length(max=300)])
    data_kinds = CleanTextAreaField(_l("ข้อมูลที่ส่งให้"), validators=[Length(max=2000)])
    location = CleanStringField(_l("ที่ตั้งของข้อมูล (ประเทศ)"), validators=[Length(max=200)])
    safeguards = CleanTextAreaField(
        _l("มาตรการคุ้มครอง (สัญญา มาตรฐาน)"), validators=[Length(max=2000)]
    )


RISK_LABELS = {"unknown": _l("ยังไม่ได้ประเมิน"), "low": _l("ความเสี่ยงต่ำ"), "high": _l("ความเสี่ยงสูง")}
DECISION_LABELS = {"": _l("ยังไม่ได้ตัดสินใจ"), "yes": _l("แจ้ง"), "no": _l("ไม่แจ้ง")}


class BreachForm(FlaskForm):
    title = CleanStringField(_l("ชื่อเหตุการณ์"), validators=[DataRequired(REQUIRED), Length(max=200)])
    discovered_at = CleanStringField(
        _l("วันเวลาที่พบเหตุ"),
        description=_l("เช่น 6/12/2569 14:30 (เวลาประเทศไทย)"),
        validators=[DataRequired(REQUIRED)],
    )
    description = CleanTextAreaField(_l("เกิดอะไรขึ้น"), validators=[Length(max=5000)])
    data_kinds = CleanTextAreaField(_l("ข้อมูลส่วนบุคคลที่เกี่ยวข้อง"), validators=[Length(max=2000)])
    people_count = NumberField(
        _l("จำนวนเจ้าของข้อมูลโดยประมาณ"), validators=[Optional(), NumberRange(0, 10_000_000)]
    )
    risk = SelectField(_l("ระดับความเสี่ยงต่อสิทธิและเสรีภาพ"), choices=list(RISK_LABELS.items()))
    risk_assessment = CleanTextAreaField(_l("การประเมินความเสี่ยง"), validators=[Length(max=5000)])
    measures = CleanTextAreaField(
        _l("มาตรการที่ดำเนินการแล้วหรือจะดำเนินการ"), validators=[Length(max=5000)]
    )
    notify_pdpc = SelectField(
        _l("แจ้งสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล"), choices=list(DECISION_LABELS.items())
    )
    no_notify_reason = CleanTextAreaField(_l("เหตุผลที่ไม่แจ้ง"), validators=[Length(max=3000)])
    notify_people = SelectField(_l("แจ้งเจ้าของข้อมูล"), choices=list(DECISION_LABELS.items()))
    no_people_reason = CleanTextAreaField(
        _l("เหตุผลที่ไม่แจ้งเจ้าของข้อมูล"), validators=[Length(max=3000)]
    )


class CorrectionForm(FlaskForm):
    """The same checks as the intake form's contact fields."""

    name = CleanStringField(_l("ชื่อ-นามสกุล"), validators=[Length(max=200)])
    phone = CleanStringField(_l("หมายเลขโทรศัพท์"), validators=[Optional(), validate_phone])
    email = CleanStringField(
        _l("อีเมล"),
        validators=[
            Optional(),
            Email(_l("รูปแบบอีเมลไม่ถูกต้อง เช่น name@example.com")),
            Length(max=200),
        ],
    )
    line_id = CleanStringField(_l("LINE ID"), validators=[Optional(), validate_line_id])


REQUEST_KIND_LABELS = {
    "erasure": _l("ขอให้ลบข้อมูลติดต่อของท่าน"),
    "objection": _l("คัดค้านการเก็บรวบรวม ใช้ หรือเปิดเผยข้อมูลของท่าน"),
}


class ErasureForm(FlaskForm):
    kind = RadioField(
        _l("คำขอ"), choices=list(REQUEST_KIND_LABELS.items()), validators=[InputRequired(REQUIRED)]
    )
    reason = CleanTextAreaField(_l("เหตุผล (ถ้ามี)"), validators=[Length(max=2000)])


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("ผลการพิจารณา"),
        choices=[("grant", _l("ดำเนินการตามคำขอ")), ("refuse", _l("ปฏิเสธคำขอ"))],
        validators=[InputRequired(REQUIRED)],
    )
    legal_ground = CleanTextAreaField(_l("ฐานทางกฎหมายที่ปฏิเสธ"), validators=[Length(max=2000)])
    note = CleanTextAreaField(_l("บันทึก"), validators=[Length(max=2000)])
