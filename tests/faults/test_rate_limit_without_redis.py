"""Rate limits with Redis out of reach: kept per process in memory, never a 500."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.extensions import db, limiter
from tests.conftest import IsolatedClient, _empty_tables, base_config
from tests.helpers import post_form, valid_case


@pytest.fixture
def app(backend, tmp_path):
    # Redis on a port where nothing listens, as while the server is stopped; the suite's
    # ``app`` fixture would reset the counters in Redis first.
    app = create_app(
        base_config(
            backend["url"],
            tmp_path / "uploads",
            RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
            PORTAL_RATE_LIMIT_SUBMIT="2 per hour",
        )
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()
    limiter._storage_dead = False  # the limiter is one object for every app of the process


def test_redis_down_keeps_limits_per_process_and_never_answers_500(app, client, office):
    statuses = [post_form(client, "/submit", valid_case()).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
