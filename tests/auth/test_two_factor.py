"""The second step: required roles need a code, enrol first if they have none, no reuse."""

from __future__ import annotations

import base64
import re
import time
from types import SimpleNamespace
from urllib.parse import unquote

import pytest

from portal.auth import sessions
from portal.extensions import db
from portal.models import Passkey, Role
from portal.security import totp
from tests.auth.factories import (
    NOT_ENROLLED,
    PASSWORD,
    code_for,
    make_user,
    page_errors,
    password_step,
    post,
    sign_in_fully,
    signed_in,
)
from tests.conftest import sign_in_client
from tests.helpers import csrf_token

SECRET_RE = re.compile(r'id="totp-secret">([A-Z2-7 ]+)<')


@pytest.mark.parametrize("role", [Role.ADMIN, Role.INTEGRITY, Role.DIRECTOR])
def test_required_roles_cannot_get_in_with_the_password_alone(client, office, role):
    user = make_user(office, f"{role.value}@np2.example", role, totp_secret=totp.new_secret())
    response = password_step(client, user.email)
    assert response.headers["Location"].endswith("/staff/sign-in/code")
    assert not signed_in(client)
    with client.session_transaction() as session:
        assert "_user_id" not in session  # only the pending step, no signed-in user
    response = post(client, "/staff/sign-in/code", {"code": "000000"
                    if code_for(user.totp_secret) != "000000" else "111111"})
    assert response.status_code == 422 and "รหัสยืนยันไม่ถูกต้อง" in page_errors(response)
    assert not signed_in(client)


def test_the_right_code_completes_sign_in(client, office):
    user = make_user(office, "boss@np2.example", Role.DIRECTOR, totp_secret=totp.new_secret())
    response = sign_in_fully(client, user)
    assert response.status_code == 302
    assert signed_in(client)
    with client.session_transaction() as session:
        assert session[sessions.SECOND_FACTOR] is True
        assert sessions.PENDING_KEY not in session


def test_a_code_cannot_be_used_twice(app, client, office):
    user = make_user(office, "boss@np2.example", Role.DIRECTOR, totp_secret=totp.new_secret())
    code = code_for(user.totp_secret)
    password_step(client, user.email)
    post(client, "/staff/sign-in/code", {"code": code})
    assert signed_in(client)
    # Someone who watched the code being typed tries it from another browser.
    other = app.test_client()
    password_step(other, user.email)
    response = post(other, "/staff/sign-in/code", {"code": code})
    assert response.status_code == 422
    assert not signed_in(other)


def test_optional_second_factor_applies_once_enabled(client, office):
    user = make_user(office, "pr@np2.example", Role.PR, totp_secret=totp.new_secret())
    response = password_step(client, user.email)
    assert response.headers["Location"].endswith("/staff/sign-in/code")


def test_wrong_codes_lock_the_account(client, office):
    user = make_user(office, "boss@np2.example", Role.DIRECTOR, totp_secret=totp.new_secret())
    password_step(client, user.email)
    wrong = "000000" if code_for(user.totp_secret) not in {"000000"} else "999999"
    for _ in range(4):
        assert post(client, "/staff/sign-in/code", {"code": wrong}).status_code == 422
    response = post(client, "/staff/sign-in/code", {"code": wrong})
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in")
    assert "ใส่รหัสยืนยันผิดหลายครั้งเกินไป" in client.get("/staff/sign-in").get_data(as_text=True)
    assert client.get("/staff/sign-in/code").status_code == 302  # the pending step is gone


def test_the_pending_step_expires_after_five_minutes(client, office, monkeypatch):
    user = make_user(office, "boss@np2.example", Role.DIRECTOR, totp_secret=totp.new_secret())
    password_step(client, user.email)
    token = csrf_token(client, "/staff/sign-in/code")
    real = time.time
    monkeypatch.setattr(sessions, "time", SimpleNamespace(time=lambda: real() + 301))
    response = client.post("/staff/sign-in/code",
                           data={"csrf_token": token, "code": code_for(user.totp_secret)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in")
    assert not signed_in(client)


def test_code_page_without_a_password_step_sends_to_sign_in(client, office):
    response = client.get("/staff/sign-in/code")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in")


def qr_svg(html: str) -> str:
    """The SVG inside the page's QR code image (a data: URI, base64 or percent-encoded)."""
    src = re.search(r'<img src="(data:image/svg\+xml[^"]+)"', html).group(1)
    header, _, data = src.partition(",")
    return base64.b64decode(data).decode() if header.endswith(";base64") else unquote(data)


def secret_on(html: str) -> str:
    return SECRET_RE.search(html).group(1).replace(" ", "")


@pytest.mark.parametrize("role", list(Role))
def test_every_unenrolled_role_enrols_before_getting_in(client, office, role):
    user = make_user(office, "admin@np2.example", role, totp_secret=NOT_ENROLLED)
    response = password_step(client, user.email)
    assert response.headers["Location"].endswith("/staff/two-factor/setup")
    assert not signed_in(client)
    page = client.get("/staff/two-factor/setup").get_data(as_text=True)
    secret = secret_on(page)
    assert "<svg" in qr_svg(page)
    db.session.refresh(user)
    assert user.totp_secret == secret and not user.totp_enabled
    assert client.get("/staff/two-factor/setup").get_data(as_text=True).count(
        totp.group_secret(secret)) == 1  # the same secret on reload
    response = post(client, "/staff/two-factor/setup", {"code": "12345"})
    assert response.status_code == 422 and not signed_in(client)
    response = post(client, "/staff/two-factor/setup", {"code": code_for(secret)})
    assert response.status_code == 302
    assert signed_in(client)
    db.session.refresh(user)
    assert user.totp_enabled
    # From now on the code step is asked for.
    client.post("/staff/sign-out", data={"csrf_token": _account_token(client)})
    response = password_step(client, user.email)
    assert response.headers["Location"].endswith("/staff/sign-in/code")


def test_setup_without_a_pending_sign_in_is_refused(client, office):
    response = client.get("/staff/two-factor/setup")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in")


def test_the_authenticator_app_is_removed_only_while_a_passkey_remains(client, office):
    user = make_user(office, "pr@np2.example", Role.PR)
    sign_in_fully(client, user)
    assert signed_in(client)
    form = "/staff/password"
    response = post(client, "/staff/two-factor/disable", {"password": PASSWORD}, token_from=form)
    assert "ต้องมีการยืนยันตัวตนขั้นที่สอง" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    db.session.refresh(user)
    assert user.totp_enabled
    user.passkeys.append(Passkey(credential_id="AAEC", public_key=b"cose", name="โทรศัพท์"))
    db.session.commit()
    post(client, "/staff/two-factor/disable", {"password": "wrong"}, token_from=form)
    db.session.refresh(user)
    assert user.totp_enabled
    post(client, "/staff/two-factor/disable", {"password": PASSWORD}, token_from=form)
    db.session.refresh(user)
    assert not user.totp_enabled and user.totp_secret is None and len(user.passkeys) == 1


@pytest.mark.parametrize("role", list(Role))
def test_a_session_without_the_second_factor_ends_whatever_the_role(app, client, office, role):
    """A session begun with the password alone (as intake and PR staff had before every
    account needed two-factor) ends at its next request."""
    user = make_user(office, "staff@np2.example", role)
    sign_in_client(app, client, user)
    with client.session_transaction() as session:
        session[sessions.SIGNED_IN_AT] = int(time.time())
        session[sessions.SECOND_FACTOR] = False
    assert not signed_in(client)


def _account_token(client) -> str:
    return csrf_token(client, "/staff/account")


def test_the_qr_code_carries_the_otpauth_uri_of_the_shown_secret(client, office, monkeypatch):
    from portal.auth import views

    encoded = []
    real_qr = views.qr_data_uri
    monkeypatch.setattr(views, "qr_data_uri", lambda text: encoded.append(text) or real_qr(text))
    user = make_user(office, "admin@np2.example", Role.ADMIN, totp_secret=NOT_ENROLLED)
    password_step(client, user.email)
    secret = secret_on(client.get("/staff/two-factor/setup").get_data(as_text=True))
    assert encoded == [f"otpauth://totp/Sujarit:admin@np2.example?secret={secret}"
                       "&issuer=Sujarit&algorithm=SHA1&digits=6&period=30"]
