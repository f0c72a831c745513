"""Which work group a case goes to, and whether a group has anyone to take it.

A group with no active member who may handle cases is a dead end: routing passes over it
when another group fits, and the assign form says so and offers other groups' officers.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, User, UserRole, WorkGroup, WorkGroupMember
from portal.security.access import CASE_ROLES


def staffed_groups(group_ids: Collection[int], roles: Collection[Role] = CASE_ROLES) -> set[int]:
    """The groups among ``group_ids`` with an active member holding one of ``roles``."""
    if not group_ids:
        return set()
    return set(
        db.session.scalars(
            select(WorkGroupMember.work_group_id)
            .distinct()
            .join(User, User.id == WorkGroupMember.user_id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(
                WorkGroupMember.work_group_id.in_(list(group_ids)),
                User.active.is_(True),
                UserRole.role.in_(list(roles)),
            )
        )
    )


def is_staffed(group: WorkGroup, roles: Collection[Role] = CASE_ROLES) -> bool:
    return group.id in staffed_groups([group.id], roles)


def first_staffed(group_ids: Sequence[int], roles: Collection[Role] = CASE_ROLES) -> int | None:
    """The first group in ``group_ids`` that has someone to take a case, else the first one
    (the case still needs an owner; its page then says the group is empty)."""
    if len(group_ids) <= 1:
        return group_ids[0] if group_ids else None
    staffed = staffed_groups(group_ids, roles)
    return next((g for g in group_ids if g in staffed), group_ids[0])
