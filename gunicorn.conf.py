"""Gunicorn settings; gunicorn reads ./gunicorn.conf.py by itself when started from here.

The access log of public routes keeps no client address and no case number
(``portal.access_log``); files the workers create are readable by their owner only; several
workers refuse to start on per-process (memory) rate-limit storage outside the demo.
"""

import os

from portal.config import Settings
from portal.serving import check_limit_storage

logger_class = "portal.access_log.GunicornAccessLogger"
# Uploads and the SQLite database are created 0600 by the portal itself; this covers anything
# else a worker writes (temporary files of large uploads, logs).
os.umask(0o077)


def on_starting(server) -> None:
    # Refuse to start rather than warn: a warning scrolls by, a multiplied limit stays.
    check_limit_storage(server.cfg.workers, Settings.from_env())
