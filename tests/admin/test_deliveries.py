"""The delivery outbox page: states, errors, masked recipients, sending a failed one again."""

from __future__ import annotations

import itertools

import sqlalchemy as sa

from portal.admin.delivery_views import mask_address
from portal.extensions import db
from portal.models import Delivery, DeliveryChannel, DeliveryStatus
from tests.helpers import csrf_token

_serial = itertools.count(1)


def make_delivery(office, status: DeliveryStatus, error: str = "") -> Delivery:
    delivery = Delivery(office_id=office.id, channel=DeliveryChannel.EMAIL, purpose="case_received",
                        recipient="somchai@example.com", subject="ได้รับเรื่องของท่านแล้ว",
                        message_id=f"<{next(_serial)}@test>", status=status,
                        attempts=12 if status is DeliveryStatus.FAILED else 1, last_error=error)
    db.session.add(delivery)
    db.session.commit()
    return delivery


def test_page_lists_states_and_thai_errors_with_masked_recipients(client, office, admin,
                                                                  other_office):
    make_delivery(office, DeliveryStatus.SENT)
    make_delivery(office, DeliveryStatus.FAILED, "เชื่อมต่อเซิร์ฟเวอร์อีเมลไม่ได้ (ConnectionRefusedError)")
    make_delivery(other_office, DeliveryStatus.FAILED, "ของสำนักงานอื่น")
    html = client.get("/admin/deliveries").get_data(as_text=True)
    assert "เชื่อมต่อเซิร์ฟเวอร์อีเมลไม่ได้" in html and "ของสำนักงานอื่น" not in html
    assert "so*****@example.com" in html and "somchai@example.com" not in html
    failed_only = client.get("/admin/deliveries?status=failed").get_data(as_text=True)
    assert "ส่งซ้ำ</button>" in failed_only


def test_a_failed_message_goes_back_to_the_queue(client, office, admin):
    failed = make_delivery(office, DeliveryStatus.FAILED, "เซิร์ฟเวอร์อีเมลไม่ตอบสนอง")
    sent = make_delivery(office, DeliveryStatus.SENT)
    token = csrf_token(client, "/admin/holidays")
    assert client.post(f"/admin/deliveries/{failed.id}/retry",
                       data={"csrf_token": token}).status_code == 302
    refused = client.post(f"/admin/deliveries/{sent.id}/retry", data={"csrf_token": token},
                          follow_redirects=True)
    assert "ส่งซ้ำได้เฉพาะข้อความที่ส่งไม่สำเร็จ" in refused.get_data(as_text=True)
    db.session.expire_all()
    statuses = dict(db.session.execute(sa.select(Delivery.id, Delivery.status)).all())
    assert statuses[failed.id] is DeliveryStatus.PENDING
    assert db.session.get(Delivery, failed.id).attempts == 0
    assert statuses[sent.id] is DeliveryStatus.SENT


def test_another_offices_message_cannot_be_retried(client, office, admin, other_office):
    theirs = make_delivery(other_office, DeliveryStatus.FAILED, "x")
    token = csrf_token(client, "/admin/holidays")
    assert client.post(f"/admin/deliveries/{theirs.id}/retry",
                       data={"csrf_token": token}).status_code == 404


def test_mask_address():
    assert mask_address("ab@example.com") == "ab*@example.com"
    assert mask_address("somchai@example.com") == "so*****@example.com"
    assert mask_address("broken") == "***"
