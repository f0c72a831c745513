"""Who is a national member, and the log of everything national."""

from __future__ import annotations

import json

from sqlalchemy import select

from portal.extensions import db
from portal.models import NationalLogEntry, NationalMember, Office, User


def is_member(user: User | None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(NationalMember, user.id) is not None


def add_member(user: User, *, by: User | None = None) -> bool:
    """Make ``user`` a national member; False when already one. Logged."""
    if db.session.get(NationalMember, user.id) is not None:
        return False
    db.session.add(NationalMember(user_id=user.id))
    log(by, None, "member_added", member=user.email)
    return True


def remove_member(user: User, *, by: User | None = None) -> bool:
    member = db.session.get(NationalMember, user.id)
    if member is None:
        return False
    db.session.delete(member)
    log(by, None, "member_removed", member=user.email)
    return True


def members() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(NationalMember, NationalMember.user_id == User.id)
            .order_by(User.email)
        )
    )


def log(user: User | None, office: Office | None, action: str, **detail) -> None:
    """Append one entry to the national log (in the caller's transaction)."""
    db.session.add(
        NationalLogEntry(
            user_id=user.id if user is not None else None,
            office_id=office.id if office is not None else None,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )
