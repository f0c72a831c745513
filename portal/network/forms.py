"""Forms of the network pages, staff and school alike."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, ValidationError

from portal.clock import to_local, utcnow
from portal.network import details
from portal.network.models import CommitteeRole
from portal.network.news import MAX_PHOTOS
from portal.public.fields import (
    AttachmentsField,
    CleanStringField,
    CleanTextAreaField,
    PixelBudget,
    ThaiDateField,
)
from portal.security import images
from portal.security.files import RejectedFile, clean_upload

REQUIRED = _l("กรุณากรอกช่องนี้")
COMMITTEE_ROLES = {
    CommitteeRole.CHAIR: _l("ประธาน"),
    CommitteeRole.MEMBER: _l("กรรมการ"),
    CommitteeRole.SECRETARY: _l("เลขานุการ"),
}


def checked_by(check):
    """A WTForms validator from one of :mod:`portal.network.details`'s checks: the field keeps
    the normalised value, or shows the check's Thai message."""

    def validate(form, field) -> None:
        try:
            field.data = check(field.data or "")
        except details.DetailError as exc:
            raise ValidationError(exc.message) from exc

    return validate


def _name(value: str) -> str:
    return details.check_person(value).name


class PersonFields:
    """Name, position, phone, e-mail and LINE ID: the fields of every person in the network."""

    @staticmethod
    def add(cls, prefix: str = "", email_required: bool = False):
        setattr(
            cls,
            f"{prefix}name",
            CleanStringField(_l("ชื่อ-นามสกุล"), [DataRequired(REQUIRED), checked_by(_name)]),
        )
        setattr(cls, f"{prefix}position", CleanStringField(_l("ตำแหน่ง")))
        setattr(
            cls, f"{prefix}phone", CleanStringField(_l("โทรศัพท์"), [checked_by(details.check_phone)])
        )
        setattr(
            cls,
            f"{prefix}email",
            CleanStringField(
                _l("อีเมล"),
                ([DataRequired(REQUIRED)] if email_required else [])
                + [checked_by(details.check_email)],
            ),
        )
        setattr(
            cls,
            f"{prefix}line_id",
            CleanStringField(_l("LINE ID"), [checked_by(details.check_line_id)]),
        )
        return cls


class TermDateField(ThaiDateField):
    """A date of a committee term: unlike other dates, it may lie ahead."""

    def pre_validate(self, form) -> None:
        try:
            super().pre_validate(form)
        except ValidationError:
            if (
                getattr(self, "date_error", None)
                or not self.data
                or self.data <= to_local(utcnow()).date()
            ):
                raise


class CorrespondentForm(FlaskForm):
    pass


PersonFields.add(CorrespondentForm)


class ProfileForm(FlaskForm):
    page_url = CleanStringField(_l("เพจ Facebook ของโรงเรียน"), [checked_by(details.check_page_url)])
    joined_groups = BooleanField(_l("โรงเรียนเข้าร่วมกลุ่มของเขตพื้นที่แล้ว"))
    joined_groups_on = ThaiDateField(_l("วันที่โรงเรียนแจ้งว่าเข้าร่วม"), [Optional()])


class JoinForm(FlaskForm):
    page_url = CleanStringField(_l("เพจ Facebook ของโรงเรียน"), [checked_by(details.check_page_url)])
    joined_groups = BooleanField(_l("โรงเรียนเข้าร่วมกลุ่มเครือข่ายของเขตพื้นที่แล้ว"))
    privacy = BooleanField(
        _l("รับทราบว่าข้อมูลนี้ใช้เพื่อการประสานงานประชาสัมพันธ์ และเห็นได้เฉพาะเจ้าหน้าที่ประชาสัมพันธ์และผู้ดูแลระบบ"),
        [DataRequired(_l("กรุณาทำเครื่องหมายเพื่อรับทราบ"))],
    )


PersonFields.add(JoinForm, email_required=True)


class CodeForm(FlaskForm):
    code = StringField(_l("รหัสยืนยัน 6 หลัก"), [DataRequired(REQUIRED)])


class EmailForm(FlaskForm):
    email = CleanStringField(
        _l("อีเมลที่ลงทะเบียนไว้"), [DataRequired(REQUIRED), checked_by(details.check_email)]
    )


class CommitteeForm(FlaskForm):
    role = SelectField(
        _l("บทบาทในคณะกรรมการ"),
        choices=[SelectChoice(r.value, label) for r, label in COMMITTEE_ROLES.items()],
    )
    school_id = SelectField(_l("โรงเรียน (ถ้ามี)"), choices=[], validate_choice=False)
    term_start = TermDateField(_l("เริ่มวาระ"), [DataRequired(REQUIRED)])
    term_end = TermDateField(_l("สิ้นสุดวาระ"), [Optional()])
    active = BooleanField(_l("ร่วมในกลุ่มเครือข่ายอยู่"), default=True)

    def validate_term_end(self, field) -> None:
        if field.data and self.term_start.data and field.data < self.term_start.data:
            raise ValidationError(_l("วันสิ้นสุดวาระต้องไม่ก่อนวันเริ่มวาระ"))


PersonFields.add(CommitteeForm)


class ImportForm(FlaskForm):
    file = FileField(_l("ไฟล์ CSV หรือ XLSX"))


class ButtonForm(FlaskForm):
    """A POST button: CSRF only."""


FACES_CHOICES = [
    ("none", _l("ไม่มีใบหน้านักเรียนที่จำได้")),
    ("consented", _l("มีใบหน้านักเรียน และโรงเรียนได้รับความยินยอมจากผู้ปกครองแล้ว")),
    ("unsure", _l("ไม่แน่ใจ ให้นักประชาสัมพันธ์ตรวจและตัดสิน")),
]


class PhotosField(AttachmentsField):
    """Up to ten photos, each checked by content and re-encoded (metadata gone) exactly as
    intake attachments are, within the same pixel budget per request."""

    def pre_validate(self, form) -> None:
        self.clean_files = []
        files = self.data or []
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _l(
                    "แนบภาพได้ไม่เกิน %(n)d ภาพ (เลือกไว้ %(chosen)d ภาพ)",
                    n=MAX_PHOTOS,
                    chosen=len(files),
                )
            )
        config, problems = current_app.config, []
        budget = PixelBudget(config["PORTAL_MAX_REQUEST_PIXELS"])
        for upload in files:
            cost = images.decode_cost(upload.stream)
            if cost <= config["PORTAL_MAX_IMAGE_PIXELS"] and not budget.take(cost):
                problems.append(f"{upload.filename}: {budget.refusal()}")
                continue
            try:
                clean = clean_upload(
                    upload.stream,
                    upload.filename,
                    max_bytes=config["PORTAL_MAX_UPLOAD_BYTES"],
                    max_pixels=config["PORTAL_MAX_IMAGE_PIXELS"],
                )
            except RejectedFile as rejected:
                problems.append(f"{upload.filename}: {rejected.message}")
                continue
            if not clean.mimetype.startswith("image/"):
                problems.append(f"{upload.filename}: {_l('แนบได้เฉพาะภาพ JPEG หรือ PNG')}")
                continue
            self.clean_files.append(clean)
        if problems:
            self.errors.extend(problems[:-1])
            raise ValidationError(problems[-1])


def _http_url(value: str) -> str:
    value = value.strip()
    if value and not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise details.DetailError(_l("ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://"))
    return value[:500]


class NewsForm(FlaskForm):
    title = CleanStringField(_l("หัวข้อข่าว"), [DataRequired(REQUIRED)])
    body = CleanTextAreaField(_l("เนื้อข่าว"), [DataRequired(REQUIRED)])
    happened_on = ThaiDateField(_l("วันที่จัดกิจกรรม"), [DataRequired(REQUIRED)])
    post_url = CleanStringField(_l("ลิงก์โพสต์ของโรงเรียน (ถ้ามี)"), [checked_by(_http_url)])
    photos = PhotosField(_l("ภาพกิจกรรม (ไม่เกิน 10 ภาพ)"))
    faces = RadioField(
        _l("ในภาพมีใบหน้านักเรียนที่จำได้หรือไม่"),
        choices=[SelectChoice(v, label) for v, label in FACES_CHOICES],
        validators=[DataRequired(_l("กรุณาเลือกคำตอบ"))],
    )
    consent = BooleanField(
        _l("โรงเรียนได้รับความยินยอมจากผู้ปกครองสำหรับภาพนักเรียนทุกภาพ และเก็บหลักฐานไว้ที่โรงเรียน")
    )

    def validate_consent(self, field) -> None:
        if self.faces.data == "consented" and not field.data:
            raise ValidationError(_l("กรุณายืนยันว่าโรงเรียนได้รับความยินยอมจากผู้ปกครองแล้ว"))


class AcceptForm(FlaskForm):
    image = SelectField(_l("ภาพประกอบข่าว"), choices=[], validate_choice=False)
    note = CleanTextAreaField(_l("หมายเหตุถึงโรงเรียน (ถ้ามี)"))


class ReturnForm(FlaskForm):
    note = CleanTextAreaField(_l("หมายเหตุถึงโรงเรียน: ควรแก้ไขอะไร"), [DataRequired(REQUIRED)])
