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


def test_publication_rows_show_channel_permalink_thai_error_and_can_be_cancelled(
        client, office, admin):
    from portal.delivery.publication import enqueue_publication

    rows = enqueue_publication(office, "outcome", 4, 1, {
        "title": "ซ่อมรั้วโรงเรียนแล้ว", "text": "ซ่อมแล้ว", "link": "https://portal.test/o/4",
        "reference": "#NP2-2569-000004", "image_url": None})
    kit = rows[0]
    db.session.add(Delivery(office_id=office.id, channel=DeliveryChannel.FACEBOOK_PAGE,
                            purpose="publish_outcome", recipient="", subject="ข่าวเก่า",
                            message_id="fb-1", status=DeliveryStatus.SENT,
                            permalink="https://www.facebook.com/1/posts/2", subject_kind="news",
                            subject_id=1, version=1, payload="{}"))
    db.session.add(Delivery(office_id=office.id, channel=DeliveryChannel.LINE_BROADCAST,
                            purpose="publish_news", recipient="", subject="ข่าว",
                            message_id="line-1", status=DeliveryStatus.FAILED, attempts=7,
                            last_error="LINE ปฏิเสธข้อความนี้", error_detail='{"http": 400}',
                            subject_kind="news", subject_id=1, version=1, payload="{}"))
    db.session.commit()
    html = client.get("/admin/deliveries").get_data(as_text=True)
    assert "เพจ Facebook" in html and "https://www.facebook.com/1/posts/2" in html
    assert "LINE ปฏิเสธข้อความนี้" in html and "#NP2-2569-000004" in html
    assert "รอแชร์ด้วยตนเอง" in html
    token = csrf_token(client, "/admin/holidays")
    client.post(f"/admin/deliveries/{kit.id}/cancel", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Delivery, kit.id).status is DeliveryStatus.CANCELLED
    only_line = client.get("/admin/deliveries?channel=line_broadcast").get_data(as_text=True)
    assert "ข่าวเก่า" not in only_line and "LINE ปฏิเสธข้อความนี้" in only_line
