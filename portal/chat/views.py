"""The webhooks LINE and Meta call: verify the signature, store the events, answer 200.

Nothing else happens here: LINE and Meta redeliver when an answer is slow, so the worker
does the conversation, the case and the replies. A bad signature is answered 401 and logged
without the body (it may be anyone's text).
"""

from __future__ import annotations

import hmac
import json

from flask import abort, current_app, request
from sqlalchemy import select

from portal.chat import bp
from portal.chat.events import split_line, split_messenger
from portal.chat.models import ChatChannelSettings
from portal.chat.signatures import valid_line_signature, valid_messenger_signature
from portal.chat.store import store_events, webhook_account
from portal.extensions import db
from portal.models import Office

PLAIN = {"Content-Type": "text/plain; charset=utf-8"}


@bp.post("/hooks/line/<office_code>")
def line_webhook(office_code: str):
    body = request.get_data(cache=False)
    account = webhook_account(office_code, "line")
    if account is None or not valid_line_signature(
        body, request.headers.get("X-Line-Signature"), account.secret
    ):
        return _refused("line", office_code, body)
    store_events(account.office_id, "line", split_line(_json(body)))
    db.session.commit()
    return "", 200, PLAIN


@bp.post("/hooks/messenger/<office_code>")
def messenger_webhook(office_code: str):
    body = request.get_data(cache=False)
    account = webhook_account(office_code, "messenger")
    if account is None or not valid_messenger_signature(
        body, request.headers.get("X-Hub-Signature-256"), account.secret
    ):
        return _refused("messenger", office_code, body)
    store_events(account.office_id, "messenger", split_messenger(_json(body)))
    db.session.commit()
    return "EVENT_RECEIVED", 200, PLAIN


@bp.get("/hooks/messenger/<office_code>")
def messenger_handshake(office_code: str):
    """Meta's subscription check: echo ``hub.challenge`` when the verify token matches."""
    args = request.args
    expected = db.session.scalar(
        select(ChatChannelSettings.verify_token)
        .join(Office, Office.id == ChatChannelSettings.office_id)
        .where(Office.code == office_code, ChatChannelSettings.platform == "messenger")
    )
    given = args.get("hub.verify_token", "")
    if (
        args.get("hub.mode") != "subscribe"
        or not expected
        or not hmac.compare_digest(expected.encode(), given.encode())
    ):
        current_app.logger.warning("messenger webhook %s: verify token refused", office_code)
        return "", 403, PLAIN
    return args.get("hub.challenge", ""), 200, PLAIN


def _refused(platform: str, office_code: str, body: bytes):
    current_app.logger.warning(
        "%s webhook %s: missing or wrong signature (%d bytes from %s)",
        platform,
        office_code,
        len(body),
        request.remote_addr,
    )
    return "", 401, PLAIN


def _json(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except ValueError:
        abort(400)
    if not isinstance(data, dict):
        abort(400)
    return data
