"""Thai error pages; an unavailable database becomes a 503 with nothing half-written."""

from __future__ import annotations

import contextlib

from flask import Flask, render_template
from sqlalchemy.exc import DBAPIError, OperationalError

from portal.extensions import db


def _page(code: int):
    def handler(error):
        return render_template(f"errors/{code}.html", error=error), code

    return handler


def init_app(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _page(code))

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error):
        # Roll back first: the transaction holds the whole request's work, so nothing remains.
        with contextlib.suppress(DBAPIError):
            db.session.rollback()
        app.logger.error("database unavailable: %s", error)
        response = render_template("errors/503.html"), 503, {"Retry-After": "60"}
        return response
