"""The worker broadcasting to the fake LINE Messaging API: retry key, 409, 429, 401/403, 400."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.clock import utcnow
from portal.delivery.publication import enqueue_publication
from portal.delivery.worker import run_once
from portal.extensions import db
from portal.models import ChannelAccount, Delivery, DeliveryChannel, DeliveryStatus
from tests.channels.conftest import make_due, payload, reload
from tests.channels.fake_services import Fault


def publish(office, n: int = 1) -> Delivery:
    rows = enqueue_publication(office, "news", n, 1, payload(n, reference=f"#NP2-NEWS-{n}"))
    db.session.commit()
    return next(r for r in rows if r.channel is DeliveryChannel.LINE_BROADCAST)


def test_a_broadcast_carries_text_link_reference_and_the_rows_retry_key(app, office, channels,
                                                                         services):
    row = publish(office)
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.SENT
    (key,) = services.state.broadcasts
    assert key == row.message_id  # fixed per row
    text = services.state.broadcasts[key]["messages"][0]["text"]
    assert "https://portal.test/outcomes/1" in text and text.endswith("#NP2-NEWS-1")
    assert row.remote_id == services.state.broadcasts[key]["request_id"]


@pytest.mark.parametrize("fault", [Fault("slow_after", seconds=2.5), Fault("drop_after"),
                                   Fault("error", status=500, message="Internal error")],
                         ids=["timeout", "dropped", "http500"])
def test_a_resend_after_an_unknown_outcome_is_answered_409_and_counts_as_sent(
        app, office, channels, services, fault):
    services.script("line_broadcast", fault)
    row = publish(office)
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.RETRYING and "LINE" in row.last_error
    make_due()
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.SENT
    if fault.kind == "error":  # the 500 accepted nothing: the resend is the first broadcast
        assert len(services.state.broadcasts) == 1
    else:
        (accepted,) = services.state.broadcasts.values()  # pushed once
        assert row.remote_id == accepted["request_id"]


def test_429_waits_without_spending_attempts(app, office, channels, services):
    services.script("line_broadcast", Fault("error", status=429, message="You have reached "
                                            "your monthly limit.", headers={"Retry-After": "3600"}))
    row = publish(office)
    run_once()
    row = reload(row)
    assert (row.status, row.attempts) == (DeliveryStatus.RETRYING, 0)
    assert timedelta(minutes=59) < row.next_attempt_at - utcnow() <= timedelta(hours=1)


@pytest.mark.parametrize("status", [401, 403])
def test_refused_token_pauses_line(app, office, channels, services, status):
    services.script("line_broadcast", Fault("error", status=status, message="Authentication "
                                            "failed"))
    row = publish(office)
    run_once()
    assert reload(row).status is DeliveryStatus.PAUSED
    account = db.session.get(ChannelAccount, channels["line"].id)
    assert account.paused and account.paused_by_error


def test_400_fails_for_good(app, office, channels, services):
    services.script("line_broadcast", Fault("error", status=400, message="The request body "
                                            "has 1 error(s)"))
    row = publish(office)
    run_once()
    row = reload(row)
    assert row.status is DeliveryStatus.FAILED and "The request body" in row.error_detail
