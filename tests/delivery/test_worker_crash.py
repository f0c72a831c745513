"""The worker killed (SIGKILL) in the middle of sending, and a new one started: every message
arrives, and one re-sent after the crash carries the same Message-ID, so readers see one.

Real processes throughout: the SMTP server (slow to confirm, so the kill lands between the
server storing a message and the worker recording it as sent), ``flask worker`` killed with
SIGKILL, and ``flask worker --once`` after the lease has run out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from portal.clock import utcnow
from portal.delivery.worker import LEASE, run_once
from portal.extensions import db
from portal.models import Delivery, DeliveryStatus
from tests.delivery.conftest import SENDER

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 20
WAIT = 60.0


@pytest.fixture
def smtp_handler() -> str:
    return "slow_smtp.SlowToConfirmMailbox"


def worker_environ(app, smtp_port: int) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))}
    environ.update({
        "PORTAL_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PORTAL_SECRET_KEY": "crash-test-secret",
        "PORTAL_BASE_URL": "http://portal.test",
        "PORTAL_ENCRYPTION_KEY": app.config["PORTAL_ENCRYPTION_KEY"],
        "PORTAL_UPLOAD_DIR": app.config["PORTAL_UPLOAD_DIR"],
        "PORTAL_MAIL_SERVER": "127.0.0.1",
        "PORTAL_MAIL_PORT": str(smtp_port),
        "PORTAL_MAIL_SENDER": SENDER,
        # Longer than the server's wait before confirming the first message.
        "PORTAL_MAIL_TIMEOUT": "30",
    })
    return environ


def stored(maildir: Path) -> int:
    """Messages the server has stored (Maildir moves a finished file into ``new``)."""
    new = maildir / "new"
    return len(os.listdir(new)) if new.exists() else 0


def test_a_worker_killed_mid_send_loses_nothing_and_a_resend_is_the_same_message(
        app, queue_email, smtp_server, tmp_path):
    expected = {}
    for i in range(MESSAGES):
        delivery = queue_email(f"reporter{i:02d}@example.org")
        expected[delivery.message_id] = delivery.recipient
    environ = worker_environ(app, smtp_server.port)
    log = tmp_path / "worker.log"

    with log.open("wb") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--poll", "0.1"],
            cwd=ROOT, env=environ, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + WAIT
        while stored(smtp_server.maildir) == 0:
            assert worker.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "the worker sent nothing"
            time.sleep(0.01)
        # The server has stored the first message and holds back its confirmation: the
        # worker is in the middle of sending. Kill it now.
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=10) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)

    before_restart = smtp_server.messages()
    assert 1 <= len(before_restart) < MESSAGES  # killed in the middle of the run
    db.session.expire_all()
    rows = db.session.scalars(select(Delivery)).all()
    unfinished = [row for row in rows if row.status is not DeliveryStatus.SENT]
    assert unfinished
    assert all(row.status is DeliveryStatus.SENDING and row.locked_until > utcnow()
               for row in unfinished)
    # While the dead worker's lease lasts (it might be alive, only slow), nobody takes its rows.
    assert run_once() == 0

    # Time passes beyond the lease.
    db.session.execute(update(Delivery)
                       .where(Delivery.status == DeliveryStatus.SENDING)
                       .values(locked_until=utcnow() - LEASE - timedelta(seconds=1)))
    db.session.commit()
    restarted = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--once"],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)
    assert restarted.returncode == 0, restarted.stderr
    assert restarted.stdout.strip() == f"attempted {len(unfinished)}"

    copies = defaultdict(list)
    for message in smtp_server.messages():
        copies[message["Message-ID"]].append(message)
    assert set(copies) == set(expected)  # every message arrived, under its own Message-ID
    resent = {mid for mid, received in copies.items() if len(received) > 1}
    assert resent, "the crash should have cut off a message the server had already stored"
    for mid, received in copies.items():
        assert {m["X-RcptTo"] for m in received} == {expected[mid]}
        # A resend is the same message: same Message-ID, same subject, same text.
        assert len({(m["Subject"], m.get_body(preferencelist=("plain",)).get_content())
                    for m in received}) == 1
    # What the server stored before the kill is what the dead worker never recorded as sent.
    assert {m["Message-ID"] for m in before_restart} == resent

    db.session.expire_all()
    rows = db.session.scalars(select(Delivery)).all()
    assert len(rows) == MESSAGES
    assert all(row.status is DeliveryStatus.SENT for row in rows)
    assert all(row.locked_until is None and row.last_error == "" for row in rows)
    for mid in resent:
        (row,) = [r for r in rows if r.message_id == mid]
        assert row.attempts == 2
