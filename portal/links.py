"""Absolute links for messages that leave the site (e-mail, QR codes)."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


class MissingBaseUrl(RuntimeError):
    """A link was needed outside a request and PORTAL_BASE_URL is not set."""


def public_url(endpoint: str, **values) -> str:
    """An absolute URL: PORTAL_BASE_URL when set, else the current request's host.

    Works outside a request too (worker, commands) when PORTAL_BASE_URL is set; without
    it there is no host to guess (``scripts/run`` sets it from PORTAL_PORT), so it raises.
    """
    base = current_app.config.get("PORTAL_BASE_URL")
    if has_request_context():
        if not base:
            return url_for(endpoint, _external=True, **values)
        return base.rstrip("/") + url_for(endpoint, **values)
    if not base:
        raise MissingBaseUrl(f"PORTAL_BASE_URL is needed for a link to {endpoint} made "
                             "outside a request")
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base.rstrip("/") + path
