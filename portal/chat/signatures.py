"""Webhook signatures: LINE's ``X-Line-Signature`` and Meta's ``X-Hub-Signature-256``."""

from __future__ import annotations

import base64
import hashlib
import hmac


def line_signature(body: bytes, channel_secret: str) -> str:
    """Base64 of HMAC-SHA256 over the raw body, keyed with the channel secret."""
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def messenger_signature(body: bytes, app_secret: str) -> str:
    """``sha256=`` and the hex HMAC-SHA256 over the raw body, keyed with the app secret."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def valid_line_signature(body: bytes, header: str | None, channel_secret: str | None) -> bool:
    if not header or not channel_secret:
        return False
    return hmac.compare_digest(line_signature(body, channel_secret), header.strip())


def valid_messenger_signature(body: bytes, header: str | None, app_secret: str | None) -> bool:
    if not header or not app_secret:
        return False
    return hmac.compare_digest(messenger_signature(body, app_secret), header.strip())
