"""The transfer form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput

from portal.public.fields import CleanTextAreaField

REQUIRED = _l("กรุณากรอกข้อมูลช่องนี้")


class TransferForm(FlaskForm):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    office_id = SelectField(
        _l("โอนไปสำนักงาน"), coerce=int, validators=[DataRequired(_l("กรุณาเลือกสำนักงานที่รับโอน"))]
    )
    reason = CleanTextAreaField(
        _l("เหตุผลที่โอน"),
        validators=[DataRequired(REQUIRED), Length(max=2000)],
        description=_l("ผู้แจ้งเห็นเหตุผลนี้ในหน้าติดตามเรื่องและในอีเมล"),
    )
