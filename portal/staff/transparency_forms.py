"""Forms of the staff report pages: preparing and publishing reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired

from portal.public.fields import CleanStringField, CleanTextAreaField, Length

REQUIRED = _l("กรุณากรอกช่องนี้")


class PrepareReportForm(FlaskForm):
    period = CleanStringField(_l("ช่วงเวลา"), validators=[DataRequired(REQUIRED), Length(max=16)])


class PublishReportForm(FlaskForm):
    note = CleanTextAreaField(_l("หมายเหตุการแก้ไข"), validators=[Length(max=1000)])
