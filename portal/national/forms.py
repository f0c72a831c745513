"""Forms of the national pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class OfficeForm(FlaskForm):
    code = StringField(_l("รหัสสำนักงาน"), validators=[DataRequired(), Length(max=16)])
    name_th = StringField(_l("ชื่อภาษาไทย"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("ชื่อภาษาอังกฤษ"), validators=[Optional(), Length(max=200)])
    province_th = StringField(_l("จังหวัด"), validators=[Optional(), Length(max=100)])
    hostname = StringField(
        _l("ชื่อโฮสต์ (เว้นว่างเพื่อใช้ /o/รหัส/)"), validators=[Optional(), Length(max=200)]
    )


class ButtonForm(FlaskForm):
    """A button: CSRF and nothing else."""


class GrantRequestForm(FlaskForm):
    reason = TextAreaField(_l("เหตุผลที่ขอดูเรื่อง"), validators=[DataRequired(), Length(max=1000)])


class DecisionForm(FlaskForm):
    confirm = SubmitField(_l("อนุญาต"))
    decline = SubmitField(_l("ไม่อนุญาต"))
