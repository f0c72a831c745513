"""Which office (tenant) a request belongs to."""

from __future__ import annotations

from flask import Flask, abort, current_app, g, has_request_context, request
from sqlalchemy import case, or_, select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from portal.extensions import db
from portal.models import Office
from portal.offices.routing import requested_office_code


def current_office() -> Office:
    """The office whose host name this request came to, else the configured default."""
    office = g.get("office")
    if office is not None:
        return office
    prefixed = requested_office_code()
    if prefixed is not None:  # /o/<code>/ on the national host: that office or nothing
        office = db.session.scalar(select(Office).where(Office.code == prefixed))
        if office is None:
            abort(404)
        g.office = office
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


# Staff of one office who follow a link to another office's prefix on the national host (the
# session cookie is the host's) are sent no page of it: their own office's pages live elsewhere.
OFFICE_BOUND_BLUEPRINTS = frozenset({"staff", "admin", "newsroom"})


def _staff_stay_in_their_office():
    from flask_login import current_user

    if (requested_office_code() is not None and request.blueprint in OFFICE_BOUND_BLUEPRINTS
            and current_user.is_authenticated
            and current_user.office_id != current_office().id):
        abort(403)


def init_app(app: Flask) -> None:
    from portal.offices import routing

    routing.init_app(app)
    app.before_request(_staff_stay_in_their_office)

    @app.context_processor
    def inject_office():
        """Every page's header and footer name the office, whether or not its view passed it.

        A view's own ``office`` wins (render_template's arguments override this). An error
        page must still render when no office matches or the database is down.
        """
        if not has_request_context():
            return {}
        try:
            return {"office": current_office()}
        except HTTPException:
            return {}
        except SQLAlchemyError:
            db.session.rollback()
            return {}
