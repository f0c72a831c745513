"""Demo chat conversations on LINE and Messenger, run through the real intake pipeline.

Each message is a webhook event as LINE or Meta would post it, signed with the demo's
(sample) channel secret and checked like a real one, stored once and processed by the
chat processor; the answers go to the outbox and, the accounts being in dry-run, are recorded
as sent without calling LINE or Meta. Display names are labelled sample names.
"""

from __future__ import annotations

import json
import time
import uuid

from sqlalchemy import update

from portal.channels.settings import channel_account
from portal.chat.events import read_line, read_messenger, split_line, split_messenger
from portal.chat.inbound import chat_user, handle
from portal.chat.models import ChatInboundEvent
from portal.chat.outgoing import chat_settings, send_outgoing
from portal.chat.signatures import (
    line_signature,
    messenger_signature,
    valid_line_signature,
    valid_messenger_signature,
)
from portal.chat.store import ACCOUNT_CHANNEL, store_events
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Office

DEMO_SECRET = "demo-chat-secret-not-real"  # noqa: S105 (ตัวอย่าง: dry-run calls nobody)
LINE_SCRIPT = (
    "แจ้งเรื่อง",
    "type:complaint",
    "school:none",
    "ไฟฟ้าในห้องเรียนชั้น ป.4 ดับบ่อย พัดลมใช้ไม่ได้ช่วงบ่าย (ตัวอย่าง)",
    "photos:done",
    "confirm:yes",
)
MESSENGER_SCRIPT = (
    "สวัสดีค่ะ",
    "คุยกับเจ้าหน้าที่",
    "ขอทราบกำหนดการรับสมัครนักเรียนชั้นอนุบาล 2 ปีการศึกษาหน้า (ตัวอย่าง)",
)


def create_demo_chats(office: Office) -> int:
    """File one case on each channel through a short chat; returns the events processed."""
    for platform in ("line", "messenger"):
        account = channel_account(office.id, ACCOUNT_CHANNEL[platform])
        if account is None or not account.dry_run:
            return 0  # a real account: the demo sends nothing through it
        account.secret = account.secret or DEMO_SECRET
    chat_settings(office.id, "messenger").verify_token = "demo-verify-token"  # noqa: S105
    line_user = chat_user(office, None, "line", "U" + uuid.uuid5(uuid.NAMESPACE_URL, "l").hex)
    line_user.display_name = "ตัวอย่าง: แม่น้องฟ้า"
    fb_user = chat_user(office, None, "messenger", "7" * 16)
    fb_user.display_name = "ตัวอย่าง: สมชาย ใจดี"
    done = 0
    for text in LINE_SCRIPT:
        done += _deliver(office, "line", line_user.user_id, text)
    for text in MESSENGER_SCRIPT:
        done += _deliver(office, "messenger", fb_user.user_id, text)
    # The answers are recorded as sent now, while the accounts are in dry-run: an office that
    # later connects its real accounts sends nothing to these sample chat users.
    db.session.commit()
    send_outgoing("demo")
    return done


def _deliver(office: Office, platform: str, user_id: str, text: str) -> int:
    """Sign, verify, store and process one event, as the webhook and the worker would."""
    account = channel_account(office.id, ACCOUNT_CHANNEL[platform])
    now = int(time.time() * 1000)
    if platform == "line":
        kind = (
            {"type": "postback", "postback": {"data": text}}
            if ":" in text
            else {
                "type": "message",
                "message": {"type": "text", "id": uuid.uuid4().hex, "text": text},
            }
        )
        body = json.dumps(
            {
                "destination": "Udemo",
                "events": [
                    {
                        "webhookEventId": uuid.uuid4().hex,
                        "deliveryContext": {"isRedelivery": False},
                        "timestamp": now,
                        "mode": "active",
                        "source": {"type": "user", "userId": user_id},
                        **kind,
                    }
                ],
            },
            ensure_ascii=False,
        ).encode()
        assert valid_line_signature(body, line_signature(body, account.secret), account.secret)
        events = split_line(json.loads(body))
    else:
        body = json.dumps(
            {
                "object": "page",
                "entry": [
                    {
                        "id": "demo",
                        "time": now,
                        "messaging": [
                            {
                                "sender": {"id": user_id},
                                "recipient": {"id": "demo"},
                                "timestamp": now,
                                "message": {"mid": "m_" + uuid.uuid4().hex, "text": text},
                            }
                        ],
                    }
                ],
            },
            ensure_ascii=False,
        ).encode()
        assert valid_messenger_signature(
            body, messenger_signature(body, account.secret), account.secret
        )
        events = split_messenger(json.loads(body))
    store_events(office.id, platform, events)
    reader = read_line if platform == "line" else read_messenger
    for event in events:
        handle(office.id, reader(json.loads(event.payload)))
    db.session.execute(
        update(ChatInboundEvent)
        .where(
            ChatInboundEvent.office_id == office.id,
            ChatInboundEvent.platform == platform,
            ChatInboundEvent.event_key.in_([e.key for e in events]),
        )
        .values(status="done", processed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return len(events)
