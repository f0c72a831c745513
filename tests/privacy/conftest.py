"""Signed-in staff for the PDPA pages (both factors given, as the admin tests do)."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import Role
from tests.admin.conftest import sign_in
from tests.admin.factories import make_user


@pytest.fixture
def signed_in(app, office):
    """``signed_in(Role.ADMIN)`` → a test client signed in as a new user with those roles."""

    def make(*roles: Role, name: str = ""):
        user = make_user(office, *roles, **({"name": name} if name else {}))
        db.session.commit()
        client = app.test_client()
        sign_in(client, user)
        client.user = user
        return client

    return make
