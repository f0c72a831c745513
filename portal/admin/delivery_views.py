"""The outbox as the administrator sees it: what was sent, what waits, what failed and why."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.admin import bp
from portal.admin.scope import admin_office
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Delivery, DeliveryStatus

PAGE_SIZE = 100


def mask_address(address: str) -> str:
    """``so****@example.com``: enough to tell messages apart, not to read them off a screen."""
    local, _at, domain = address.partition("@")
    return f"{local[:2]}{'*' * max(len(local) - 2, 1)}@{domain}" if domain else "***"


@bp.get("/deliveries")
def deliveries():
    office = admin_office()
    status = request.args.get("status", "")
    query = select(Delivery).where(Delivery.office_id == office.id)
    if status in {s.value for s in DeliveryStatus}:
        query = query.where(Delivery.status == DeliveryStatus(status))
    rows = db.session.scalars(query.order_by(Delivery.id.desc()).limit(PAGE_SIZE)).all()
    counts = dict(db.session.execute(
        select(Delivery.status, func.count()).where(Delivery.office_id == office.id)
        .group_by(Delivery.status)).all())
    return render_template("admin/deliveries.html", rows=rows, counts=counts, status=status,
                           statuses=list(DeliveryStatus), mask=mask_address)


@bp.post("/deliveries/<int:delivery_id>/retry")
def retry_delivery(delivery_id: int):
    """Send a failed message again: back to the queue, due now, attempts counted afresh."""
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None or delivery.office_id != admin_office().id:
        abort(404)
    if delivery.status is not DeliveryStatus.FAILED:
        flash(_("ส่งซ้ำได้เฉพาะข้อความที่ส่งไม่สำเร็จ"), "error")
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = utcnow()
        db.session.commit()
        flash(_("นำข้อความกลับเข้าคิวแล้ว ระบบจะส่งอีกครั้งในไม่ช้า"), "success")
    return redirect(url_for("admin.deliveries", status=request.args.get("status", "")))
