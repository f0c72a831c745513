"""Form fields and validators for Thai public forms; every message is Thai first."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import ValidationError

from portal import thai
from portal.clock import to_local, utcnow
from portal.security import images
from portal.security.files import CleanFile, RejectedFile, clean_upload

DATE_YEARS = (1900, 2600)  # (ค.ศ.) any date a case can concern, and no arithmetic overflows


class CleanStringField(StringField):
    """A single-line text field, normalised (NFC, no control characters, spaces collapsed)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = thai.clean_text(self.data)


class CleanTextAreaField(TextAreaField):
    """A multi-line text field, normalised but keeping paragraphs."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = thai.clean_text(self.data, multiline=True)


class Length:
    """Length bounds with a Thai message that says how many characters were typed."""

    def __init__(self, min: int = 0, max: int = 10_000) -> None:  # noqa: A002
        self.min, self.max = min, max

    def __call__(self, form, field) -> None:
        size = len(field.data or "")
        if size and size < self.min:
            raise ValidationError(
                _l("สั้นเกินไป: ต้องมีอย่างน้อย %(min)d ตัวอักษร (พิมพ์ไว้ %(n)d)",
                   min=self.min, n=size)
            )
        if size > self.max:
            raise ValidationError(
                _l("ยาวเกินไป: ได้ไม่เกิน %(max)d ตัวอักษร (พิมพ์ไว้ %(n)d)", max=self.max, n=size)
            )


class MeaningfulText:
    """Refuses text with too few letters (only digits, symbols or one repeated key)."""

    def __init__(self, min_letters: int = 3) -> None:
        self.min_letters = min_letters

    def __call__(self, form, field) -> None:
        text = field.data or ""
        if text and (thai.letter_count(text) < self.min_letters or len(set(text)) < 3):
            raise ValidationError(_l("กรุณาเขียนเป็นข้อความที่อ่านเข้าใจได้"))


def validate_person_name(form, field) -> None:
    if field.data and not thai.NAME_RE.match(field.data):
        raise ValidationError(_l("ชื่อใช้ได้เฉพาะตัวอักษรไทยหรืออังกฤษ เว้นวรรค จุด และขีด"))


def validate_phone(form, field) -> None:
    if not field.data:
        return
    formatted = thai.normalise_phone(field.data)
    if formatted is None:
        raise ValidationError(
            _l("หมายเลขโทรศัพท์ไม่ถูกต้อง: มือถือ 10 หลักขึ้นต้นด้วย 06 08 หรือ 09 "
               "หรือโทรศัพท์บ้าน 9 หลัก เช่น 042-511-234")
        )
    field.data = formatted


def validate_line_id(form, field) -> None:
    if field.data:
        field.data = field.data.lower()
        if not thai.LINE_ID_RE.match(field.data):
            raise ValidationError(
                _l("LINE ID ใช้ตัวอักษรอังกฤษ ตัวเลข จุด ขีด หรือขีดล่าง 4–20 ตัว")
            )


class ThaiDateField(StringField):
    """A date typed as วัน/เดือน/ปี พ.ศ. or as eight digits (24112569), never in the future."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.raw_text = self.data or ""
        try:
            self.data = thai.parse_date(self.raw_text)
            self.date_error = None
        except ValueError:
            self.data, self.date_error = None, True
        if isinstance(self.data, date) and not DATE_YEARS[0] <= self.data.year <= DATE_YEARS[1]:
            # Far dates overflow date arithmetic (a day after 9999-12-31): never keep them.
            self.data, self.date_error = None, "range"

    def _value(self) -> str:
        if getattr(self, "raw_text", ""):
            return self.raw_text  # shown again as the person typed it
        if isinstance(self.data, date):
            return f"{self.data.day}/{self.data.month}/{self.data.year + 543}"
        return ""

    def pre_validate(self, form) -> None:
        if getattr(self, "date_error", None) == "range":
            raise ValidationError(_l("ปีต้องอยู่ระหว่าง พ.ศ. %(first)d ถึง %(last)d",
                                     first=DATE_YEARS[0] + 543, last=DATE_YEARS[1] + 543))
        if getattr(self, "date_error", None):
            raise ValidationError(_l(
                "วันที่ไม่ถูกต้อง กรุณาระบุเป็น วัน/เดือน/ปี พ.ศ. เช่น 24/11/2569 "
                "หรือพิมพ์ตัวเลข 8 หลักติดกัน เช่น 24112569"))
        if isinstance(self.data, date) and self.data > to_local(utcnow()).date():
            raise ValidationError(_l("วันที่ต้องไม่เป็นวันในอนาคต"))
        if isinstance(self.data, date) and self.data.year < 1957:
            raise ValidationError(_l("วันที่เก่าเกินไป กรุณาตรวจสอบปีอีกครั้ง"))


class PixelBudget:
    """The image pixels one request may make us decode, all files together."""

    def __init__(self, pixels: int) -> None:
        self.total, self.left = pixels, pixels

    def take(self, cost: int) -> bool:
        if cost > self.left:
            return False
        self.left -= cost
        return True

    def refusal(self):
        return _l("รูปภาพที่แนบในครั้งนี้รวมกันมีความละเอียดเกิน %(mp)d ล้านพิกเซล "
                  "กรุณาแนบรูปนี้ในการส่งข้อมูลครั้งถัดไป หรือย่อรูปก่อนแนบ",
                  mp=self.total // 1_000_000)


class AttachmentsField(Field):
    """Up to N files, each checked by content; cleaned files end up in ``clean_files``."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.clean_files: list[CleanFile] = []
        self.chosen = 0

    def process_formdata(self, valuelist):
        self.data = [f for f in valuelist if isinstance(f, FileStorage) and f.filename]
        self.chosen = len(self.data)

    def _value(self) -> str:
        return ""

    def pre_validate(self, form) -> None:
        self.clean_files = []
        files = self.data or []
        limit = current_app.config["PORTAL_MAX_ATTACHMENTS"]
        if len(files) > limit:
            raise ValidationError(
                _l("แนบไฟล์ได้ไม่เกิน %(n)d ไฟล์ (เลือกไว้ %(chosen)d ไฟล์)", n=limit, chosen=len(files))
            )
        problems = []
        budget = PixelBudget(current_app.config["PORTAL_MAX_REQUEST_PIXELS"])
        for storage in files:
            cost = images.decode_cost(storage.stream)
            # Past the per-image cap the content check refuses it with its own message.
            if cost <= current_app.config["PORTAL_MAX_IMAGE_PIXELS"] and not budget.take(cost):
                problems.append(f"{storage.filename}: {budget.refusal()}")
                continue
            try:
                self.clean_files.append(
                    clean_upload(
                        storage.stream,
                        storage.filename,
                        max_bytes=current_app.config["PORTAL_MAX_UPLOAD_BYTES"],
                        max_pixels=current_app.config["PORTAL_MAX_IMAGE_PIXELS"],
                    )
                )
            except RejectedFile as rejected:
                problems.append(f"{storage.filename}: {rejected.message}")
        if problems:
            self.errors.extend(problems[:-1])  # one message per refused file
            raise ValidationError(problems[-1])
