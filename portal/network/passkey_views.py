"""A correspondent's passkeys: kept from the school's pages, used on the sign-in page."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.auth.ceremony import origin
from portal.auth.forms import PasskeyForm
from portal.extensions import db, limiter
from portal.network import passkeys
from portal.network.forms import ButtonForm
from portal.network.school_views import _limit, bp, correspondent_required
from portal.network.signin import current_correspondent, sign_in
from portal.tenancy import current_office


@bp.get("/school/<int:school_id>/passkeys")
@correspondent_required
def passkeys_page(school_id: int):
    person = current_correspondent()
    ceremony = passkeys.registration_options(person, origin())
    db.session.commit()  # the challenge's one-time mark
    return render_template(
        "network/school_passkeys.html",
        school=g.school,
        keys=passkeys.passkeys_of(person),
        passkey=ceremony,
        passkey_form=PasskeyForm(),
        button=ButtonForm(),
    )


@bp.post("/school/<int:school_id>/passkeys")
@correspondent_required
def add_passkey(school_id: int):
    form = PasskeyForm()
    if not form.validate_on_submit():
        flash(_("ยังไม่ได้ใช้พาสคีย์ กรุณาลองอีกครั้ง"), "error")
        return redirect(url_for(".passkeys_page", school_id=school_id))
    try:
        passkeys.add_passkey(
            current_correspondent(), origin(), form.credential.data, form.name.data or ""
        )
    except passkeys.PasskeyError as error:
        db.session.commit()  # the spent challenge stays spent
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("เพิ่มพาสคีย์แล้ว ครั้งต่อไปเข้าสู่ระบบด้วยพาสคีย์นี้ได้โดยไม่ต้องรออีเมล"), "success")
    return redirect(url_for(".passkeys_page", school_id=school_id))


@bp.post("/school/<int:school_id>/passkeys/<int:passkey_id>/remove")
@correspondent_required
def remove_passkey(school_id: int, passkey_id: int):
    if not ButtonForm().validate_on_submit():
        abort(400)
    removed = passkeys.remove_passkey(current_correspondent(), passkey_id)
    if removed is None:
        abort(404)
    db.session.commit()
    flash(_("ลบพาสคีย์ %(name)s แล้ว", name=removed.name), "success")
    return redirect(url_for(".passkeys_page", school_id=school_id))


@bp.post("/sign-in/passkey")
@limiter.limit(_limit)
def sign_in_passkey():
    form = PasskeyForm()
    if not form.validate_on_submit():
        flash(_("ยังไม่ได้ใช้พาสคีย์ กรุณาลองอีกครั้ง"), "error")
        return redirect(url_for(".sign_in_page"))
    try:
        person = passkeys.sign_in_with_passkey(current_office(), origin(), form.credential.data)
    except passkeys.PasskeyError as error:
        db.session.commit()  # the spent challenge stays spent
        flash(str(error.message), "error")
        return redirect(url_for(".sign_in_page"))
    db.session.commit()
    sign_in(person)
    return redirect(url_for(".home", school_id=person.school_id))
