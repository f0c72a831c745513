"""The outbox as the administrator sees it: e-mail, Facebook, LINE and share kits; what was
sent (with its permalink), what waits, what failed and why; retry and cancel."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from portal.admin import bp
from portal.admin.scope import admin_office
from portal.delivery.publication import PublicationError, cancel_delivery, retry_delivery
from portal.extensions import db
from portal.models import Delivery, DeliveryChannel, DeliveryStatus

PAGE_SIZE = 100


def mask_address(address: str) -> str:
    """``so****@example.com``: enough to tell messages apart, not to read them off a screen."""
    local, _at, domain = address.partition("@")
    return f"{local[:2]}{'*' * max(len(local) - 2, 1)}@{domain}" if domain else "***"


@bp.get("/deliveries")
def deliveries():
    office = admin_office()
    status = request.args.get("status", "")
    channel = request.args.get("channel", "")
    query = select(Delivery).where(Delivery.office_id == office.id)
    if status in {s.value for s in DeliveryStatus}:
        query = query.where(Delivery.status == DeliveryStatus(status))
    if channel in {c.value for c in DeliveryChannel}:
        query = query.where(Delivery.channel == DeliveryChannel(channel))
    rows = db.session.scalars(query.order_by(Delivery.id.desc()).limit(PAGE_SIZE)).all()
    counts = dict(db.session.execute(
        select(Delivery.status, func.count()).where(Delivery.office_id == office.id)
        .group_by(Delivery.status)).all())
    return render_template("admin/deliveries.html", rows=rows, counts=counts, status=status,
                           channel=channel, statuses=list(DeliveryStatus),
                           channels=list(DeliveryChannel), mask=mask_address)


def _own_delivery(delivery_id: int) -> Delivery:
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None or delivery.office_id != admin_office().id:
        abort(404)
    return delivery


def _back():
    return redirect(url_for("admin.deliveries", status=request.args.get("status", ""),
                            channel=request.args.get("channel", "")))


@bp.post("/deliveries/<int:delivery_id>/retry", endpoint="retry_delivery")
def retry_delivery_view(delivery_id: int):
    """Send a failed message again: back to the queue, due now, attempts counted afresh."""
    delivery = _own_delivery(delivery_id)
    if delivery.status is not DeliveryStatus.FAILED:
        flash(_("ส่งซ้ำได้เฉพาะข้อความที่ส่งไม่สำเร็จ"), "error")
        return _back()
    retry_delivery(delivery)
    db.session.commit()
    flash(_("นำข้อความกลับเข้าคิวแล้ว ระบบจะส่งอีกครั้งในไม่ช้า"), "success")
    return _back()


@bp.post("/deliveries/<int:delivery_id>/cancel", endpoint="cancel_delivery")
def cancel_delivery_view(delivery_id: int):
    """Do not send this message (a post nobody wants any more, a share kit not needed)."""
    delivery = _own_delivery(delivery_id)
    try:
        cancel_delivery(delivery, current_user)
    except PublicationError as exc:
        flash(str(exc), "error")
        return _back()
    db.session.commit()
    flash(_("ยกเลิกการส่งแล้ว"), "success")
    return _back()
