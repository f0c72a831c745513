"""Forms of the publishing pages (staff wording)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, URLField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from portal.public.fields import (
    AttachmentsField,
    CleanStringField,
    CleanTextAreaField,
    ThaiDateField,
)
from portal.publishing.drafting import BODY_MAX, PARTICIPATION_MAX, TITLE_MAX, TOPIC_MAX

REQUIRED = _l("กรุณากรอกช่องนี้")


class OutcomeForm(FlaskForm):
    title = CleanStringField(_l("หัวข้อ"), validators=[DataRequired(REQUIRED),
                                                       Length(max=TITLE_MAX)])
    body = CleanTextAreaField(_l("สรุปผล (ท่านแจ้ง เราทำ)"),
                              validators=[DataRequired(REQUIRED), Length(max=BODY_MAX)])


class NewsForm(OutcomeForm):
    body = CleanTextAreaField(_l("สรุปข่าว"),
                              validators=[DataRequired(REQUIRED), Length(max=BODY_MAX)])
    link_url = URLField(_l("ลิงก์ข่าว"), validators=[DataRequired(REQUIRED), Length(max=500)])
    image = AttachmentsField(_l("ภาพประกอบ (ไม่บังคับ)"))
    remove_image = BooleanField(_l("นำภาพประกอบเดิมออก"), validators=[Optional()])


class ParticipationForm(FlaskForm):
    """A participation report for the ITA: the topic is the title, the outcome the body."""

    held_on = ThaiDateField(_l("วันที่จัดกิจกรรม"), validators=[DataRequired(REQUIRED)])
    title = CleanStringField(_l("หัวข้อ"), validators=[DataRequired(REQUIRED),
                                                       Length(3, TOPIC_MAX)])
    participants = CleanTextAreaField(_l("ผู้เข้าร่วม"), validators=[
        DataRequired(REQUIRED), Length(3, PARTICIPATION_MAX)])
    body = CleanTextAreaField(_l("ผลที่ได้"), validators=[DataRequired(REQUIRED),
                                                         Length(3, PARTICIPATION_MAX)])
    improvement = CleanTextAreaField(_l("สิ่งที่ปรับปรุง"), validators=[
        DataRequired(REQUIRED), Length(3, PARTICIPATION_MAX)])


class ApproveForm(FlaskForm):
    """Approve exactly what the page showed: the version's number and the digest of its text."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    digest = HiddenField(validators=[InputRequired(), Length(max=128)])


class ButtonForm(FlaskForm):
    """A POST with nothing but its CSRF token: submit, approve, retry, cancel."""


class ReasonForm(FlaskForm):
    reason = CleanTextAreaField(_l("เหตุผล"), validators=[DataRequired(REQUIRED),
                                                          Length(min=5, max=1000)])


class SharedForm(FlaskForm):
    permalink = URLField(_l("ลิงก์ของโพสต์ (ไม่บังคับ)"), validators=[Optional(), Length(max=500)])
