"""Forms of the publishing pages (staff wording)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, URLField
from wtforms.validators import DataRequired, Length, Optional

from portal.public.fields import AttachmentsField, CleanStringField, CleanTextAreaField
from portal.publishing.drafting import BODY_MAX, TITLE_MAX

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


class ButtonForm(FlaskForm):
    """A POST with nothing but its CSRF token: submit, approve, retry, cancel."""


class ReasonForm(FlaskForm):
    reason = CleanTextAreaField(_l("เหตุผล"), validators=[DataRequired(REQUIRED),
                                                          Length(min=5, max=1000)])


class SharedForm(FlaskForm):
    permalink = URLField(_l("ลิงก์ของโพสต์ (ไม่บังคับ)"), validators=[Optional(), Length(max=500)])
