"""The webhooks: signatures checked on the raw body, each event stored once, answered at once."""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from portal.chat.models import ChatInboundEvent
from portal.extensions import db
from tests.chat.conftest import VERIFY_TOKEN, post_line, post_messenger
from tests.chat.fake_chat import line_event, messenger_item


def stored() -> int:
    return db.session.scalar(select(func.count(ChatInboundEvent.id)))


def test_line_refuses_a_missing_or_wrong_signature_and_logs_no_body(client, chat, caplog):
    secret_text = "ครูตีนักเรียนที่โรงเรียนบ้านสามผง"
    event = line_event("U1", text=secret_text)
    with caplog.at_level(logging.WARNING):
        assert post_line(client, event, signature="").status_code == 401
        assert post_line(client, event, signature="AAAA" * 11).status_code == 401
    assert stored() == 0
    assert "signature" in caplog.text and secret_text not in caplog.text


def test_line_signature_from_another_channel_secret_is_refused(client, chat):
    from tests.chat.fake_chat import line_body, line_signature

    event = line_event("U1", text="สวัสดี")
    forged = line_signature(line_body(event), secret="another-channel-secret")
    assert post_line(client, event, signature=forged).status_code == 401
    assert post_line(client, event, code="XX9").status_code == 401  # no such office


def test_line_events_are_stored_once_even_when_redelivered(client, chat):
    first = line_event("U1", text="สวัสดีค่ะ")
    assert post_line(client, first, line_event("U1", kind="follow")).status_code == 200
    again = {**first, "deliveryContext": {"isRedelivery": True}}
    assert post_line(client, again).status_code == 200
    assert stored() == 2
    row = db.session.scalar(
        select(ChatInboundEvent).where(ChatInboundEvent.event_key == first["webhookEventId"])
    )
    assert row.status == "pending" and not row.redelivered
    assert "สวัสดีค่ะ" in row.payload  # read back decrypted; encrypted in the table


def test_the_event_text_is_encrypted_at_rest(client, chat):
    post_line(client, line_event("U1", text="ข้อความลับมาก"))
    raw = db.session.execute(select(ChatInboundEvent.__table__.c.payload)).scalar()
    raw_text = (
        db.session.connection().exec_driver_sql("SELECT payload FROM chat_inbound_events").scalar()
    )
    assert "ข้อความลับมาก" in raw and "ข้อความลับมาก" not in raw_text


def test_line_console_verify_call_with_no_events_is_accepted(client, chat):
    assert post_line(client).status_code == 200
    assert stored() == 0


def test_messenger_signature_and_dedupe_on_mid(client, chat, caplog):
    item = messenger_item("PSID1", text="สวัสดี")
    assert post_messenger(client, item, signature="sha256=" + "0" * 64).status_code == 401
    assert post_messenger(client, item, signature="").status_code == 401
    assert stored() == 0
    assert post_messenger(client, item).status_code == 200
    assert post_messenger(client, item).status_code == 200  # Meta's redelivery
    assert stored() == 1


def test_messenger_receipts_and_echoes_are_not_stored(client, chat):
    delivery = {
        "sender": {"id": "PSID1"},
        "recipient": {"id": "1"},
        "timestamp": 1,
        "delivery": {"mids": ["m_1"], "watermark": 1},
    }
    echo = {
        "sender": {"id": "1"},
        "recipient": {"id": "PSID1"},
        "timestamp": 1,
        "message": {"mid": "m_echo", "is_echo": True, "text": "ตอบ"},
    }
    assert post_messenger(client, delivery, echo).status_code == 200
    assert stored() == 0


def test_messenger_verify_token_handshake(client, chat):
    ok = client.get(
        "/hooks/messenger/NP2",
        query_string={
            "hub.mode": "subscribe",
            "hub.verify_token": VERIFY_TOKEN,
            "hub.challenge": "1158201444",
        },
    )
    assert ok.status_code == 200 and ok.get_data(as_text=True) == "1158201444"
    wrong = client.get(
        "/hooks/messenger/NP2",
        query_string={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
    )
    assert wrong.status_code == 403
