"""Forms of the channel settings page: credentials are write-only (blank keeps the stored)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

NO_SPACES = Regexp(r"^\S*$", message=_l("ต้องไม่มีช่องว่าง"))


def _secret(label):
    # Never filled back into the page: a stored token is not shown again.
    return PasswordField(label, validators=[Length(max=2000), NO_SPACES],
                         render_kw={"autocomplete": "off"})


class FacebookForm(FlaskForm):
    page_id = StringField(_l("รหัสเพจ (Page ID)"), validators=[
        DataRequired(_l("กรุณากรอกรหัสเพจ")),
        Regexp(r"^\d{1,64}$", message=_l("รหัสเพจต้องเป็นตัวเลขตามที่ Facebook กำหนด"))])
    access_token = _secret(_l("โทเค็นของเพจ (Page access token)"))
    secret = _secret(_l("App secret ของแอป Facebook"))
    enabled = BooleanField(_l("โพสต์รายการที่อนุมัติแล้วไปที่ช่องทางนี้"))
    dry_run = BooleanField(_l("โหมดทดลอง: บันทึกว่าส่งแล้วโดยไม่ส่งจริง"))


class LineForm(FlaskForm):
    access_token = _secret(_l("Channel access token"))
    secret = _secret(_l("Channel secret"))
    enabled = BooleanField(_l("ส่งข้อความรายการที่อนุมัติแล้วไปที่ช่องทางนี้"))
    dry_run = BooleanField(_l("โหมดทดลอง: บันทึกว่าส่งแล้วโดยไม่ส่งจริง"))


class ChannelActionForm(FlaskForm):
    """CSRF only: pause, resume, test connection."""
