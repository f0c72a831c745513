"""Pages for staff who handle cases. Every route needs a signed-in user with a case role."""

from __future__ import annotations

from flask import Blueprint, abort, current_app
from flask_login import current_user, login_required

from portal.models import Role
from portal.security.access import CASE_ROLES, can_screen
from portal.security.headers import no_store

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.after_request(no_store)


@bp.before_request
@login_required
def require_case_role():
    # Default deny: a route added here is protected before anyone remembers to protect it.
    if not current_user.role_set & CASE_ROLES:
        abort(403)


@bp.context_processor
def staff_context():
    """What templates/staff/layout.html needs; the account pages use that layout too."""
    from portal.staff.labels import EVENT, STATUS

    signed_in = current_user.is_authenticated
    # Staff wording replaces the reporter's (portal/labels.py) on every staff page.
    return {"ROLE": Role, "url_endpoints": set(current_app.view_functions),
            "STATUS": STATUS, "EVENT": EVENT, "CASE_ROLE_SET": CASE_ROLES,
            "staff_may_handle": signed_in and bool(current_user.role_set & CASE_ROLES),
            "staff_may_record": signed_in and can_screen(current_user)}


from portal.staff import (  # noqa: E402, F401
    actions,
    case_views,
    more_views,
    oversight_views,
    report_archive,
    report_view_log,
    report_views,
    transparency_views,
    views,
)

report_archive.register(bp, "/report-archive")
from portal.privacy import staff_views as _privacy_views  # noqa: E402, F401
from portal.referral import staff_views as _referral_views  # noqa: E402, F401
