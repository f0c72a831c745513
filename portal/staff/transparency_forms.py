"""Forms of the staff report pages: preparing and publishing reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired

from portal.public.fields import CleanTextAreaField, Length

REQUIRED = _l("กรุณากรอกช่องนี้")


class PrepareReportForm(FlaskForm):
    # Choices (ended periods in words, grouped by kind) are set by the view.
    period = SelectField(_l("ช่วงเวลา"), validators=[DataRequired(_l("กรุณาเลือกช่วงเวลา"))],
                         validate_choice=False)  # the view says why a period is refused


class PublishReportForm(FlaskForm):
    note = CleanTextAreaField(_l("หมายเหตุการแก้ไข"), validators=[Length(max=1000)])
    # Empty on the review page's button, which leads to the confirmation; "yes" there publishes.
    confirmed = HiddenField()
