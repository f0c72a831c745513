"""Who may see and act on what. Every staff view asks here; the answer defaults to no."""

from __future__ import annotations

from sqlalchemy import and_, exists, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from portal.extensions import db
from portal.models import Case, Recusal, Role, User, WorkGroupMember

# Roles that work on cases at all; PR and administrators configure, they don't read cases.
CASE_ROLES = frozenset({Role.INTAKE, Role.CASE_OFFICER, Role.INTEGRITY, Role.DIRECTOR})
# Only these see corruption reports, confidential cases and their reporters.
CONFIDENTIAL_ROLES = frozenset({Role.INTEGRITY, Role.DIRECTOR})


def is_recused(user: User, case: Case) -> bool:
    return db.session.scalar(
        select(exists().where(Recusal.case_id == case.id, Recusal.user_id == user.id))
    )


def can_view_case(user: User, case: Case) -> bool:
    """True when ``user`` may open ``case``; checked on every staff request for a case."""
    if not user.active or user.office_id != case.office_id:
        return False
    roles = user.role_set
    if not roles & CASE_ROLES or is_recused(user, case):
        return False
    if case.confidential:
        return bool(roles & CONFIDENTIAL_ROLES)
    if roles & {Role.INTAKE, Role.DIRECTOR, Role.INTEGRITY}:
        return True
    # A case officer sees the cases of their work groups and the cases assigned to them.
    return case.assignee_id == user.id or case.work_group_id in {g.id for g in user.work_groups}


def visible_cases_clause(user: User) -> ColumnElement[bool]:
    """The same rule as :func:`can_view_case`, as a SQL condition for lists and search."""
    roles = user.role_set
    if not user.active or not roles & CASE_ROLES:
        return false()
    not_recused = ~exists().where(Recusal.case_id == Case.id, Recusal.user_id == user.id)
    confidential_ok = true() if roles & CONFIDENTIAL_ROLES else Case.confidential.is_(False)
    if roles & {Role.INTAKE, Role.DIRECTOR, Role.INTEGRITY}:
        scope = true()
    else:
        member_groups = select(WorkGroupMember.work_group_id).where(
            WorkGroupMember.user_id == user.id
        )
        scope = or_(Case.assignee_id == user.id, Case.work_group_id.in_(member_groups))
    return and_(Case.office_id == user.office_id, not_recused, confidential_ok, scope)


def can_act_on_case(user: User, case: Case) -> bool:
    """Acting (answering, resolving …) needs the right to view; PR and admins never act."""
    return can_view_case(user, case)


def can_screen(user: User) -> bool:
    """Screening new cases: acknowledge, decline, assign to a group, merge."""
    return user.has_role(Role.INTAKE, Role.DIRECTOR, Role.INTEGRITY)
