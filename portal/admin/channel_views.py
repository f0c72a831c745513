"""Channel settings per office: Facebook Page and LINE Official Account."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.admin import bp
from portal.admin.channel_forms import ChannelActionForm, FacebookForm, LineForm
from portal.admin.scope import admin_office
from portal.channels.connection import test_connection
from portal.channels.settings import (
    ChannelSettingsError,
    channel_account,
    get_or_create_account,
    pause_channel,
    resume_channel,
    save_facebook_credentials,
    save_line_credentials,
    set_dry_run,
    set_enabled,
)
from portal.extensions import db
from portal.models import DeliveryChannel

SLUGS = {"facebook": DeliveryChannel.FACEBOOK_PAGE, "line": DeliveryChannel.LINE_BROADCAST}
ACTIONS = ("pause", "resume", "test")


def _forms(facebook, line):
    facebook_form = FacebookForm(prefix="facebook", data={
        "page_id": facebook.page_id if facebook else "",
        "enabled": facebook.enabled if facebook else True,
        "dry_run": facebook.dry_run if facebook else False})
    line_form = LineForm(prefix="line", data={
        "enabled": line.enabled if line else True, "dry_run": line.dry_run if line else False})
    return facebook_form, line_form


@bp.get("/channels")
def channels():
    office = admin_office()
    facebook = channel_account(office.id, DeliveryChannel.FACEBOOK_PAGE)
    line = channel_account(office.id, DeliveryChannel.LINE_BROADCAST)
    facebook_form, line_form = _forms(facebook, line)
    return render_template("admin/channels.html", facebook=facebook, line=line,
                           facebook_form=facebook_form, line_form=line_form,
                           action_form=ChannelActionForm())


@bp.post("/channels/facebook")
def channel_facebook_save():
    office = admin_office()
    form = FacebookForm(prefix="facebook")
    if not form.validate_on_submit():
        return _invalid(form, "facebook")
    return _save(form, lambda: save_facebook_credentials(
        office, form.page_id.data, form.access_token.data, form.secret.data),
        _("บันทึกการตั้งค่าเพจ Facebook แล้ว"))


@bp.post("/channels/line")
def channel_line_save():
    office = admin_office()
    form = LineForm(prefix="line")
    if not form.validate_on_submit():
        return _invalid(form, "line")
    return _save(form, lambda: save_line_credentials(
        office, form.access_token.data, form.secret.data), _("บันทึกการตั้งค่า LINE แล้ว"))


def _save(form, save_credentials, done: str):
    """Credentials first (they may be refused), then the switches; one commit."""
    try:
        account = save_credentials()
    except ChannelSettingsError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.channels"))
    set_enabled(account, form.enabled.data)
    set_dry_run(account, form.dry_run.data)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("admin.channels"))


@bp.post("/channels/<slug>/<action>")
def channel_action(slug: str, action: str):
    if slug not in SLUGS or action not in ACTIONS:
        abort(404)
    if not ChannelActionForm().validate_on_submit():
        abort(400)
    account = get_or_create_account(admin_office(), SLUGS[slug])
    if action == "pause":
        pause_channel(account)
        flash(_("หยุดส่งช่องทางนี้ไว้แล้ว ข้อความใหม่จะรอจนกว่าจะกดส่งต่อ"), "success")
    elif action == "resume":
        count = resume_channel(account)
        flash(_("ส่งต่อแล้ว ข้อความที่รอไว้ %(n)d รายการจะถูกส่งในไม่ช้า", n=count), "success")
    else:
        result = test_connection(account)
        if result.ok:
            flash(_("เชื่อมต่อสำเร็จ: %(name)s", name=result.name), "success")
        else:
            flash(_("เชื่อมต่อไม่สำเร็จ: %(error)s", error=result.error), "error")
    db.session.commit()
    return redirect(url_for("admin.channels"))


def _invalid(form, which: str):
    office = admin_office()
    facebook = channel_account(office.id, DeliveryChannel.FACEBOOK_PAGE)
    line = channel_account(office.id, DeliveryChannel.LINE_BROADCAST)
    facebook_form, line_form = _forms(facebook, line)
    if which == "facebook":
        facebook_form = form
    else:
        line_form = form
    return render_template("admin/channels.html", facebook=facebook, line=line,
                           facebook_form=facebook_form, line_form=line_form,
                           action_form=ChannelActionForm()), 400
