"""The oversight page listing every opening of a report's unsuppressed figures."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from portal.extensions import db
from portal.models import Office, ReportViewKind
from portal.oversight.report_views import PAGE_SIZE, UNSUPPRESSED_ROLES, report_view_page
from portal.staff import bp


@bp.get("/oversight/report-views")
def report_view_log():
    """Director and integrity officers: each sees the other's openings, and their own."""
    if not current_user.has_role(*UNSUPPRESSED_ROLES):
        abort(403)
    before = request.args.get("before", type=int)
    if before is not None and not 0 < before < 2**31:
        abort(404)
    views = report_view_page(db.session.get(Office, current_user.office_id), before,
                             PAGE_SIZE + 1)
    more = len(views) > PAGE_SIZE
    views = views[:PAGE_SIZE]
    return render_template(
        "staff/report_view_log.html", views=views, KIND=ReportViewKind,
        next_before=views[-1].id if more and views else None,
    ), 200, {"Cache-Control": "no-store"}
