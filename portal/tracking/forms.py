"""Forms of the tracking pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Optional

from portal.public.fields import AttachmentsField, CleanTextAreaField, Length, MeaningfulText

REQUIRED = _l("กรุณากรอกช่องนี้")


class LookupForm(FlaskForm):
    number = StringField(
        _l("เลขรับเรื่อง"), validators=[DataRequired(REQUIRED)],
        render_kw={"autocomplete": "off", "placeholder": "NP2-2569-000123"},
    )
    # A password field: browsers don't keep it in form history, screens don't show it off.
    receipt = PasswordField(
        _l("รหัสติดตาม"), validators=[DataRequired(REQUIRED)],
        render_kw={"autocomplete": "off", "placeholder": "XXXX-XXXX-XXXX-XXXX"},
    )


class ReporterMessageForm(FlaskForm):
    body = CleanTextAreaField(
        _l("ข้อมูลเพิ่มเติม"), validators=[Optional(), Length(2, 5000), MeaningfulText(2)]
    )
    attachments = AttachmentsField(_l("ไฟล์แนบเพิ่มเติม (รูปภาพ JPEG/PNG หรือ PDF)"))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.body.data and not self.attachments.clean_files:
            self.body.errors.append(_l("กรุณาพิมพ์ข้อความหรือแนบไฟล์อย่างน้อยหนึ่งอย่าง"))
            return False
        return True
