"""Signing in over HTTP with CSRF on: the password step, lock-outs, limits, the record."""

from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import select

from portal.clock import to_local
from portal.extensions import db
from portal.models import Role, SignInRecord
from tests.auth.factories import (
    PASSWORD,
    code_for,
    make_user,
    page_errors,
    post,
    sign_in,
    signed_in,
)


def test_sign_in_page_is_a_thai_form_with_csrf(client, office):
    response = client.get("/staff/sign-in")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="csrf_token"' in html and "ลงชื่อเข้าใช้" in html
    assert 'autocomplete="current-password"' in html and '<label for="password">' in html
    assert response.headers["Cache-Control"] == "no-store"


def test_a_post_without_the_csrf_token_is_refused(client, office):
    user = make_user(office)
    response = client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert not signed_in(client)


def test_right_password_signs_in_and_lands_on_the_publishing_queue(app, client, office):
    user = make_user(office, "pr@np2.example", Role.PR)
    response = sign_in(client, user.email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/publishing"
    page = client.get("/staff/account").get_data(as_text=True)
    assert user.name in page and "นักประชาสัมพันธ์" in page
    db.session.refresh(user)
    assert user.last_sign_in_at is not None


def test_session_is_renewed_and_lasts_a_working_day(app, client, office):
    user = make_user(office)
    client.get("/lang/en")
    with client.session_transaction() as session:
        session["left_by_someone_else"] = "x"
    sign_in(client, user.email)
    with client.session_transaction() as session:
        assert "left_by_someone_else" not in session
        assert session["lang"] == "en"  # the language choice survives
        assert session.permanent
    cookie = client.get_cookie("session")
    assert cookie.expires is not None
    assert app.permanent_session_lifetime.total_seconds() == 12 * 3600


def test_wrong_password_and_unknown_email_look_the_same(client, office):
    user = make_user(office)
    wrong = sign_in(client, user.email, "not the right password")
    unknown = sign_in(client, "nobody@np2.example", PASSWORD)
    assert wrong.status_code == unknown.status_code == 422
    assert page_errors(wrong) == page_errors(unknown)
    assert "อีเมลหรือรหัสผ่านไม่ถูกต้อง" in page_errors(wrong)
    assert PASSWORD not in wrong.get_data(as_text=True)  # a password is never sent back
    assert not signed_in(client)


def test_every_attempt_is_recorded_with_address_and_browser(client, office):
    user = make_user(office)
    headers = {"User-Agent": "Mozilla/5.0 (Android 14) Chrome/130"}
    sign_in(client, user.email, "wrong password!!", headers=headers)
    sign_in(client, user.email, headers=headers)
    rows = db.session.scalars(select(SignInRecord).order_by(SignInRecord.id)).all()
    assert [(r.success, r.reason, r.ip_address, r.user_agent) for r in rows] == [
        (False, "bad_password", "127.0.0.1", headers["User-Agent"]),
        (True, "", "127.0.0.1", headers["User-Agent"])]


def test_five_failures_lock_the_account_and_say_until_when(app, client, office):
    from portal.auth import limits

    user = make_user(office)
    for _ in range(5):
        response = sign_in(client, user.email, "wrong password!!")
    with app.test_request_context():
        until = limits.account_locked_until(limits.account_key(user.email, user, "127.0.0.1"))
    local = to_local(until)
    message = page_errors(response)
    assert "ถูกล็อกชั่วคราว" in message
    assert f"{local.day}" in message and str(local.year + 543) in message
    assert f"{local:%H:%M}" in message
    response = sign_in(client, user.email)  # the right password, still locked
    assert response.status_code == 422 and "ถูกล็อกชั่วคราว" in page_errors(response)
    assert not signed_in(client)
    # The lock holds for this address only: the owner elsewhere signs in.
    elsewhere = app.test_client()
    sign_in(elsewhere, user.email, environ_base={"REMOTE_ADDR": "192.0.2.44"})
    assert signed_in(elsewhere)


def test_an_unknown_account_gets_the_same_lock_and_message(client, office):
    user = make_user(office)
    known = [page_errors(sign_in(client, user.email, "wrong password!!")) for _ in range(6)]
    unknown = [page_errors(sign_in(client, "nobody@np2.example", "wrong password!!"))
               for _ in range(6)]
    same = [(k.split("หลัง")[0], u.split("หลัง")[0]) for k, u in zip(known, unknown, strict=True)]
    assert all(k == u for k, u in same) and "ถูกล็อกชั่วคราว" in known[-1]


def test_failures_from_one_address_are_limited(app, client, office):
    app.config["PORTAL_RATE_LIMIT_SIGN_IN"] = "4 per 15 minutes"
    user = make_user(office)
    for i in range(4):
        sign_in(client, f"guess{i}@np2.example", "some password here")
    response = sign_in(client, user.email)
    assert response.status_code == 429
    assert "หลายครั้งเกินไป" in page_errors(response)
    assert not signed_in(client)
    other = app.test_client()
    response = sign_in(other, user.email, environ_base={"REMOTE_ADDR": "192.0.2.44"})
    assert response.status_code == 302


def test_only_local_next_targets_are_followed(client, office):
    user = make_user(office, "pr@np2.example", Role.PR)  # PR lands on the publishing queue
    form = client.get("/staff/sign-in?next=/staff/password").get_data(as_text=True)
    assert 'value="/staff/password"' in form
    response = _with_code(client, user, post(
        client, "/staff/sign-in", {"email": user.email, "password": PASSWORD,
                                   "next": "/staff/password"}))
    assert response.headers["Location"] == "/staff/password"
    client.post("/staff/sign-out", data={"csrf_token": _token(client)})
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = _with_code(client, user, post(
            client, "/staff/sign-in", {"email": user.email, "password": PASSWORD,
                                       "next": evil}))
        assert response.headers["Location"] == "/staff/publishing", evil
        client.post("/staff/sign-out", data={"csrf_token": _token(client)})
        db.session.expire_all()


def _with_code(client, user, response):
    """The second step after ``response`` (the password's), with a code not yet used."""
    assert response.headers["Location"].endswith("/staff/sign-in/code")
    db.session.refresh(user)
    user.totp_last_step = 0  # several sign-ins within one 30-second step
    db.session.commit()
    return post(client, "/staff/sign-in/code", {"code": code_for(user.totp_secret)})


def _token(client) -> str:
    from tests.helpers import csrf_token

    return csrf_token(client, "/staff/account")


def test_signed_in_pages_need_a_session(client, office):
    for url in ("/staff/account", "/staff/password"):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


@pytest.mark.parametrize(("role", "endpoint"), [
    (Role.INTAKE, "staff.inbox"), (Role.CASE_OFFICER, "staff.inbox"),
    (Role.PR, "newsroom.queue"), (Role.APPROVER, "newsroom.queue")])
def test_each_role_lands_where_its_work_is(app, client, office, role, endpoint):
    user = make_user(office, f"{role.value}@np2.example", role)
    response = sign_in(client, user.email)
    expected = "/staff/account"
    if endpoint in app.view_functions:
        with app.test_request_context():
            expected = url_for(endpoint)
    assert response.headers["Location"] == expected
    assert client.get(expected).status_code == 200
