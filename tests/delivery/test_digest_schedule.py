"""The worker queues the daily digests itself, once a day, from the configured hour."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from portal.delivery.worker import queue_digest_if_due
from portal.extensions import db
from portal.models import Delivery


def test_digests_wait_for_the_hour_and_run_once_a_day(app, office, monkeypatch):
    calls = []
    monkeypatch.setattr("portal.delivery.digest.send_daily_digests",
                        lambda day: calls.append(day))
    app.config["PORTAL_DIGEST_HOUR"] = 7
    # 23:30 UTC is 06:30 the next morning in Bangkok: too early.
    assert queue_digest_if_due(None, datetime(2026, 11, 23, 23, 30)) is None
    assert calls == []
    done = queue_digest_if_due(None, datetime(2026, 11, 24, 0, 5))  # 07:05 in Bangkok
    assert done == date(2026, 11, 24) and calls == [date(2026, 11, 24)]
    assert queue_digest_if_due(done, datetime(2026, 11, 24, 9, 0)) == done
    assert calls == [date(2026, 11, 24)]  # not twice the same day
    app.config["PORTAL_DIGEST_HOUR"] = -1
    assert queue_digest_if_due(None, datetime(2026, 11, 25, 3, 0)) is None
    assert len(calls) == 1


def test_a_real_run_with_nothing_due_queues_nothing(app, office):
    app.config["PORTAL_DIGEST_HOUR"] = 0
    assert queue_digest_if_due(None, datetime(2026, 11, 24, 3, 0)) == date(2026, 11, 24)
    assert db.session.scalar(sa.select(sa.func.count(Delivery.id))) == 0
