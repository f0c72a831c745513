"""Sign-in (password, then a code or enrolment for those who need it) and sign-out."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from portal.auth import bp, code_limits, sessions
from portal.auth.ceremony import passkey_ceremony
from portal.auth.errors import SignInRefused
from portal.auth.forms import CodeForm, PasskeyForm, SignInForm, SignOutForm
from portal.auth.signin import Client, authenticate, complete_sign_in
from portal.auth.two_factor import begin_enrolment, confirm_enrolment, verify_code
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import Office, User
from portal.public.receipts import qr_data_uri
from portal.security import totp
from portal.tenancy import current_office

NO_STORE = {"Cache-Control": "no-store"}
ISSUER = "Sujarit"


def client() -> Client:
    return Client(ip=get_remote_address() or "", user_agent=request.user_agent.string or "")


def office_of(user: User | None) -> Office:
    if user is not None and user.is_authenticated:
        return db.session.get(Office, user.office_id)
    return current_office()


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(sessions.landing(current_user))
    form = SignInForm()
    if request.method == "GET":
        form.next.data = sessions.safe_next(request.args.get("next")) or ""
    error, status = None, 200
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data, client())
        except SignInRefused as refused:
            db.session.commit()  # the record of the attempt and the failure count
            error, status = refused.message, 429 if refused.reason == "ip_blocked" else 422
        else:
            return _after_password(user, sessions.safe_next(form.next.data))
    elif request.method == "POST":
        status = 422
    return render_template("auth/sign_in.html", form=form, error=error,
                           office=current_office()), status, NO_STORE


def _after_password(user: User, next_url: str | None):
    """Every account owes a second factor next: its passkey or code, or setting one up."""
    enrol = not user.has_second_factor
    sessions.start_pending(user, next_url, enrol)
    return redirect(url_for("auth.two_factor_setup" if enrol else "auth.sign_in_code"))


def pending_or_restart() -> User | None:
    user = sessions.pending_user()
    if user is None:
        flash(_("หมดเวลาสำหรับขั้นตอนนี้ กรุณาลงชื่อเข้าใช้ใหม่อีกครั้ง"), "info")
    return user


@bp.route("/sign-in/code", methods=["GET", "POST"])
def sign_in_code():
    """The second step: a code from the authenticator app, or a passkey."""
    user = pending_or_restart()
    if user is None or not user.has_second_factor:
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            verify_code(user, form.code.data, client())
        except SignInRefused as refused:
            db.session.commit()
            if refused.reason == "codes_locked" and user.passkeys:
                # Codes are locked, the passkey is not: it stays offered on this page.
                flash(str(refused.message), "error")
                return redirect(url_for("auth.sign_in_code"))
            if refused.reason == "locked" or refused.locked_until is not None:
                sessions.forget_pending()
                flash(str(refused.message), "error")
                return redirect(url_for("auth.sign_in"))
            status = 429 if refused.reason == "ip_blocked" else 422
            form.code.errors.append(refused.message)
        else:
            return finish(user, second_factor=True)
    passkey = None
    if user.passkeys:
        passkey = passkey_ceremony(user, "sign_in")
    db.session.commit()  # the passkey challenge
    return render_template("auth/sign_in_code.html", form=form, user=user, passkey=passkey,
                           passkey_form=PasskeyForm(),
                           codes_locked_until=code_limits.locked_until(user),
                           office=office_of(None)), status, NO_STORE


def finish(user: User, second_factor: bool):
    next_url = sessions.pending_next()
    complete_sign_in(user, client())
    db.session.commit()
    sessions.establish(user, second_factor=second_factor)
    return redirect(next_url or sessions.landing(user))


@bp.route("/two-factor/setup", methods=["GET", "POST"])
def two_factor_setup():
    """Enrol an authenticator: during sign-in for those who must, or later for anyone."""
    signing_in = not current_user.is_authenticated
    user = pending_or_restart() if signing_in else current_user
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if user.totp_enabled or (signing_in and user.has_second_factor):
        flash(_("บัญชีนี้ตั้งค่าการยืนยันตัวตนสองขั้นตอนไว้แล้ว"), "info")
        return redirect(url_for("auth.sign_in_code" if signing_in else "auth.password"))
    secret = begin_enrolment(user)
    form = CodeForm()
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            confirm_enrolment(user, form.code.data)
        except CaseError as error:
            form.code.errors.append(error.message)
        else:
            if signing_in:
                response = finish(user, second_factor=True)  # starts a fresh session
                flash(_("ตั้งค่าการยืนยันตัวตนสองขั้นตอนเรียบร้อยแล้ว"), "success")
                return response
            flash(_("ตั้งค่าการยืนยันตัวตนสองขั้นตอนเรียบร้อยแล้ว"), "success")
            db.session.commit()
            sessions.mark_second_factor()
            return redirect(url_for("auth.password"))
    passkey = passkey_ceremony(user, "register")
    db.session.commit()  # the new secret, kept until the user confirms it; the challenge
    uri = totp.provisioning_uri(secret, user.email, ISSUER)
    return render_template("auth/two_factor_setup.html", form=form, user=user,
                           secret=totp.group_secret(secret), qr=qr_data_uri(uri),
                           passkey=passkey, passkey_form=PasskeyForm(),
                           required=signing_in, office=office_of(current_user)), status, NO_STORE


@bp.post("/sign-out")
@login_required
def sign_out():
    if not SignOutForm().validate_on_submit():
        abort(400)
    # The session lives in a signed cookie: only a new session version makes a copy of it
    # (kept by a browser extension, a shared computer's profile) useless.
    current_user.session_version += 1
    db.session.commit()
    sessions.end()
    flash(_("ออกจากระบบเรียบร้อยแล้ว"), "success")
    return redirect(url_for("auth.sign_in"))
