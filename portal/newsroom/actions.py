"""Buttons of an item's page: send for approval, keep findings, approve, withdraw."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.models import PublicationKind
from portal.newsroom import bp
from portal.newsroom.forms import ApproveForm, ButtonForm, ReasonForm
from portal.newsroom.views import item_or_404, render_item
from portal.publishing.approval import approve_version, withdraw_item
from portal.publishing.drafting import override_findings, submit_for_approval
from portal.publishing.errors import NotAllowed, PublishingError, VersionChanged
from portal.publishing.fingerprint import SeenVersion


def _act(item_id: int, form, action: Callable, done: str):
    item = item_or_404(item_id)
    if not form.validate_on_submit():
        flash(_("กรุณากรอกเหตุผลอย่างน้อย 5 ตัวอักษร") if isinstance(form, ReasonForm)
              else _("แบบฟอร์มหมดอายุ กรุณาลองอีกครั้ง"), "error")
        return redirect(url_for("newsroom.item", item_id=item.id))
    try:
        action(item)
    except NotAllowed:
        abort(403)
    except PublishingError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("newsroom.item", item_id=item.id))


@bp.post("/<int:item_id>/submit")
def submit(item_id: int):
    return _act(item_id, ButtonForm(), lambda item: submit_for_approval(item, current_user),
                _("ส่งขออนุมัติแล้ว"))


@bp.post("/<int:item_id>/override")
def override(item_id: int):
    form = ReasonForm()
    return _act(item_id, form,
                lambda item: override_findings(item, current_user, form.reason.data or ""),
                _("บันทึกเหตุผลที่คงข้อความไว้แล้ว"))


@bp.post("/<int:item_id>/approve")
def approve(item_id: int):
    """Approve the text the approver was shown, and only that (the form carries its number
    and digest); a text changed meanwhile is shown again, with the reason, unapproved."""
    item = item_or_404(item_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        flash(_("แบบฟอร์มหมดอายุ กรุณาลองอีกครั้ง"), "error")
        return redirect(url_for("newsroom.item", item_id=item.id))
    try:
        approve_version(item, current_user, SeenVersion(form.version.data, form.digest.data))
    except NotAllowed:
        abort(403)
    except VersionChanged as error:
        db.session.rollback()
        return render_item(item, changed=str(error.message), status=409)
    except PublishingError as error:
        flash(str(error.message), "error")
        return redirect(url_for("newsroom.item", item_id=item.id))
    db.session.commit()
    if item.kind is PublicationKind.PARTICIPATION:
        flash(_("อนุมัติแล้ว รายงานแสดงบนหน้าหลักฐาน ITA แล้ว"), "success")
    else:
        flash(_("อนุมัติแล้ว รายการขึ้นกระดานผลการดำเนินการและเข้าคิวส่งตามช่องทางแล้ว"),
              "success")
    return redirect(url_for("newsroom.item", item_id=item.id))


@bp.post("/<int:item_id>/withdraw")
def withdraw(item_id: int):
    form = ReasonForm(prefix="withdraw")
    return _act(item_id, form, lambda item: withdraw_item(item, current_user,
                                                            form.reason.data or ""),
                _("ถอนการเผยแพร่แล้ว รายการหายจากกระดานทันที"))
