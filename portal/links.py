"""Absolute links for messages that leave the site (e-mail, QR codes)."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def public_url(endpoint: str, **values) -> str:
    """An absolute URL: PORTAL_BASE_URL when set, else the current request's host."""
    base = current_app.config.get("PORTAL_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, _external=False, **values)
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    return "http://127.0.0.1:5000" + url_for(endpoint, _external=False, **values)
