"""The signed-in user's own pages, and the way back in through a reset e-mail."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from portal.auth import bp, sessions
from portal.auth.ceremony import passkey_ceremony
from portal.auth.errors import InvalidResetLink, PasswordRejected, WrongPassword
from portal.auth.forms import (
    ChangePasswordForm,
    DisableTwoFactorForm,
    ForgotPasswordForm,
    PasskeyForm,
    RemovePasskeyForm,
    ResetPasswordForm,
    SignOutForm,
)
from portal.auth.labels import ROLE, SIGN_IN_REASON
from portal.auth.passwords import (
    change_password,
    request_password_reset,
    reset_password,
    set_first_password,
    user_for_invitation,
    user_for_reset_token,
)
from portal.auth.signin import recent_sign_ins
from portal.auth.two_factor import disable_two_factor
from portal.auth.views import NO_STORE, office_of
from portal.cases.errors import CaseError
from portal.extensions import db, limiter
from portal.security.password_policy import RULES
from portal.staff import staff_context
from portal.tenancy import current_office

# The account pages sit in the staff layout, with the staff menu (a way back to the inbox).
bp.context_processor(staff_context)


def _forgot_limit() -> str:
    return current_app.config.get("PORTAL_RATE_LIMIT_FORGOT", "10 per hour")


@bp.get("/account")
@login_required
def account():
    """Who the user is, their passkeys (add, remove), and the way out."""
    passkey = passkey_ceremony(current_user, "register")
    db.session.commit()  # the passkey challenge
    return render_template("auth/account.html", sign_out_form=SignOutForm(), ROLE_NAMES=ROLE,
                           passkey=passkey, passkey_form=PasskeyForm(),
                           remove_form=RemovePasskeyForm(), office=office_of(current_user),
                           views=current_app.view_functions), 200, NO_STORE


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change the password; see one's own sign-ins and second-factor state."""
    form = ChangePasswordForm()
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.new_password.data,
                            get_remote_address() or "")
        except WrongPassword as error:
            db.session.commit()  # the failure counts towards the lock
            form.current_password.errors.append(error.message)
        except PasswordRejected as error:
            form.new_password.errors.append(error.message)
        else:
            db.session.commit()
            sessions.reissue(current_user)
            flash(_("เปลี่ยนรหัสผ่านเรียบร้อยแล้ว อุปกรณ์อื่นที่ลงชื่อเข้าใช้ไว้จะต้องลงชื่อเข้าใช้ใหม่"),
                  "success")
            return redirect(url_for("auth.password"))
    return render_template(
        "auth/password.html", form=form, rules=RULES,
        records=recent_sign_ins(current_user), reasons=SIGN_IN_REASON,
        disable_form=DisableTwoFactorForm(),
        office=office_of(current_user),
    ), status, NO_STORE


@bp.post("/two-factor/disable")
@login_required
def two_factor_disable():
    form = DisableTwoFactorForm()
    if form.validate_on_submit():
        try:
            disable_two_factor(current_user, form.password.data)
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("เลิกใช้แอปยืนยันตัวตนแล้ว ลงชื่อเข้าใช้ครั้งต่อไปด้วยพาสคีย์"), "success")
    return redirect(url_for("auth.password"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_forgot_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_password_reset(form.email.data, str(get_locale() or "th"))
        db.session.commit()
        # The same answer whether or not the address has an account.
        flash(_("ถ้าอีเมลนี้เป็นของบัญชีเจ้าหน้าที่ ระบบได้ส่งลิงก์ตั้งรหัสผ่านใหม่ไปแล้ว "
                "ลิงก์ใช้ได้ 1 ชั่วโมงและใช้ได้ครั้งเดียว หากไม่ได้รับภายในไม่กี่นาที "
                "กรุณาดูในกล่องจดหมายขยะ"), "info")
        return redirect(url_for("auth.sign_in"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/forgot_password.html", form=form,
                           office=current_office()), status, NO_STORE


@bp.route("/password/reset/<token>", methods=["GET", "POST"], endpoint="reset_password")
def reset_password_page(token: str):
    return _password_from_link(
        token, user_for_reset_token, reset_password,
        _("ตั้งรหัสผ่านใหม่เรียบร้อยแล้ว กรุณาลงชื่อเข้าใช้ด้วยรหัสผ่านใหม่"))


@bp.route("/password/set/<token>", methods=["GET", "POST"], endpoint="set_first_password")
def set_first_password_page(token: str):
    """A new account's owner sets its first password from the invitation e-mail."""
    return _password_from_link(
        token, user_for_invitation, set_first_password,
        _("ตั้งรหัสผ่านเรียบร้อยแล้ว กรุณาลงชื่อเข้าใช้ แล้วตั้งค่าการยืนยันตัวตนขั้นที่สอง"),
        heading=_("ตั้งรหัสผ่านสำหรับบัญชีใหม่"), first=True)


def _password_from_link(token: str, find_user, apply, done: str, **page):
    """A password set from an e-mailed one-time link (reset, or a new account's first)."""
    try:
        user = find_user(token)
    except InvalidResetLink as error:
        flash(str(error.message), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            apply(token, form.new_password.data)
        except (PasswordRejected, InvalidResetLink) as error:
            form.new_password.errors.append(error.message)
        else:
            db.session.commit()
            sessions.end()
            flash(done, "success")
            return redirect(url_for("auth.sign_in"))
    headers = {**NO_STORE, "Referrer-Policy": "no-referrer"}  # keep the token out of referrers
    return render_template("auth/reset_password.html", form=form, user=user, rules=RULES,
                           office=current_office(), **page), status, headers
