"""Which office (tenant) a request belongs to."""

from __future__ import annotations

from flask import abort, current_app, g, request
from sqlalchemy import case, or_, select

from portal.extensions import db
from portal.models import Office


def current_office() -> Office:
    """The office whose host name this request came to, else the configured default."""
    office = g.get("office")
    if office is not None:
        return office
    host = request.host.split(":")[0].lower()
    code = current_app.config["PORTAL_DEFAULT_OFFICE"]
    # One query on every public request: the host's office first, else the default one.
    office = db.session.scalar(
        select(Office)
        .where(or_(Office.hostname == host, Office.code == code))
        .order_by(case((Office.hostname == host, 0), else_=1))  # NULL-safe on both backends
        .limit(1)
    )
    if office is None:
        current_app.logger.error("no office matches host %s nor default %s", host, code)
        abort(404)
    g.office = office
    return office
