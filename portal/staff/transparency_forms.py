"""Forms of the staff report pages: preparing, publishing, participation reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired

from portal.public.fields import CleanStringField, CleanTextAreaField, Length, ThaiDateField

REQUIRED = _l("กรุณากรอกช่องนี้")


class PrepareReportForm(FlaskForm):
    period = CleanStringField(_l("ช่วงเวลา"), validators=[DataRequired(REQUIRED), Length(max=16)])


class PublishReportForm(FlaskForm):
    note = CleanTextAreaField(_l("หมายเหตุการแก้ไข"), validators=[Length(max=1000)])


class ParticipationForm(FlaskForm):
    held_on = ThaiDateField(_l("วันที่จัดกิจกรรม"), validators=[DataRequired(REQUIRED)])
    topic = CleanStringField(_l("หัวข้อ"), validators=[DataRequired(REQUIRED), Length(3, 300)])
    participants = CleanTextAreaField(_l("ผู้เข้าร่วม"),
                                      validators=[DataRequired(REQUIRED), Length(3, 3000)])
    outcome = CleanTextAreaField(_l("ผลที่ได้"), validators=[DataRequired(REQUIRED),
                                                           Length(3, 5000)])
    improvement = CleanTextAreaField(_l("สิ่งที่ปรับปรุง"), validators=[DataRequired(REQUIRED),
                                                                     Length(3, 5000)])
