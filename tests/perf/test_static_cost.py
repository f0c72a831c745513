"""Static files and fonts never touch the database, even for a signed-in browser."""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from portal.auth.sessions import SECOND_FACTOR, SIGNED_IN_AT
from portal.extensions import db
from portal.models import Role


@contextmanager
def counted_statements():
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def signed_in(login_as):
    """A staff browser as a real sign-in leaves it: the session also records when it began,
    and that the second factor was given."""
    browser = login_as(Role.INTAKE)
    with browser.session_transaction() as session:
        session[SIGNED_IN_AT] = time.time()
        session[SECOND_FACTOR] = True
    return browser


@pytest.mark.parametrize("path", ["/static/css/site.css", "/static/js/site.js",
                                  "/fonts/sarabun-regular.woff2"])
def test_a_signed_in_browser_fetches_static_files_without_sql(app, office, login_as, path):
    browser = signed_in(login_as)
    with counted_statements() as statements:
        response = browser.get(path)
    assert response.status_code == 200
    assert statements == []


def test_the_counter_sees_a_signed_in_page_load_the_user(app, office, login_as):
    browser = signed_in(login_as)
    with counted_statements() as statements:
        assert browser.get("/staff/account").status_code == 200
    assert any("users" in statement for statement in statements)
