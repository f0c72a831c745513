"""The channel page's chat section: LINE's monthly push quota, set by an administrator."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from portal.admin import bp
from portal.admin.scope import admin_office
from portal.chat.forms import PushQuotaForm
from portal.chat.outgoing import chat_settings
from portal.extensions import db


@bp.post("/channels/chat/push-quota")
def chat_push_quota():
    form = PushQuotaForm(prefix="chat")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(str(errors[0]), "error")
        return redirect(url_for("admin.channels") + "#chat-heading")
    chat_settings(admin_office().id, "line").push_quota = form.push_quota.data
    db.session.commit()
    flash(
        _("บันทึกโควตาข้อความ push ของ LINE แล้ว: %(n)s ข้อความต่อเดือน", n=form.push_quota.data),
        "success",
    )
    return redirect(url_for("admin.channels") + "#chat-heading")
