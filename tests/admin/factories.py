"""Builders for the administration tests: staff users of an office."""

from __future__ import annotations

import itertools

from portal.extensions import db
from portal.models import Office, Role, User, UserRole, WorkGroup
from portal.security.passwords import hash_password

_numbers = itertools.count(1)


def make_user(office: Office, *roles: Role, name: str = "", email: str = "",
              groups: tuple[WorkGroup, ...] = (), active: bool = True) -> User:
    """A staff member of ``office`` holding ``roles``."""
    n = next(_numbers)
    user = User(office_id=office.id, email=email or f"staff{n}@test.example",
                name=name or f"เจ้าหน้าที่ {n}", password_hash=hash_password("x" * 16),
                active=active, session_version=1, roles=[UserRole(role=r) for r in roles],
                work_groups=list(groups))
    db.session.add(user)
    db.session.flush()
    return user
