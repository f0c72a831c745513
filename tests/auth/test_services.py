"""The sign-in, two-factor and password services, without HTTP."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.auth import limits, passwords, signin, two_factor
from portal.auth.errors import InvalidResetLink, PasswordRejected, SignInRefused, WrongPassword
from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.models import Delivery, Passkey, Role, SignInRecord
from portal.security import totp
from tests.auth.factories import NOT_ENROLLED, PASSWORD, code_for, make_user

HERE = signin.Client(ip="203.0.113.7", user_agent="Firefox/140")
NEW_PASSWORD = "ฝนตกหนักที่นครพนมเมื่อวาน"


@pytest.fixture(autouse=True)
def _request_context(app):
    # Messages are rendered in the visitor's language, which a request carries.
    with app.test_request_context():
        yield


def records():
    return list(db.session.scalars(select(SignInRecord).order_by(SignInRecord.id)))


def refused(call, *args, **kwargs) -> SignInRefused:
    with pytest.raises(SignInRefused) as info:
        call(*args, **kwargs)
    db.session.commit()  # as the view does: the record and the count survive the refusal
    return info.value


def test_right_password_returns_the_user_and_records_nothing_yet(office):
    user = make_user(office)
    assert signin.authenticate(" SomSri@NP2.example ", PASSWORD, HERE) is user
    assert records() == []  # the sign-in is recorded when every step has passed
    signin.complete_sign_in(user, HERE)
    db.session.commit()
    [record] = records()
    assert (record.user_id, record.success, record.ip_address, record.user_agent) == (
        user.id, True, "203.0.113.7", "Firefox/140")
    assert user.last_sign_in_at is not None


def test_unknown_email_and_wrong_password_get_the_same_message(office):
    make_user(office)
    unknown = refused(signin.authenticate, "nobody@np2.example", PASSWORD, HERE)
    wrong = refused(signin.authenticate, "somsri@np2.example", "not the password!", HERE)
    assert str(unknown.message) == str(wrong.message)
    assert [(r.reason, r.success, r.email) for r in records()] == [
        ("unknown_email", False, "nobody@np2.example"),
        ("bad_password", False, "somsri@np2.example")]


def test_inactive_account_is_refused_with_the_same_message(office):
    user = make_user(office, active=False)
    error = refused(signin.authenticate, user.email, PASSWORD, HERE)
    assert error.reason == "inactive"
    assert str(error.message) == str(signin.WRONG_CREDENTIALS)


def test_five_failures_lock_the_account_from_that_address_for_fifteen_minutes(office):
    user = make_user(office)
    now = utcnow()
    for _attempt in range(1, 5):
        error = refused(signin.authenticate, user.email, "wrong password!", HERE)
        assert error.locked_until is None and error.reason == "bad_password"
    error = refused(signin.authenticate, user.email, "wrong password!", HERE)
    assert now + timedelta(minutes=14) < error.locked_until <= utcnow() + timedelta(minutes=15)
    # Locked here: even the right password is refused, and the message says until when (B.E.).
    error = refused(signin.authenticate, user.email, PASSWORD, HERE)
    assert error.reason == "locked"
    local = to_local(error.locked_until)
    assert str(local.year + 543) in str(error.message) and f"{local:%H:%M}" in str(error.message)
    # Whoever tried it cannot lock the owner out: from the owner's address it still works,
    # and a success there starts that address's count afresh.
    office_pc = signin.Client(ip="192.0.2.44", user_agent="Edge")
    for _ in range(4):
        refused(signin.authenticate, user.email, "typo password!", office_pc)
    assert signin.authenticate(user.email, PASSWORD, office_pc) is user
    signin.complete_sign_in(user, office_pc)
    assert limits.account_locked_until(limits.account_key(user.email, user, "192.0.2.44")) is None
    again = refused(signin.authenticate, user.email, "typo password!", office_pc)
    assert again.locked_until is None


def test_an_unknown_account_locks_exactly_like_a_known_one(office):
    user = make_user(office)
    answers = []
    for email in (user.email, "nobody@np2.example"):
        errors = [refused(signin.authenticate, email, "wrong password!", HERE) for _ in range(6)]
        answers.append([(str(e.message).split("หลัง")[0], e.locked_until is not None)
                        for e in errors])
    assert answers[0] == answers[1]
    assert answers[0][-1] == (answers[0][-1][0], True) and "ถูกล็อกชั่วคราว" in answers[0][-1][0]


def test_failures_from_one_address_are_limited(app, office):
    app.config["PORTAL_RATE_LIMIT_SIGN_IN"] = "3 per 15 minutes"
    user = make_user(office)
    for _ in range(3):
        refused(signin.authenticate, "nobody@np2.example", "whatever-password", HERE)
    error = refused(signin.authenticate, user.email, PASSWORD, HERE)
    assert error.reason == "ip_blocked"
    elsewhere = signin.Client(ip="198.51.100.1", user_agent="x")
    assert signin.authenticate(user.email, PASSWORD, elsewhere) is user
    assert not limits.sign_in_blocked("198.51.100.1")


def test_a_code_is_accepted_once(office):
    secret = totp.new_secret()
    user = make_user(office, "boss@np2.example", Role.DIRECTOR, totp_secret=secret)
    code = code_for(secret)
    two_factor.verify_code(user, code, HERE)
    error = refused(two_factor.verify_code, user, code, HERE)
    assert error.reason == "bad_code"
    two_factor.verify_code(user, code_for(secret, 1), HERE)  # the next step still works


def test_wrong_codes_count_towards_the_lock(office):
    secret = totp.new_secret()
    user = make_user(office, "boss@np2.example", Role.DIRECTOR, totp_secret=secret)
    wrong = "000000" if code_for(secret) != "000000" else "111111"
    for _ in range(5):
        error = refused(two_factor.verify_code, user, wrong, HERE)
    assert error.locked_until is not None
    error = refused(two_factor.verify_code, user, code_for(secret), HERE)
    assert error.reason == "locked"
    # Codes are counted on the account too (only someone with the password gets this far):
    # from any other address the right code waits for the lock to end as well.
    error = refused(two_factor.verify_code, user, code_for(secret),
                    signin.Client("192.0.2.44", "Edge"))
    assert error.reason == "codes_locked" and error.locked_until is not None


def test_enrolment_keeps_the_secret_until_a_code_confirms_it(office):
    user = make_user(office, "admin@np2.example", Role.ADMIN, totp_secret=NOT_ENROLLED)
    secret = two_factor.begin_enrolment(user)
    assert two_factor.begin_enrolment(user) == secret  # a reload shows the same QR code
    assert not user.totp_enabled
    with pytest.raises(Exception, match="ไม่ถูกต้อง"):
        two_factor.confirm_enrolment(user, "123456" if code_for(secret) != "123456" else "654321")
    two_factor.confirm_enrolment(user, code_for(secret))
    assert user.totp_enabled and user.totp_last_step == totp.time_step(time.time())


@pytest.mark.parametrize("role", list(Role))
def test_the_only_second_factor_cannot_be_removed(office, role):
    user = make_user(office, "staff@np2.example", role, totp_secret=totp.new_secret())
    with pytest.raises(Exception, match="ต้องมีการยืนยันตัวตนขั้นที่สอง"):
        two_factor.disable_two_factor(user, PASSWORD)
    user.passkeys.append(Passkey(credential_id="AAEC", public_key=b"cose", name="โทรศัพท์"))
    with pytest.raises(WrongPassword):
        two_factor.disable_two_factor(user, "not my password")
    two_factor.disable_two_factor(user, PASSWORD)  # the passkey remains the second factor
    assert not user.totp_enabled and user.totp_secret is None


def test_change_password_checks_the_current_one_and_the_policy(office):
    user = make_user(office)
    with pytest.raises(WrongPassword):
        passwords.change_password(user, "wrong current!!", NEW_PASSWORD, HERE.ip)
    for weak in ("short", "password1234", "somsri-password-long", PASSWORD):
        with pytest.raises(PasswordRejected):
            passwords.change_password(user, PASSWORD, weak, HERE.ip)
    version = user.session_version
    passwords.change_password(user, PASSWORD, NEW_PASSWORD, HERE.ip)
    assert user.session_version == version + 1
    assert signin.authenticate(user.email, NEW_PASSWORD, HERE) is user


def test_reset_token_works_once(office):
    user = make_user(office)
    token = passwords.make_reset_token(user)
    assert passwords.user_for_reset_token(token) is user
    passwords.reset_password(token, NEW_PASSWORD)
    db.session.commit()
    with pytest.raises(InvalidResetLink):
        passwords.reset_password(token, "another fine passphrase")


def test_reset_token_expires_after_an_hour(office, monkeypatch):
    user = make_user(office)
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: 1_700_000_000.0)
        token = passwords.make_reset_token(user)
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: 1_700_000_000.0 + 3599)
        assert passwords.user_for_reset_token(token) is user
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: 1_700_000_000.0 + 3601)
        with pytest.raises(InvalidResetLink):
            passwords.user_for_reset_token(token)


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"),
    lambda t: "x" + t,
    lambda t: "",
])
def test_forged_reset_tokens_are_refused(office, tamper):
    token = passwords.make_reset_token(make_user(office))
    with pytest.raises(InvalidResetLink):
        passwords.user_for_reset_token(tamper(token))


def test_reset_mail_goes_only_to_existing_active_users_and_not_too_often(app, office):
    make_user(office)
    make_user(office, "gone@np2.example", active=False)
    assert passwords.request_password_reset("nobody@np2.example") is None
    assert passwords.request_password_reset("gone@np2.example") is None
    sent = [passwords.request_password_reset("SOMSRI@np2.example") for _ in range(4)]
    db.session.commit()
    assert [d is not None for d in sent] == [True, True, True, False]
    delivery = db.session.scalars(select(Delivery)).first()
    assert delivery.recipient == "somsri@np2.example" and delivery.case_id is None
    assert "http://portal.test/staff/password/reset/" in delivery.body_text
    assert "http://portal.test/staff/password/reset/" in delivery.body_html
    assert delivery.subject == "ตั้งรหัสผ่านใหม่สำหรับระบบสุจริต"
