"""Checks made when a server starts (gunicorn.conf.py calls them), not when the app is built."""

from __future__ import annotations

from portal.config import ConfigError, Settings


def check_limit_storage(workers: int, settings: Settings) -> None:
    """Refuse several worker processes that would each keep rate limits in their own memory.

    Each process would count alone, multiplying every limit (receipts, sign-ins,
    submissions) by the number of workers. The demo runs one process; anything larger sets
    PORTAL_REDIS_URL.
    """
    if workers > 1 and not settings.redis_url and not settings.demo:
        raise ConfigError(
            f"{workers} workers with rate limits in memory: each would count alone. Set "
            "PORTAL_REDIS_URL (shared limits) or run one worker (gunicorn -w 1 --threads N)."
        )
