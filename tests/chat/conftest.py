"""The fake LINE and Meta chat servers, the office's accounts pointed at them, and helpers
that post signed webhooks through the test client and run the worker's chat processors."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.channels.settings import save_facebook_credentials, save_line_credentials
from portal.chat.inbound import process_inbound
from portal.chat.models import ChatOutgoing
from portal.chat.outgoing import chat_settings, send_outgoing
from portal.clock import utcnow
from portal.extensions import db
from tests.chat.fake_chat import (
    APP_SECRET,
    LINE_SECRET,
    LINE_TOKEN,
    PAGE_ID,
    PAGE_TOKEN,
    FakeChat,
    line_body,
    line_signature,
    messenger_body,
    messenger_signature,
)

VERIFY_TOKEN = "verify-me-0123"


@pytest.fixture
def fake():
    server = FakeChat().start()
    yield server
    server.stop()


@pytest.fixture
def app_config(app_config, fake) -> dict:
    return {
        **app_config,
        "PORTAL_LINE_API_URL": fake.base_url,
        "PORTAL_LINE_DATA_URL": fake.base_url,
        "PORTAL_FACEBOOK_GRAPH_URL": fake.base_url,
        "PORTAL_FACEBOOK_GRAPH_VERSION": "v25.0",
        "PORTAL_CHANNEL_TIMEOUT": 2,
    }


@pytest.fixture
def chat(app, office):
    """Both accounts set up as the fake servers expect, a push quota, a verify token."""
    save_line_credentials(office, LINE_TOKEN, LINE_SECRET)
    save_facebook_credentials(office, PAGE_ID, PAGE_TOKEN, APP_SECRET)
    chat_settings(office.id, "line").push_quota = 100
    chat_settings(office.id, "messenger").verify_token = VERIFY_TOKEN
    db.session.commit()
    return office


def post_line(client, *events, code: str = "NP2", signature: str | None = None):
    body = line_body(*events)
    headers = {"Content-Type": "application/json"}
    headers["X-Line-Signature"] = line_signature(body) if signature is None else signature
    return client.post(f"/hooks/line/{code}", data=body, headers=headers)


def post_messenger(client, *items, code: str = "NP2", signature: str | None = None):
    body = messenger_body(*items)
    headers = {"Content-Type": "application/json"}
    headers["X-Hub-Signature-256"] = messenger_signature(body) if signature is None else signature
    return client.post(f"/hooks/messenger/{code}", data=body, headers=headers)


def run_worker(name: str = "test-worker") -> int:
    """One round of the worker's chat processors: events, then the messages they queued."""
    handled = process_inbound(name)
    handled += send_outgoing(name)
    db.session.expire_all()
    return handled


def make_due() -> None:
    db.session.execute(
        sa.update(ChatOutgoing)
        .where(ChatOutgoing.status == "retrying")
        .values(next_attempt_at=utcnow())
    )
    db.session.commit()
