"""An item's deliveries: the share kits for the groups and the profile, retry, cancel."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.channels.message import share_text
from portal.extensions import db
from portal.models import Delivery, DeliveryChannel, Publication, User
from portal.newsroom import bp
from portal.newsroom.forms import ButtonForm, SharedForm
from portal.newsroom.views import item_or_404
from portal.publishing import channels
from portal.publishing.rules import can_publish
from portal.publishing.share import facebook_share_url


def _delivery(item_id: int, delivery_id: int) -> tuple[Publication, Delivery]:
    item = item_or_404(item_id)
    if not can_publish(current_user, item.office_id):
        abort(403)
    delivery = channels.delivery_of(item, delivery_id)
    if delivery is None:
        abort(404)
    return item, delivery


@bp.get("/<int:item_id>/share/<int:delivery_id>")
def share_kit(item_id: int, delivery_id: int):
    item, delivery = _delivery(item_id, delivery_id)
    if delivery.channel not in DeliveryChannel.share_kits():
        abort(404)
    message = delivery.message
    return render_template(
        "newsroom/share_kit.html", item=item, delivery=delivery, text=share_text(message),
        link=message.get("link", ""), facebook_share=facebook_share_url(message.get("link", "")),
        form=SharedForm(formdata=None, permalink=delivery.permalink or None),
        shared_by=db.session.get(User, delivery.shared_by_id) if delivery.shared_by_id else None,
    )


@bp.post("/<int:item_id>/share/<int:delivery_id>")
def mark_shared(item_id: int, delivery_id: int):
    item, delivery = _delivery(item_id, delivery_id)
    form = SharedForm()
    if not form.validate_on_submit():
        flash(_("ลิงก์ของโพสต์ไม่ถูกต้อง กรุณาวางที่อยู่เว็บแบบเต็ม"), "error")
        return redirect(url_for("newsroom.share_kit", item_id=item.id, delivery_id=delivery.id))
    return _apply(item, lambda: channels.mark_shared(delivery, current_user, form.permalink.data),
                  _("บันทึกว่าแชร์แล้ว"))


@bp.post("/<int:item_id>/deliveries/<int:delivery_id>/retry")
def retry_delivery(item_id: int, delivery_id: int):
    item, delivery = _delivery(item_id, delivery_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    return _apply(item, lambda: channels.retry(delivery), _("จะส่งใหม่อีกครั้งทันที"))


@bp.post("/<int:item_id>/deliveries/<int:delivery_id>/cancel")
def cancel_delivery(item_id: int, delivery_id: int):
    item, delivery = _delivery(item_id, delivery_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    return _apply(item, lambda: channels.cancel(delivery, current_user), _("ยกเลิกการส่งแล้ว"))


def _apply(item: Publication, action: Callable, done: str):
    try:
        action()
    except channels.PublicationError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("newsroom.item", item_id=item.id) + "#deliveries")
