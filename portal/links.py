"""Absolute links for messages that leave the site (e-mail, QR codes, feeds, share links)."""

from __future__ import annotations

from flask import current_app, g, has_request_context


class MissingBaseUrl(RuntimeError):
    """A link was needed outside a request and PORTAL_BASE_URL is not set."""


def public_url(endpoint: str, *, office=None, **values) -> str:
    """An absolute URL on ``office``'s own base (its host name, or ``/o/<code>`` on the
    national host), else the request's office, else PORTAL_BASE_URL, else the request's host.

    Works outside a request too (worker, commands): pass ``office`` there.
    """
    # Built from the bare route: the base already carries any office prefix.
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return site_base(office) + path


def site_base(office=None) -> str:
    """The absolute base of ``office``'s pages (the request's office by default), no slash."""
    from portal.offices.routing import office_base

    if office is None and has_request_context():
        office = g.get("office") or _request_office()
    base = office_base(office)
    if base is None and has_request_context():
        from flask import request

        base = request.host_url.rstrip("/") + request.script_root
    if not base:
        raise MissingBaseUrl("PORTAL_BASE_URL is needed for a link made outside a request")
    return base.rstrip("/")


def _request_office():
    from sqlalchemy.exc import SQLAlchemyError
    from werkzeug.exceptions import HTTPException

    from portal.tenancy import current_office

    try:
        return current_office()
    except (HTTPException, SQLAlchemyError):
        return None
