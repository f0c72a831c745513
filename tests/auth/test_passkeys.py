"""Passkeys as the second factor, through the services and over HTTP, with a software
authenticator (tests/auth/soft_authenticator.py); Chromium's own is in
tests/browser/test_passkeys.py."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

import pytest

from portal.auth import passkeys
from portal.auth.errors import SignInRefused
from portal.cases.errors import CaseError
from portal.clock import utcnow
from portal.extensions import db
from portal.models import OneTimeMark, Role
from tests.auth.factories import (
    NOT_ENROLLED,
    code_for,
    make_user,
    password_step,
    post,
    signed_in,
)
from tests.auth.soft_authenticator import SoftAuthenticator
from tests.helpers import CSRF_RE

ORIGIN = "https://portal.test"
HTTP_ORIGIN = "http://localhost"  # the test client's host


def registered(user, device: SoftAuthenticator):
    ceremony = passkeys.registration_options(user, ORIGIN)
    key = passkeys.add_passkey(user, ORIGIN, ceremony.challenge,
                               device.create(ceremony.options_json), "โทรศัพท์")
    db.session.commit()
    return key


def test_a_registered_passkey_signs_in_once_per_challenge(office):
    user = make_user(office, "officer@np2.example", Role.CASE_OFFICER, totp_secret=NOT_ENROLLED)
    device = SoftAuthenticator(ORIGIN)
    key = registered(user, device)
    assert key.transports == "internal,hybrid" and key.name == "โทรศัพท์"
    assert user.has_second_factor

    ceremony = passkeys.authentication_options(user, ORIGIN)
    answer = device.get(ceremony.options_json)
    used = passkeys.verify_passkey(user, ORIGIN, ceremony.challenge, answer)
    assert used is key and key.sign_count == 1 and key.last_used_at is not None
    with pytest.raises(SignInRefused) as replayed:  # the challenge is spent
        passkeys.verify_passkey(user, ORIGIN, ceremony.challenge, answer)
    assert replayed.value.reason == "bad_passkey"
    assert db.session.query(OneTimeMark).count() == 0


def test_wrong_origin_other_users_key_and_a_cloned_counter_are_refused(office):
    owner = make_user(office, "owner@np2.example", Role.INTAKE, totp_secret=NOT_ENROLLED)
    other = make_user(office, "other@np2.example", Role.INTAKE, totp_secret=NOT_ENROLLED)
    device = SoftAuthenticator(ORIGIN)
    registered(owner, device)
    registered(other, SoftAuthenticator(ORIGIN))

    ceremony = passkeys.authentication_options(owner, ORIGIN)
    with pytest.raises(SignInRefused):  # a phishing page's origin
        passkeys.verify_passkey(owner, ORIGIN, ceremony.challenge,
                                device.get(ceremony.options_json, origin="https://evil.example"))
    ceremony = passkeys.authentication_options(owner, ORIGIN)
    with pytest.raises(SignInRefused):  # the owner's passkey is not the other's
        passkeys.verify_passkey(other, ORIGIN, ceremony.challenge,
                                device.get(ceremony.options_json))
    ceremony = passkeys.authentication_options(owner, ORIGIN)
    passkeys.verify_passkey(owner, ORIGIN, ceremony.challenge, device.get(ceremony.options_json))
    device.sign_count = 0  # a copy of the key that has not seen the last use
    ceremony = passkeys.authentication_options(owner, ORIGIN)
    with pytest.raises(SignInRefused):
        passkeys.verify_passkey(owner, ORIGIN, ceremony.challenge,
                                device.get(ceremony.options_json))


def test_the_last_second_factor_stays_and_a_passkey_is_registered_once(office):
    user = make_user(office, "officer@np2.example", Role.INTAKE, totp_secret=NOT_ENROLLED)
    device = SoftAuthenticator(ORIGIN)
    key = registered(user, device)
    ceremony = passkeys.registration_options(user, ORIGIN)
    with pytest.raises(CaseError, match="ลงทะเบียนไว้แล้ว"):
        passkeys.add_passkey(user, ORIGIN, ceremony.challenge,
                             device.create(ceremony.options_json), "อีกครั้ง")
    with pytest.raises(CaseError, match="ลบพาสคีย์สุดท้ายไม่ได้"):
        passkeys.remove_passkey(user, key.id)
    second = registered(user, SoftAuthenticator(ORIGIN))
    passkeys.remove_passkey(user, key.id)
    db.session.commit()
    assert user.passkeys == [second]


def test_over_http_a_passkey_is_the_second_step(client, office):
    user = make_user(office, "officer@np2.example", Role.CASE_OFFICER, totp_secret=NOT_ENROLLED)
    device = SoftAuthenticator(HTTP_ORIGIN)
    assert password_step(client, user.email).headers["Location"].endswith("/two-factor/setup")
    page = client.get("/staff/two-factor/setup").get_data(as_text=True)
    response = client.post("/staff/passkeys/add", data={
        "csrf_token": _token(page), "credential": device.create(_options(page)), "name": "มือถือ"})
    assert response.headers["Location"] == "/staff/" and signed_in(client)

    other = client.application.test_client()
    assert password_step(other, user.email).headers["Location"].endswith("/sign-in/code")
    page = other.get("/staff/sign-in/code").get_data(as_text=True)
    response = other.post("/staff/sign-in/passkey", data={
        "csrf_token": _token(page), "credential": device.get(_options(page))})
    assert response.headers["Location"] == "/staff/" and signed_in(other)


def test_half_signed_in_nobody_adds_a_passkey_beside_the_owners_factor(client, office):
    """Knowing the password must not let anyone register their own passkey and skip the
    owner's authenticator."""
    user = make_user(office, "officer@np2.example", Role.CASE_OFFICER)  # has TOTP
    password_step(client, user.email)
    assert client.get("/staff/two-factor/setup").headers["Location"].endswith("/sign-in/code")
    response = post(client, "/staff/passkeys/add",
                    {"credential": SoftAuthenticator(HTTP_ORIGIN).create(_fake_options(user))},
                    token_from="/staff/sign-in/code")
    assert response.headers["Location"].endswith("/staff/sign-in/code")
    db.session.refresh(user)
    assert user.passkeys == [] and not signed_in(client)


def _token(page: str) -> str:
    match = CSRF_RE.search(page)
    return match.group(1) or match.group(2)


def _options(page: str) -> str:
    """The options a passkey form carries for static/js/passkeys.js."""
    return html.unescape(re.search(r'data-options="([^"]+)"', page).group(1))


def _fake_options(user) -> str:
    return json.dumps({"rp": {"id": "localhost"}, "challenge": "AAAA"})


def test_a_passkey_still_signs_in_while_wrong_codes_lock_the_codes(client, office):
    """Whoever knows the password can lock the codes; the owner's passkey still works."""
    user = make_user(office, "officer@np2.example", Role.CASE_OFFICER)  # has TOTP too
    device = SoftAuthenticator(HTTP_ORIGIN)
    ceremony = passkeys.registration_options(user, HTTP_ORIGIN)
    passkeys.add_passkey(user, HTTP_ORIGIN, ceremony.challenge,
                         device.create(ceremony.options_json), "โทรศัพท์")
    user.second_factor_locked_until = utcnow() + timedelta(minutes=15)
    db.session.commit()
    password_step(client, user.email)
    response = post(client, "/staff/sign-in/code", {"code": code_for(user.totp_secret)})
    assert response.headers["Location"].endswith("/staff/sign-in/code")  # the step stays
    page = client.get("/staff/sign-in/code").get_data(as_text=True)
    assert "ใส่รหัสยืนยันผิดหลายครั้งเกินไป" in page and not signed_in(client)
    response = client.post("/staff/sign-in/passkey", data={
        "csrf_token": _token(page), "credential": device.get(_options(page))})
    assert signed_in(client)
