"""Absolute links for messages that leave the site (e-mail, QR codes)."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for

FALLBACK_BASE = "http://127.0.0.1:5000"


def public_url(endpoint: str, **values) -> str:
    """An absolute URL: PORTAL_BASE_URL when set, else the current request's host.

    Works outside a request too (worker, commands), where the base URL or the local
    fallback is used.
    """
    base = current_app.config.get("PORTAL_BASE_URL")
    if has_request_context():
        if not base:
            return url_for(endpoint, _external=True, **values)
        return base.rstrip("/") + url_for(endpoint, **values)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return (base or FALLBACK_BASE).rstrip("/") + path
