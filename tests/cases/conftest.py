"""Fixtures for workflow tests: the office's staff and a clock the test can move."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal import clock
from portal.extensions import db
from tests.cases.factories import Staff, make_staff


@pytest.fixture(autouse=True)
def request_context(request):
    """Services run inside requests, where refusals are translated for the visitor.

    Tests without the ``app`` fixture (pure functions) need no database at all.
    """
    if "app" not in request.fixturenames:
        yield
        return
    with request.getfixturevalue("app").test_request_context():
        yield


@pytest.fixture
def staff(office) -> Staff:
    people = make_staff(office)
    db.session.commit()
    return people


class FrozenClock:
    """``portal.clock.utcnow`` (and intake's copy of it) answer ``now`` until moved."""

    def __init__(self, monkeypatch, start: datetime) -> None:
        self.now = start
        for target in ("portal.clock.utcnow", "portal.cases.submit.utcnow"):
            monkeypatch.setattr(target, lambda: self.now)

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def frozen(monkeypatch) -> FrozenClock:
    return FrozenClock(monkeypatch, clock.utcnow().replace(microsecond=0))
