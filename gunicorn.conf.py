"""Gunicorn reads this file from the working directory: ``gunicorn wsgi:app``."""

from portal.config import Settings
from portal.serving import check_limit_storage


def on_starting(server) -> None:
    # Refuse to start rather than warn: a warning scrolls by, a multiplied limit stays.
    check_limit_storage(server.cfg.workers, Settings.from_env())
