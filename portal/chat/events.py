"""Webhook bodies split into storable events, and a stored event read back as one message.

LINE sends ``{"destination", "events": [...]}``, each event with its ``webhookEventId``;
Messenger sends ``{"object": "page", "entry": [{"messaging": [...]}]}``, each message or
postback with its ``mid``. Delivery and read receipts and the Page's own echoes are dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from portal.chat.models import ChatInboundEvent


@dataclass
class StorableEvent:
    key: str
    payload: str
    redelivered: bool = False


@dataclass
class Incoming:
    """What one stored event says, the same for both platforms."""

    platform: str
    kind: str  # text, choice, image, sticker, audio, video, location, file, follow, unfollow
    user_id: str
    source: str = "user"  # or "group", "room"
    group_id: str = ""
    text: str = ""  # typed text, or a quick reply's / postback's payload
    media_ref: str = ""  # LINE message id, or Messenger attachment URL
    reply_token: str = ""
    sent_at: datetime | None = None
    extra: dict = field(default_factory=dict)


def split_line(body: dict) -> list[StorableEvent]:
    found = []
    for event in body.get("events") or []:
        key = str(event.get("webhookEventId") or "")
        if not key:
            continue
        redelivered = bool((event.get("deliveryContext") or {}).get("isRedelivery"))
        found.append(StorableEvent(key[:120], _dumps(event), redelivered))
    return found


def split_messenger(body: dict) -> list[StorableEvent]:
    found = []
    if body.get("object") != "page":
        return found
    for entry in body.get("entry") or []:
        for item in entry.get("messaging") or []:
            message = item.get("message") or {}
            if message.get("is_echo"):
                continue
            mid = message.get("mid") or (item.get("postback") or {}).get("mid")
            if not mid:
                continue  # delivery and read receipts, reactions: nothing to process
            found.append(StorableEvent(str(mid)[:120], _dumps(item)))
    return found


def _dumps(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _when(milliseconds) -> datetime | None:
    if not isinstance(milliseconds, int | float):
        return None
    return datetime.fromtimestamp(milliseconds / 1000, UTC).replace(tzinfo=None)


def read_event(row: ChatInboundEvent) -> Incoming:
    data = json.loads(row.payload)
    return read_line(data) if row.platform == "line" else read_messenger(data)


LINE_KINDS = {
    "image": "image",
    "sticker": "sticker",
    "audio": "audio",
    "video": "video",
    "location": "location",
    "file": "file",
}


def read_line(event: dict) -> Incoming:
    source = event.get("source") or {}
    incoming = Incoming(
        platform="line",
        kind="other",
        user_id=str(source.get("userId") or ""),
        source=str(source.get("type") or "user"),
        group_id=str(source.get("groupId") or source.get("roomId") or ""),
        reply_token=str(event.get("replyToken") or ""),
        sent_at=_when(event.get("timestamp")),
    )
    kind = event.get("type")
    if kind in ("follow", "unfollow", "join"):
        incoming.kind = kind
    elif kind == "postback":
        incoming.kind, incoming.text = "choice", str((event.get("postback") or {}).get("data"))
    elif kind == "message":
        message = event.get("message") or {}
        if message.get("type") == "text":
            incoming.kind, incoming.text = "text", str(message.get("text") or "")
        else:
            incoming.kind = LINE_KINDS.get(message.get("type"), "other")
            incoming.media_ref = str(message.get("id") or "")
    return incoming


MESSENGER_KINDS = {
    "image": "image",
    "audio": "audio",
    "video": "video",
    "file": "file",
    "location": "location",
    "fallback": "other",
}


def read_messenger(item: dict) -> Incoming:
    incoming = Incoming(
        platform="messenger",
        kind="other",
        user_id=str((item.get("sender") or {}).get("id") or ""),
        sent_at=_when(item.get("timestamp")),
    )
    if "postback" in item:
        incoming.kind, incoming.text = "choice", str(item["postback"].get("payload") or "")
        return incoming
    message = item.get("message") or {}
    if message.get("quick_reply"):
        incoming.kind, incoming.text = "choice", str(message["quick_reply"].get("payload"))
    elif message.get("sticker_id"):
        incoming.kind = "sticker"
    elif message.get("attachments"):
        first = message["attachments"][0]
        incoming.kind = MESSENGER_KINDS.get(first.get("type"), "other")
        incoming.media_ref = str((first.get("payload") or {}).get("url") or "")
    elif "text" in message:
        incoming.kind, incoming.text = "text", str(message.get("text") or "")
    return incoming
