"""Gunicorn settings; gunicorn reads ./gunicorn.conf.py by itself when started from here.

The access log of public routes keeps no client address and no case number
(``portal.access_log``); files the workers create are readable by their owner only.
"""

import os

logger_class = "portal.access_log.GunicornAccessLogger"
# Uploads and the SQLite database are created 0600 by the portal itself; this covers anything
# else a worker writes (temporary files of large uploads, logs).
os.umask(0o077)
