"""The form of an ITA item: fiscal year, code, titles, link."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, InputRequired, NumberRange, ValidationError

from portal.admin.forms import REQUIRED, NumberField
from portal.public.fields import CleanStringField, Length
from portal.security.links import is_site_or_https_link


def site_or_https(_form, field) -> None:
    """A page of the portal (``/ita/manual``) or a full https address; never ``/\\host``."""
    if field.data and not is_site_or_https_link(field.data):
        raise ValidationError(_l("ลิงก์ต้องเป็นหน้าของพอร์ทัล (ขึ้นต้นด้วย / ตัวเดียว) หรือที่อยู่เว็บ"
                                 "ที่ขึ้นต้นด้วย https:// และไม่มีเครื่องหมาย \\ หรือช่องว่าง"))


class ItaItemForm(FlaskForm):
    fiscal_year = NumberField(_l("ปีงบประมาณ (พ.ศ.)"),
                              validators=[InputRequired(REQUIRED),
                                          NumberRange(2560, 2700, _l("เช่น 2569"))])
    code = CleanStringField(_l("รหัสข้อ"), validators=[DataRequired(REQUIRED), Length(max=16)])
    title_th = CleanStringField(_l("ชื่อรายการ (ภาษาไทย)"),
                                validators=[DataRequired(REQUIRED), Length(max=300)])
    title_en = CleanStringField(_l("ชื่อรายการ (ภาษาอังกฤษ)"), validators=[Length(max=300)])
    url = CleanStringField(_l("ลิงก์"), validators=[DataRequired(REQUIRED), Length(max=500),
                                                   site_or_https])
    sort_order = NumberField(_l("ลำดับ"), default=0,
                             validators=[InputRequired(REQUIRED), NumberRange(0, 999)])
