"""How a request reaches its office, and the base address of each office's links.

The operator chooses per deployment (PORTAL_OFFICE_ROUTING):

- ``host``: each office answers on its own host name (``offices.hostname``);
- ``path``: one national host, each office under ``/o/<code>/``. The prefix moves from
  PATH_INFO to SCRIPT_NAME here, before Flask routes, so every route works unchanged and every
  ``url_for`` carries the office's prefix.

An office with a host name is linked by it in either mode.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

from portal.models import Office

PREFIX = re.compile(r"^/o/([A-Za-z0-9_-]{1,16})(/.*)?$")
ENVIRON_KEY = "portal.office_code"


class OfficePathPrefix:
    """WSGI middleware: ``/o/NP2/track`` is the route ``/track`` of office NP2."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        match = PREFIX.match(environ.get("PATH_INFO", ""))
        if match:
            code = match.group(1).upper()
            environ[ENVIRON_KEY] = code
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "").rstrip("/") + f"/o/{code}"
            environ["PATH_INFO"] = match.group(2) or "/"
        return self.wsgi_app(environ, start_response)


def requested_office_code() -> str | None:
    """The office code of the request's ``/o/<code>/`` prefix, if it had one."""
    return request.environ.get(ENVIRON_KEY) if has_request_context() else None


def office_base(office: Office | None) -> str | None:
    """Where ``office``'s pages live, without a trailing slash; None: the request's own."""
    config = current_app.config
    base = (config.get("PORTAL_BASE_URL") or "").rstrip("/")
    if office is None:
        return base or None
    if office.hostname:
        scheme = (
            urlsplit(base).scheme if base else request.scheme if has_request_context() else "https"
        )
        return f"{scheme}://{office.hostname}"
    if config.get("PORTAL_OFFICE_ROUTING") == "path":
        root = base or (request.host_url.rstrip("/") if has_request_context() else "")
        return f"{root}/o/{office.code}"
    return base or None


def init_app(app) -> None:
    if app.config.get("PORTAL_OFFICE_ROUTING") == "path":
        app.wsgi_app = OfficePathPrefix(app.wsgi_app)
