"""The record of who opened a report's unsuppressed figures (staff preview page or PDF).

Only the director and integrity officers may open them; each opening is appended to
``report_views``, which the database keeps append-only, in the same commit as the page.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Office, ReportView, ReportViewKind, Role, User

# Who may see a report's figures before small cells are hidden.
UNSUPPRESSED_ROLES = (Role.DIRECTOR, Role.INTEGRITY)
PAGE_SIZE = 100


def may_view_unsuppressed(user: User) -> bool:
    return user.has_role(*UNSUPPRESSED_ROLES)


def record_report_view(user: User, period_key: str, kind: ReportViewKind,
                       ip_address: str) -> ReportView:
    """Append one opening by ``user``; the caller commits."""
    view = ReportView(office_id=user.office_id, user_id=user.id, period=period_key[:32],
                      kind=kind, ip_address=(ip_address or "")[:64])
    db.session.add(view)
    return view


def report_view_page(office: Office, before_id: int | None = None,
                     size: int = PAGE_SIZE) -> list[ReportView]:
    """The office's openings, newest first, ``size`` at a time below ``before_id``."""
    query = (select(ReportView).where(ReportView.office_id == office.id)
             .options(selectinload(ReportView.user))
             .order_by(ReportView.id.desc()).limit(size))
    if before_id is not None:
        query = query.where(ReportView.id < before_id)
    return list(db.session.scalars(query))
