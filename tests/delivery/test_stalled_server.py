"""A mail server that accepts the connection and then says nothing must not hang the worker."""

from __future__ import annotations

import socket
import threading

import pytest

from portal.delivery.worker import run_once
from portal.extensions import db
from portal.models import DeliveryStatus


@pytest.fixture
def stalled_port():
    # The kernel completes the handshake for a listening socket; nobody ever sends a greeting.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.fixture
def app_config(app_config, stalled_port) -> dict:
    return {**app_config, "MAIL_PORT": stalled_port, "PORTAL_MAIL_TIMEOUT": 1}


def test_a_silent_mail_server_times_out_and_the_email_waits(app, queue_email):
    delivery = queue_email()
    finished = threading.Event()

    def work() -> None:
        with app.app_context():
            run_once()
        finished.set()

    # In a thread, so that a hanging worker fails this test instead of blocking the run.
    threading.Thread(target=work, daemon=True).start()
    assert finished.wait(timeout=10), "the worker hung on a server that never answers"

    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert "ไม่ตอบสนองภายในเวลาที่กำหนด" in delivery.last_error
    assert socket.getdefaulttimeout() is None  # the timeout is not left on for everyone else
