"""The chat section's form on the channel page (its view is in the admin blueprint)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange


class PushQuotaForm(FlaskForm):
    push_quota = IntegerField(
        _l("โควตาข้อความ push ของ LINE ต่อเดือน"),
        validators=[
            InputRequired(_l("กรุณาระบุจำนวนข้อความ")),
            NumberRange(0, 10_000_000, _l("จำนวนข้อความต้องอยู่ระหว่าง 0 ถึง 10,000,000")),
        ],
    )
