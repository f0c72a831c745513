"""Thai error pages that say what went wrong, in words for their reader.

A database out of reach or busy is "unavailable" (503, try again shortly); a value the
database refused is a 500 of its own whose log line names the constraint; both roll back
the request's whole transaction. Staff (the staff and admin pages, or anyone signed in) read
what to tell the administrator; reporters are addressed as ท่าน. After a failed form POST
the page offers what was typed back (see :mod:`portal.errors.typed`).
"""

from __future__ import annotations

import contextlib
import secrets

from flask import Flask, current_app, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from portal.errors.database import Trouble, classify, describe_refusal
from portal.errors.typed import Typed, typed_in
from portal.extensions import db

RETRY_AFTER = {"Retry-After": "60"}


def for_staff() -> bool:
    """Staff pages, or a signed-in staff member anywhere (the session says so, no query)."""
    return request.path.startswith(("/staff", "/admin")) or "_user_id" in session


def reference() -> str:
    """A short code a person can read out to the administrator, also in the log line."""
    return secrets.token_hex(4).upper()


def render_error(code: int, ref: str | None = None, **context):
    if code == 403 and current_user.is_authenticated:
        return _staff_forbidden()
    typed = typed_in(request) if code in (500, 503) else Typed()
    return render_template(f"errors/{code}.html", staff=for_staff(), ref=ref, typed=typed,
                           saving=request.method == "POST", **context)


def home_link(user) -> dict:
    """Where a staff member's own work starts, named for the button (never a page their
    roles refuse, as "back to the inbox" was for the PR officer and the administrator)."""
    from portal.auth.sessions import landing

    url = landing(user)
    labels = {"staff.inbox": _("กลับกล่องเรื่อง"), "newsroom.queue": _("กลับหน้าการเผยแพร่"),
              "admin.index": _("กลับหน้าผู้ดูแลระบบ")}
    endpoint = next((e for e in labels if e in current_app.view_functions
                     and url_for(e) == url), None)
    return {"url": url, "label": labels.get(endpoint, _("ไปที่บัญชีของฉัน"))}


def _staff_forbidden():
    """A signed-in staff member's 403: the staff menu, and a way to their own home."""
    from portal.staff import staff_context

    return render_template("errors/403_staff.html", home=home_link(current_user),
                           **staff_context())


def _page(code: int):
    def handler(error):
        if code == 500:
            ref = reference()
            current_app.logger.error("internal error [ref %s] on %s %s", ref, request.method,
                                     request.path)
            return render_error(500, ref), 500
        return render_error(code), code

    return handler


def _roll_back() -> None:
    # The transaction holds the whole request's work: rolling it back leaves nothing behind.
    with contextlib.suppress(DBAPIError):
        db.session.rollback()


def database_error(error: DBAPIError):
    _roll_back()
    ref = reference()
    where = f"{request.method} {request.path}"
    trouble = classify(error)
    if trouble is Trouble.UNAVAILABLE:
        current_app.logger.error("database unavailable [ref %s] on %s: %s", ref, where,
                                 str(error.orig).strip() or type(error.orig).__name__)
        return render_error(503, ref), 503, RETRY_AFTER
    if trouble is Trouble.REFUSED:
        refusal = describe_refusal(error, db.metadata)
        current_app.logger.error("database refused the change [ref %s] on %s: %s (%s)", ref,
                                 where, refusal.describe(), refusal.detail)
        return render_error(500, ref, refused=True), 500
    current_app.logger.error("database error [ref %s] on %s", ref, where, exc_info=error)
    return render_error(500, ref), 500


def pool_exhausted(error: PoolTimeout):
    _roll_back()
    ref = reference()
    current_app.logger.error("database busy [ref %s] on %s %s: %s", ref, request.method,
                             request.path, error)
    return render_error(503, ref), 503, RETRY_AFTER


def init_app(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _page(code))
    app.register_error_handler(DBAPIError, database_error)
    app.register_error_handler(PoolTimeout, pool_exhausted)
