"""Every admin action is scoped to the administrator's own office."""

from __future__ import annotations

from typing import TypeVar

from flask import abort, g
from flask_login import current_user

from portal.extensions import db
from portal.models import Office

T = TypeVar("T")


def admin_office() -> Office:
    """The office of the signed-in administrator (not the host's: an admin manages their own)."""
    office = g.get("admin_office")
    if office is None:
        office = db.session.get(Office, current_user.office_id)
        if office is None:
            abort(404)
        g.admin_office = office
    return office


def owned(model: type[T], office_id: int, ident: int | None) -> T | None:
    """The row ``ident`` of ``model`` if it belongs to the office, else None."""
    if ident is None:
        return None
    row = db.session.get(model, ident)
    return row if row is not None and row.office_id == office_id else None


def owned_or_404(model: type[T], ident: int) -> T:
    """The row of the administrator's office, or 404: another office's rows do not exist here."""
    row = owned(model, admin_office().id, ident)
    if row is None:
        abort(404)
    return row
