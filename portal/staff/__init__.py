"""Pages for staff who handle cases. Every route needs a signed-in user with a case role."""

from __future__ import annotations

from flask import Blueprint, abort, current_app
from flask_login import current_user, login_required

from portal.models import Role
from portal.security.access import CASE_ROLES

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.before_request
@login_required
def require_case_role():
    # Default deny: a route added here is protected before anyone remembers to protect it.
    if not current_user.role_set & CASE_ROLES:
        abort(403)


@bp.context_processor
def staff_context():
    return {"ROLE": Role, "url_endpoints": set(current_app.view_functions)}


from portal.staff import (  # noqa: E402, F401
    actions,
    case_views,
    more_views,
    report_views,
    transparency_views,
    views,
)
