"""Guessing codes is limited on the account itself, not only per address (issue 17 §2).

The scenario from the issue: 40 wrong codes from 8 addresses, then the right code from a
ninth. It used to sign in; now the account's codes are locked after 5 wrong ones, with a
Thai message saying until when.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.auth import code_limits
from portal.auth.errors import SignInRefused
from portal.auth.signin import Client
from portal.auth.two_factor import verify_code
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Role, SignInRecord, User
from portal.security import totp
from tests.auth.factories import code_for, make_user, password_step, post, signed_in

ADDRESSES = [f"198.51.100.{n}" for n in range(1, 9)]
LOCKED = "ใส่รหัสยืนยันผิดหลายครั้งเกินไป"


def wrong_code(secret: str) -> str:
    valid = {code_for(secret, offset) for offset in range(-2, 3)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def from_address(app, ip: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def pending(client) -> bool:
    with client.session_transaction() as session:
        return "auth_pending" in session


def try_code(client, user: User, code: str):
    """The password (again, when the last refusal ended the step), then ``code``."""
    if not pending(client):
        response = password_step(client, user.email)
        assert response.headers["Location"].endswith("/staff/sign-in/code"), response.status
    return post(client, "/staff/sign-in/code", {"code": code})


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_forty_wrong_codes_from_eight_addresses_then_the_right_one_is_refused(app, office):
    user = make_user(office, "officer@np2.example", Role.CASE_OFFICER,
                     totp_secret=totp.new_secret())
    wrong = wrong_code(user.totp_secret)
    for ip in ADDRESSES:
        client = from_address(app, ip)
        for _ in range(5):
            try_code(client, user, wrong)
            assert not signed_in(client)
    assert fresh(user).second_factor_failures == 5  # counted until the lock, then refused
    until = fresh(user).second_factor_locked_until
    assert until is not None and timedelta(minutes=14) < until - utcnow() <= timedelta(minutes=15)

    ninth = from_address(app, "203.0.113.9")
    response = try_code(ninth, user, code_for(user.totp_secret))
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in")
    assert not signed_in(ninth)
    page = ninth.get("/staff/sign-in").get_data(as_text=True)
    assert LOCKED in page and "ใช้รหัสได้อีกครั้งหลัง" in page and " น." in page  # a Thai time
    reasons = db.session.scalars(select(SignInRecord.reason).where(
        SignInRecord.user_id == user.id, SignInRecord.success.is_(False))).all()
    assert reasons.count("bad_code") == 5 and "codes_locked" in reasons


def test_the_code_works_again_when_the_lock_ends_and_the_count_starts_afresh(app, office):
    user = make_user(office, "officer@np2.example", Role.CASE_OFFICER,
                     totp_secret=totp.new_secret())
    for ip in ADDRESSES[:5]:
        try_code(from_address(app, ip), user, wrong_code(user.totp_secret))
    locked = fresh(user)
    assert locked.second_factor_locked_until is not None
    locked.second_factor_locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    client = from_address(app, "203.0.113.9")
    try_code(client, user, code_for(user.totp_secret))
    assert signed_in(client)
    assert fresh(user).second_factor_failures == 0
    assert fresh(user).second_factor_locked_until is None


def test_each_lock_is_longer_than_the_one_before(app, office):
    user = make_user(office, "officer@np2.example", Role.CASE_OFFICER,
                     totp_secret=totp.new_secret())
    lengths = []
    for round_ in range(3):
        for n in range(5):
            client = Client(f"192.0.2.{round_ * 5 + n + 1}", "guesser")
            with pytest.raises(SignInRefused) as refused:
                verify_code(user, wrong_code(user.totp_secret), client)
            db.session.commit()
        assert refused.value.reason == "codes_locked"
        lengths.append(refused.value.locked_until - utcnow())
        with pytest.raises(SignInRefused) as still:  # the right code is refused too
            verify_code(user, code_for(user.totp_secret), Client("203.0.113.1", "owner"))
        assert still.value.reason == "codes_locked"
        db.session.commit()
        fresh(user).second_factor_locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert [round(t / timedelta(minutes=1)) for t in lengths] == [15, 30, 60]


def test_a_lock_never_lasts_more_than_a_day(app, office):
    user = make_user(office, "officer@np2.example", Role.CASE_OFFICER,
                     totp_secret=totp.new_secret())
    until = code_limits.lock_after(user, 5 * 40)
    assert until - utcnow() <= timedelta(days=1)
