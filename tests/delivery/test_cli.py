"""``flask worker --once`` as an operator or a cron job runs it: another process, same database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from portal.extensions import db
from portal.models import DeliveryStatus
from tests.delivery.conftest import SENDER

ROOT = Path(__file__).resolve().parents[2]


def test_worker_command_sends_what_is_due_and_exits(app, queue_email, smtp_server):
    delivery = queue_email("somsri@example.org")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "FLASK_"))}
    environ.update({
        "PORTAL_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "PORTAL_SECRET_KEY": "worker-test-secret",
        "PORTAL_BASE_URL": "http://portal.test",
        "PORTAL_ENCRYPTION_KEY": app.config["PORTAL_ENCRYPTION_KEY"],  # to read the recipient
        "PORTAL_UPLOAD_DIR": app.config["PORTAL_UPLOAD_DIR"],
        "PORTAL_MAIL_SERVER": "127.0.0.1",
        "PORTAL_MAIL_PORT": str(smtp_server.port),
        "PORTAL_MAIL_SENDER": SENDER,
    })

    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--once"],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "attempted 1"
    (message,) = smtp_server.messages()
    assert message["X-RcptTo"] == "somsri@example.org"
    assert message["Message-ID"] == delivery.message_id
    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.SENT
