"""The demo files one case on each chat channel through the real pipeline, in dry-run."""

from __future__ import annotations

import sqlalchemy as sa

from portal.chat.models import ChatCase, ChatInboundEvent, ChatOutgoing
from portal.chat.outgoing import send_outgoing
from portal.extensions import db
from portal.models import Case, Channel


def test_seed_demo_runs_both_chat_channels_in_dry_run(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--cases", "20"])
    assert result.exit_code == 0, result.output
    chat_cases = db.session.scalars(
        sa.select(Case).join(ChatCase, ChatCase.case_id == Case.id)
    ).all()
    assert sorted(c.channel for c in chat_cases) == sorted([Channel.LINE, Channel.FACEBOOK])
    assert {c.contact.name for c in chat_cases} == {"ตัวอย่าง: แม่น้องฟ้า", "ตัวอย่าง: สมชาย ใจดี"}
    assert set(db.session.scalars(sa.select(ChatInboundEvent.status))) == {"done"}
    assert send_outgoing("demo-worker") > 0
    db.session.expire_all()
    rows = db.session.scalars(sa.select(ChatOutgoing)).all()
    assert rows and {(r.status, r.sent_via) for r in rows} == {("sent", "dry-run")}
