"""Access logs that cannot link a person to a case.

A web server's access log joins the client's address, its browser and the path, and tracking
paths carry the case number (``/track/NP2-2569-000123``): together they say who follows which
corruption report. So for public routes (everything outside ``/staff`` and ``/admin``) the log
keeps no client address, browser, referrer, request headers or query string, and a case
number in a path or a redirect's Location becomes ``<case>``. Staff routes keep the address
(sign-ins are an account's business) but lose case numbers too, in the path and the query:
the log says who looked, the audit trail (not the log) what they looked at.
``PORTAL_LOG_CLIENT_ADDRESSES=true`` brings addresses back on public routes for an abuse
investigation; case numbers stay out even then.

Two servers are covered: gunicorn (``logger_class`` in ``gunicorn.conf.py``) and the Werkzeug
development server (a filter on its logger); Flask-Limiter's "exceeded" line loses its key
(the address) the same way.
"""

from __future__ import annotations

import logging
import re

from flask import Flask
from gunicorn import glogging

from portal.config import Settings

STAFF_PREFIXES = ("/staff", "/admin")
CASE_PLACEHOLDER = "<case>"
# An office code, the Buddhist-era year and the sequence, as people and QR codes write it.
CASE_NUMBER = re.compile(r"[A-Za-z0-9]{1,16}(?:-|%2D|\s|\+)*\d{4}(?:-|%2D|\s|\+)*\d{3,}",
                         re.IGNORECASE)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WERKZEUG_PREFIX = re.compile(r"^\S+ - - ")


def is_public(path: str) -> bool:
    return not any(path == p or path.startswith(p + "/") for p in STAFF_PREFIXES)


def scrub_path(path: str) -> str:
    """``path`` without a case number: ``/track/NP2-2569-000123/files/4`` → ``/track/<case>/…``."""
    parts = path.split("/")
    if len(parts) > 2 and parts[1] == "track" and parts[2] not in ("", "signout"):
        parts[2] = CASE_PLACEHOLDER
    return CASE_NUMBER.sub(CASE_PLACEHOLDER, "/".join(parts))


def scrub_text(text: str) -> str:
    return CASE_NUMBER.sub(CASE_PLACEHOLDER, text)


def log_client_addresses() -> bool:
    return Settings.from_env().log_client_addresses


class GunicornAccessLogger(glogging.Logger):
    """Gunicorn's logger with public requests' atoms reduced to what links no one to a case."""

    def __init__(self, cfg) -> None:
        super().__init__(cfg)
        self.keep_addresses = log_client_addresses()

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = environ.get("PATH_INFO") or ""
        if not is_public(path):
            return staff_atoms(atoms, environ)
        return private_atoms(atoms, environ, keep_addresses=self.keep_addresses)


def staff_atoms(atoms: dict, environ: dict) -> dict:
    """The atoms of a staff request: the address stays, case numbers go."""
    kept = {key: scrub_text(value) if key.endswith("}o") and isinstance(value, str) else value
            for key, value in atoms.items()}
    path = scrub_path(environ.get("PATH_INFO") or "")
    query = scrub_text(environ.get("QUERY_STRING") or "")
    target = path + (f"?{query}" if query else "")
    kept.update({
        "r": f"{environ.get('REQUEST_METHOD', '-')} {target} {environ.get('SERVER_PROTOCOL', '-')}",
        "U": path, "q": query,
        "f": scrub_text(str(atoms.get("f", "-"))),
    })
    return kept


def private_atoms(atoms: dict, environ: dict, *, keep_addresses: bool) -> dict:
    """The atoms of a public request: no headers, environ, referrer or query; no case number."""
    kept = {key: value for key, value in atoms.items()
            if not (key.endswith("}i") or key.endswith("}e"))}
    path = scrub_path(environ.get("PATH_INFO") or "")
    kept.update({
        "r": f"{environ.get('REQUEST_METHOD', '-')} {path} {environ.get('SERVER_PROTOCOL', '-')}",
        "U": path, "q": "", "f": "-",
        "h": environ.get("REMOTE_ADDR", "-") if keep_addresses else "-",
        "a": environ.get("HTTP_USER_AGENT", "-") if keep_addresses else "-",
    })
    for key, value in list(kept.items()):
        if key.endswith("}o") and isinstance(value, str):
            kept[key] = scrub_text(value)  # a redirect's Location: /track/NP2-…
    return kept


class PrivateRequestLogFilter(logging.Filter):
    """Rewrites the Werkzeug server's request lines and Flask-Limiter's "exceeded" lines."""

    def __init__(self, keep_addresses: bool) -> None:
        super().__init__()
        self.keep_addresses = keep_addresses

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "werkzeug":
            self._werkzeug(record)
        elif record.name == "flask-limiter":
            self._limiter(record)
        return True

    def _limiter(self, record: logging.LogRecord) -> None:
        # "ratelimit %s (%s) exceeded at endpoint: %s": the second argument is the key.
        if self.keep_addresses or "exceeded" not in str(record.msg):
            return
        if isinstance(record.args, tuple) and len(record.args) >= 2:
            record.args = (record.args[0], "-", *record.args[2:])

    def _werkzeug(self, record: logging.LogRecord) -> None:
        # Werkzeug logs '<address> - - [<date>] "%s" %s %s' with the request line as args[0].
        if not (isinstance(record.args, tuple) and len(record.args) == 3
                and '"%s" %s %s' in str(record.msg)):
            return
        line = _ANSI.sub("", str(record.args[0]))
        method, _, rest = line.partition(" ")
        target, _, protocol = rest.rpartition(" ")
        path = target.split("?", 1)[0]
        if not is_public(path):
            record.args = (f"{method} {scrub_text(target)} {protocol}", *record.args[1:])
            return
        record.args = (f"{method} {scrub_path(path)} {protocol}", *record.args[1:])
        if not self.keep_addresses:
            record.msg = _WERKZEUG_PREFIX.sub("- - - ", str(record.msg))


def init_app(app: Flask) -> None:
    """Put the filter on the development server's and the limiter's loggers (once)."""
    keep = bool(app.config.get("PORTAL_LOG_CLIENT_ADDRESSES", False))
    for name in ("werkzeug", "flask-limiter"):
        logger = logging.getLogger(name)
        for existing in [f for f in logger.filters if isinstance(f, PrivateRequestLogFilter)]:
            logger.removeFilter(existing)
        logger.addFilter(PrivateRequestLogFilter(keep))
