"""Gunicorn settings; gunicorn reads ./gunicorn.conf.py by itself when started from here.

The access log of public routes keeps no client address and no case number
(``portal.access_log``); files the workers create are readable by their owner only; several
workers refuse to start on per-process (memory) rate-limit storage outside the demo.
"""

import gc
import os

from portal.config import Settings
from portal.serving import check_limit_storage

logger_class = "portal.access_log.GunicornAccessLogger"
# The app is built once, by the master, and each worker is forked with it ready: a worker
# (the first ones, and each one started after a crash or a kill) then serves at once instead
# of importing and building the portal itself (about 2 s of CPU each on a small server), and
# the workers share the built app's memory. Code changes need a restart, not a HUP.
preload_app = True
# Uploads and the SQLite database are created 0600 by the portal itself; this covers anything
# else a worker writes (temporary files of large uploads, logs).
os.umask(0o077)


def on_starting(server) -> None:
    # Refuse to start rather than warn: a warning scrolls by, a multiplied limit stays.
    check_limit_storage(server.cfg.workers, Settings.from_env())


def when_ready(server) -> None:
    # Before the first fork: the Thai word dictionary that nearly every page uses to keep
    # words whole, built once here rather than by each worker on its first page.
    from portal.thai_words import load_dictionary

    load_dictionary()


def pre_fork(server, worker) -> None:
    # Everything built so far lives as long as the process: the collector in each worker
    # skips it, and so leaves the pages shared with the master unwritten.
    gc.freeze()


def post_fork(server, worker) -> None:
    # A worker never uses a connection its master opened (building the app opens none; a
    # hook or an extension could): its pool starts empty, the master's sockets left alone.
    from portal.extensions import db

    with server.app.wsgi().app_context():
        db.engine.dispose(close=False)
