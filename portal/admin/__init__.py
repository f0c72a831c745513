"""Administration pages: users, work groups, categories, schools, deadlines, templates."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required

from portal.models import Role
from portal.security.headers import no_store

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.after_request(no_store)


@bp.before_request
@login_required
def require_admin():
    if not current_user.has_role(Role.ADMIN):
        abort(403)


from portal.admin import (  # noqa: E402, F401
    catalog_views,
    channel_views,
    chat_views,
    delivery_views,
    ita_views,
    office_settings,
    policy_views,
    views,
)
from portal.privacy import admin_views as _privacy_views  # noqa: E402, F401
from portal.privacy import breach_views as _breach_views  # noqa: E402, F401
from portal.staff.report_archive import register as _register_report_archive  # noqa: E402

_register_report_archive(bp, "/report-archive")
