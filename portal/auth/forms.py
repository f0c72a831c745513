"""Forms of the sign-in and account pages. CSRF protects every one, buttons included."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from portal.security.password_policy import MAX_LENGTH

REQUIRED = _l("กรุณากรอกช่องนี้")


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _digits_only(value: str | None) -> str | None:
    return "".join(value.split()) if isinstance(value, str) else value


class SignInForm(FlaskForm):
    email = StringField(_l("อีเมล"), filters=[_strip],
                        validators=[DataRequired(REQUIRED), Length(max=200)])
    password = PasswordField(_l("รหัสผ่าน"), validators=[DataRequired(REQUIRED),
                                                         Length(max=MAX_LENGTH)])
    next = HiddenField()


class CodeForm(FlaskForm):
    code = StringField(
        _l("รหัสยืนยัน 6 หลัก"), filters=[_digits_only],
        validators=[DataRequired(REQUIRED),
                    Regexp(r"^\d{6}$", message=_l("กรุณากรอกตัวเลข 6 หลักจากแอปยืนยันตัวตน"))],
    )


class SignOutForm(FlaskForm):
    """No fields: the CSRF token alone proves the click came from our page."""


def _new_password() -> PasswordField:
    return PasswordField(_l("รหัสผ่านใหม่"),
                         validators=[DataRequired(REQUIRED), Length(max=MAX_LENGTH)])


def _confirm() -> PasswordField:
    return PasswordField(
        _l("ยืนยันรหัสผ่านใหม่"),
        validators=[DataRequired(REQUIRED),
                    EqualTo("new_password", message=_l("รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน"))],
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("รหัสผ่านปัจจุบัน"),
                                     validators=[DataRequired(REQUIRED), Length(max=MAX_LENGTH)])
    new_password = _new_password()
    confirm = _confirm()


class ResetPasswordForm(FlaskForm):
    new_password = _new_password()
    confirm = _confirm()


class ForgotPasswordForm(FlaskForm):
    email = StringField(_l("อีเมลที่ใช้ลงชื่อเข้าใช้"), filters=[_strip],
                        validators=[DataRequired(REQUIRED), Length(max=200)])


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField(_l("รหัสผ่านปัจจุบัน"), validators=[DataRequired(REQUIRED)])


class PasskeyForm(FlaskForm):
    """The browser's answer to a passkey ceremony (JSON, filled in by static/js/passkeys.js)."""

    credential = HiddenField(validators=[DataRequired(_l("ยังไม่ได้ใช้พาสคีย์ กรุณากดปุ่มแล้วทำตามที่"
                                                         "โทรศัพท์หรือเบราว์เซอร์แสดง")),
                                         Length(max=20_000)])
    name = StringField(_l("ชื่อพาสคีย์"), filters=[_strip], validators=[Length(max=100)])


class RemovePasskeyForm(FlaskForm):
    """No fields: the CSRF token alone proves the click came from our page."""
