"""Rendered board pages and feeds, kept until the board changes: in Redis when it is set
(shared by every app host), else per process.

The board is read far more often than it changes. A page is kept under its office, language,
address and the office's latest change (an approval or a withdrawal, one index lookup), so a
withdrawn item is off every page at the next request; entries also expire after a few
minutes, for the names of schools and districts the pages show. Pages carrying a flashed
message are never kept: they belong to one visitor.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime

from flask import current_app, session
from redis.exceptions import RedisError
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Office, Publication

MAX_PAGES = 256
MAX_AGE_SECONDS = 300

_lock = threading.Lock()


def _store() -> OrderedDict[Hashable, tuple[float, object]]:
    """This application's store: each app (each test) has its own."""
    store = current_app.extensions.get("board_cache")
    if store is None:
        with _lock:
            store = current_app.extensions.setdefault("board_cache", OrderedDict())
    return store


def board_stamp(office: Office) -> datetime | None:
    """When the office's board last changed."""
    return db.session.scalar(select(func.max(Publication.updated_at))
                             .where(Publication.office_id == office.id))


def cached(key: Hashable, render: Callable[[], str]) -> str:
    """The page kept under ``key``, else ``render()`` (kept unless it carries a flash).

    With Redis configured (several app hosts), pages are kept there, shared by every host;
    a Redis that does not answer costs a rendering, never the page.
    """
    if "_flashes" in session:
        return render()
    store = _redis()
    if store is None:
        return remembered(key, render, MAX_AGE_SECONDS)
    name = _redis_key(key)
    try:
        hit = store.get(name)
    except RedisError:
        current_app.logger.warning("board cache: Redis unavailable, rendering")
        return render()
    if hit is not None:
        return hit.decode()
    page = render()
    with contextlib.suppress(RedisError):  # kept next time, then
        store.set(name, page.encode(), ex=MAX_AGE_SECONDS)
    return page


def _redis():
    """The shared Redis client when PORTAL_REDIS_URL is set, else None (memory per process)."""
    url = current_app.config.get("RATELIMIT_STORAGE_URI", "")
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    client = current_app.extensions.get("board_cache_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        current_app.extensions["board_cache_redis"] = client
    return client


def _redis_key(key: Hashable) -> str:
    namespace = current_app.config.get("PORTAL_CACHE_NAMESPACE", "sujarit")
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    return f"{namespace}:board:{digest}"


def remembered(key: Hashable, make: Callable[[], object], seconds: float):
    """``make()``'s value, kept under ``key`` for ``seconds`` (and while there is room)."""
    store, now = _store(), time.monotonic()
    with _lock:
        hit = store.get(key)
        if hit is not None and hit[0] > now:
            store.move_to_end(key)
            return hit[1]
    value = make()
    with _lock:
        store[key] = (now + seconds, value)
        store.move_to_end(key)
        while len(store) > MAX_PAGES:
            store.popitem(last=False)
    return value
