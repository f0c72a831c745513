"""The demo files one case on each chat channel through the real pipeline, in dry-run.

The demo's chats on an office with the demo's reference data and dry-run channel accounts;
``flask seed-demo`` itself (which runs them among the rest) is tests/test_demo_and_schools.py.
"""

from __future__ import annotations

import random

import sqlalchemy as sa

from portal.chat.models import ChatCase, ChatInboundEvent, ChatOutgoing
from portal.chat.outgoing import send_outgoing
from portal.demo.channels import ensure_demo_channels
from portal.demo.chats import create_demo_chats
from portal.demo.reference import create_office, create_reference_data
from portal.extensions import db
from portal.models import Case, Channel


def test_the_demo_runs_both_chat_channels_in_dry_run(app):
    office = create_office()
    create_reference_data(office, random.Random(2569))
    ensure_demo_channels(office)
    db.session.commit()

    assert create_demo_chats(office) > 0

    chat_cases = db.session.scalars(
        sa.select(Case).join(ChatCase, ChatCase.case_id == Case.id)
    ).all()
    assert sorted(c.channel for c in chat_cases) == sorted([Channel.LINE, Channel.FACEBOOK])
    assert {c.contact.name for c in chat_cases} == {"ตัวอย่าง: แม่น้องฟ้า", "ตัวอย่าง: สมชาย ใจดี"}
    assert set(db.session.scalars(sa.select(ChatInboundEvent.status))) == {"done"}
    # Already recorded as sent in dry-run: an office that connects its real accounts after
    # the demo sends nothing to the sample chat users.
    assert send_outgoing("demo-worker") == 0
    rows = db.session.scalars(sa.select(ChatOutgoing)).all()
    assert rows and {(r.status, r.sent_via) for r in rows} == {("sent", "dry-run")}


def test_the_demo_sends_nothing_through_a_real_account(app):
    office = create_office()
    create_reference_data(office, random.Random(2569))
    ensure_demo_channels(office)
    from portal.channels.settings import channel_account
    from portal.chat.store import ACCOUNT_CHANNEL

    channel_account(office.id, ACCOUNT_CHANNEL["line"]).dry_run = False
    db.session.commit()

    assert create_demo_chats(office) == 0
    assert db.session.scalar(sa.select(sa.func.count(ChatOutgoing.id))) == 0
