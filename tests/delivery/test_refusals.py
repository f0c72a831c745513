"""Recipients a real SMTP server refuses: for good (5xx) or for now (4xx, e.g. greylisting)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.clock import utcnow
from portal.delivery.worker import MAX_ATTEMPTS, run_once
from portal.extensions import db
from portal.models import DeliveryStatus


@pytest.fixture
def smtp_handler() -> str:
    return "smtp_handlers.RefusingMailbox"


def test_a_refused_recipient_fails_for_good_and_others_still_go(app, queue_email, smtp_server):
    refused = queue_email("nosuchuser@example.org")
    accepted = queue_email("somsri@example.org")

    assert run_once() == 2

    (message,) = smtp_server.messages()
    assert message["X-RcptTo"] == "somsri@example.org"
    db.session.refresh(refused)
    db.session.refresh(accepted)
    assert accepted.status is DeliveryStatus.SENT
    assert (refused.status, refused.attempts, refused.locked_until) == (
        DeliveryStatus.FAILED, 1, None)
    assert "ปฏิเสธที่อยู่ผู้รับ" in refused.last_error
    assert "550" in refused.last_error and "User unknown" in refused.last_error  # server's words
    assert "nosuchuser" not in refused.last_error  # the address is stored encrypted, errors not
    refused.next_attempt_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert run_once() == 0  # a failed delivery is never picked up again


def test_a_greylisted_recipient_is_retried_later_not_given_up(app, queue_email, smtp_server):
    delivery = queue_email("greylisted@example.org")

    assert run_once() == 1

    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert delivery.next_attempt_at > utcnow()
    assert "451" in delivery.last_error
    assert "greylisted@" not in delivery.last_error
    assert smtp_server.messages() == []


def test_the_last_allowed_attempt_failing_gives_up_and_keeps_the_error(
    app, queue_email, smtp_server
):
    delivery = queue_email("greylisted@example.org")
    delivery.attempts = MAX_ATTEMPTS - 1
    db.session.commit()

    assert run_once() == 1

    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)
    assert "Greylisted" in delivery.last_error
    assert smtp_server.messages() == []
