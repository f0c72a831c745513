"""One pooled HTTP client per worker process (re-made after a fork), with the channel timeout."""

from __future__ import annotations

import os

import httpx
from flask import current_app

_clients: dict[tuple[int, float], httpx.Client] = {}


def http_client() -> httpx.Client:
    """Keep-alive connections make a busy outbox cheap; a forked child gets its own pool."""
    timeout = float(current_app.config.get("PORTAL_CHANNEL_TIMEOUT", 15))
    key = (os.getpid(), timeout)
    client = _clients.get(key)
    if client is None:
        client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False,
                              headers={"User-Agent": "Sujarit outbox"})
        _clients[key] = client
    return client
