"""With Redis set, the board's rendered pages are shared by every app host; without an
answering Redis the page is still served."""

from __future__ import annotations

import uuid

import pytest
import redis

from portal import create_app
from tests.conftest import IsolatedClient, base_config

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def namespace():
    name = f"sujarit-test-{uuid.uuid4().hex[:8]}"
    yield name
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.keys(f"{name}:*"):
        store.delete(key)


@pytest.fixture
def app_config(backend, tmp_path, namespace):
    return base_config(
        backend["url"],
        tmp_path / "uploads",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        PORTAL_CACHE_NAMESPACE=namespace,
    )


def test_two_hosts_share_the_board_pages(app, client, office, app_config, namespace):
    first = client.get("/outcomes")
    assert first.status_code == 200
    store = redis.Redis.from_url(REDIS_URL)
    (key,) = store.keys(f"{namespace}:board:*")
    # The second host answers from Redis: a page marked there is what it serves.
    store.set(key, store.get(key).replace(b"</main>", b"<p>kept-in-redis</p></main>"), ex=60)
    other = create_app(app_config)
    other.test_client_class = IsolatedClient
    with other.app_context():
        served = other.test_client().get("/outcomes").get_data(as_text=True)
    assert "kept-in-redis" in served


def test_a_silent_redis_costs_a_rendering_not_the_page(app, client, office):
    app.config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:1/0"  # nothing listens
    app.extensions.pop("board_cache_redis", None)
    app.config["RATELIMIT_ENABLED"] = False
    response = client.get("/outcomes")
    assert response.status_code == 200 and office.name_th in response.get_data(as_text=True)
