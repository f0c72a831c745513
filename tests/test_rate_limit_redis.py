"""Rate limits kept in Redis when PORTAL_REDIS_URL is set, shared by every web process."""

from __future__ import annotations

import pytest
import redis

from portal import create_app
from portal.extensions import limiter
from tests.conftest import base_config
from tests.helpers import post_form, valid_case

REDIS_URL = "redis://127.0.0.1:6379/15"
PREFIX = "sujarit-test"  # Flask-Limiter keeps the first prefix it is given for the process


def _clear() -> None:
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.keys(f"*{PREFIX}*"):
        store.delete(key)


@pytest.fixture
def app_config(backend, tmp_path):
    return base_config(backend["url"], tmp_path / "uploads",
                       RATELIMIT_STORAGE_URI=REDIS_URL,
                       RATELIMIT_KEY_PREFIX=PREFIX,
                       PORTAL_RATE_LIMIT_SUBMIT="2 per hour")


def test_submission_limit_is_counted_in_redis(app, client, office, app_config):
    _clear()
    statuses = [post_form(client, "/submit", valid_case()).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    keys = redis.Redis.from_url(REDIS_URL).keys(f"*{PREFIX}*")
    assert keys, "no rate-limit counters were written to Redis"
    # A second web process (another app on the same Redis) sees the same count.
    other = create_app(app_config)
    other.test_client_class = type(client)
    with other.app_context():
        assert post_form(other.test_client(), "/submit", valid_case()).status_code == 429
    limiter.reset()
    _clear()
