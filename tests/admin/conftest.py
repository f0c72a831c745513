"""Fixtures for the administration pages: staff users, signed in without the sign-in page."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from portal.auth.sessions import SECOND_FACTOR, SIGNED_IN_AT
from portal.extensions import db
from portal.models import Office, Role, User, WorkGroup
from tests.admin.factories import make_user
from tests.conftest import sign_in_client
from tests.factories import make_office
from tests.helpers import csrf_token


def sign_in(client, user: User) -> None:
    """Put ``user`` in the client's session as a completed sign-in (both factors) would."""
    sign_in_client(client.application, client, user)
    with client.session_transaction() as session:
        session[SIGNED_IN_AT] = int(time.time())
        session[SECOND_FACTOR] = True  # administrators need the code; this session "gave" it


@pytest.fixture
def login_as(client, office):
    """``login_as(Role.ADMIN)`` creates a user of the office holding the roles and signs in."""

    def login(*roles: Role, **fields) -> User:
        user = make_user(office, *roles, **fields)
        db.session.commit()
        sign_in(client, user)
        return user

    return login


@pytest.fixture
def admin(login_as) -> User:
    return login_as(Role.ADMIN, name="ผู้ดูแล ระบบ")


@pytest.fixture
def other_office(office) -> Office:
    """A second office: none of its rows may be reached from the first office's admin pages."""
    other = make_office("NP1")
    db.session.commit()
    return other


def group(office: Office, code: str) -> WorkGroup:
    return db.session.scalar(
        select(WorkGroup).where(WorkGroup.office_id == office.id, WorkGroup.code == code))


def fresh(obj):
    """``obj`` as the database has it now (requests run in sessions of their own)."""
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def post_action(client, page: str, action: str, **kwargs):
    """Press a button on ``page`` whose form posts to ``action`` (only a CSRF token)."""
    return client.post(action, data={"csrf_token": csrf_token(client, page)}, **kwargs)
