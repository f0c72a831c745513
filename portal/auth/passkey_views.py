"""Passkeys: the second sign-in step with one, adding one (at the first sign-in or later) and
removing one. Every form posts with its CSRF token; the answer is the browser's JSON."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.auth import bp, passkeys
from portal.auth.ceremony import origin, take_challenge
from portal.auth.errors import SignInRefused
from portal.auth.forms import PasskeyForm, RemovePasskeyForm
from portal.auth.limits import sign_in_blocked
from portal.auth.signin import TOO_MANY_FROM_HERE, record_attempt
from portal.auth.views import client, finish, pending_or_restart
from portal.cases.errors import CaseError
from portal.extensions import db


@bp.post("/sign-in/passkey")
def sign_in_passkey():
    """Password given, now a passkey: a passkey works even while wrong codes lock the codes."""
    user = pending_or_restart()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    form = PasskeyForm()
    if not form.validate_on_submit():
        flash(_("ยังไม่ได้ใช้พาสคีย์ กรุณาลองอีกครั้ง"), "error")
        return redirect(url_for("auth.sign_in_code"))
    who = client()
    try:
        if sign_in_blocked(who.ip):
            raise SignInRefused(TOO_MANY_FROM_HERE, "ip_blocked")
        passkeys.verify_passkey(user, origin(), take_challenge(user, "sign_in"),
                                form.credential.data)
    except SignInRefused as refused:  # the spent challenge stays spent
        record_attempt(who, user.email, user, False, refused.reason)
        db.session.commit()
        flash(str(refused.message), "error")
        return redirect(url_for("auth.sign_in_code"))
    return finish(user, second_factor=True)


@bp.post("/passkeys/add")
def add_passkey():
    """Keep a new passkey: at the first sign-in (after the password) or from the account page."""
    signing_in = not current_user.is_authenticated
    user = pending_or_restart() if signing_in else current_user
    if user is None or (signing_in and user.has_second_factor):
        # Half signed in, a passkey may only be the *first* second factor: otherwise the
        # password alone would let anyone add their own and skip the owner's.
        return redirect(url_for("auth.sign_in_code" if user else "auth.sign_in"))
    back = url_for("auth.two_factor_setup") if signing_in else url_for("auth.account")
    form = PasskeyForm()
    if not form.validate_on_submit():
        flash(_("ยังไม่ได้ใช้พาสคีย์ กรุณาลองอีกครั้ง"), "error")
        return redirect(back)
    try:
        passkeys.add_passkey(user, origin(), take_challenge(user, "register"),
                             form.credential.data, form.name.data or "")
    except CaseError as error:
        db.session.commit()  # the spent challenge stays spent
        flash(str(error.message), "error")
        return redirect(back)
    if signing_in:
        response = finish(user, second_factor=True)  # commits; starts a fresh session
    else:
        db.session.commit()
        response = redirect(back)
    flash(_("เพิ่มพาสคีย์แล้ว ครั้งต่อไปหลังใส่รหัสผ่าน ใช้พาสคีย์นี้ยืนยันตัวตนได้เลย"), "success")
    return response


@bp.post("/passkeys/<int:passkey_id>/remove")
@login_required
def remove_passkey(passkey_id: int):
    if not RemovePasskeyForm().validate_on_submit():
        abort(400)
    try:
        removed = passkeys.remove_passkey(current_user, passkey_id)
    except CaseError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("ลบพาสคีย์ %(name)s แล้ว", name=removed.name), "success")
    return redirect(url_for("auth.account"))
