"""Password reset by e-mail: the same answer for everyone, a link that works once, for an hour."""

from __future__ import annotations

import re
import time

from sqlalchemy import func, select

from portal.auth import passwords
from portal.extensions import db
from portal.models import Delivery
from tests.auth.factories import PASSWORD, make_user, page_errors, post, sign_in, signed_in

NEW_PASSWORD = "ฝนตกหนักที่นครพนมเมื่อวาน"
LINK_RE = re.compile(r"http://portal\.test(/staff/password/reset/[A-Za-z0-9_\-.]+)")


def deliveries() -> list[Delivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(Delivery).order_by(Delivery.id)))


def ask(client, email: str):
    return post(client, "/staff/password/forgot", {"email": email}, follow_redirects=True)


def test_the_answer_is_the_same_whether_or_not_the_address_exists(client, office):
    make_user(office)
    known = ask(client, "somsri@np2.example")
    unknown = ask(client, "nobody@np2.example")
    assert known.status_code == unknown.status_code == 200
    notice = re.compile(r'<div class="notice[^>]*>(.*?)</div>', re.S)
    assert notice.findall(known.get_data(True)) == notice.findall(unknown.get_data(True))
    assert "ถ้าอีเมลนี้เป็นของบัญชีเจ้าหน้าที่" in known.get_data(as_text=True)
    [delivery] = deliveries()
    assert delivery.recipient == "somsri@np2.example"


def test_the_link_sets_a_new_password_once_and_ends_sessions(app, client, office):
    user = make_user(office)
    desk = app.test_client()
    sign_in(desk, user.email)
    ask(client, user.email)
    link = LINK_RE.search(deliveries()[0].body_text).group(1)
    page = client.get(link)
    assert page.status_code == 200 and user.email in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    response = post(client, link, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in")
    assert not signed_in(desk)
    assert sign_in(client, user.email, PASSWORD).status_code == 422
    assert sign_in(client, user.email, NEW_PASSWORD).status_code == 302
    # Used once: the same link now sends to the request form with a clear message.
    again = app.test_client().get(link, follow_redirects=True)
    assert "ลิงก์ตั้งรหัสผ่านใหม่นี้ใช้ไม่ได้" in again.get_data(as_text=True)
    assert again.request.path == "/staff/password/forgot"


def test_the_policy_applies_to_a_reset(client, office):
    user = make_user(office)
    link = "/staff/password/reset/" + passwords.make_reset_token(user)
    response = post(client, link, {"new_password": "qwerty123456", "confirm": "qwerty123456"})
    assert response.status_code == 422
    assert "เดาได้ง่าย" in page_errors(response)
    assert sign_in(client, user.email).status_code == 302  # unchanged


def test_a_link_older_than_an_hour_is_refused(client, office, monkeypatch):
    user = make_user(office)
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: 1_000_000_000.0)  # 2001: long ago
        token = passwords.make_reset_token(user)
    response = client.get("/staff/password/reset/" + token, follow_redirects=True)
    assert "ลิงก์ตั้งรหัสผ่านใหม่นี้ใช้ไม่ได้" in response.get_data(as_text=True)


def test_a_reset_unlocks_a_locked_account(client, office):
    user = make_user(office)
    for _ in range(5):
        sign_in(client, user.email, "wrong password!!")
    link = "/staff/password/reset/" + passwords.make_reset_token(user)
    post(client, link, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert sign_in(client, user.email, NEW_PASSWORD).status_code == 302


def test_requests_are_rate_limited(app, client, office):
    app.config["PORTAL_RATE_LIMIT_FORGOT"] = "3 per hour"
    for i in range(3):
        assert ask(client, f"someone{i}@np2.example").status_code == 200
    response = post(client, "/staff/password/forgot", {"email": "x@np2.example"})
    assert response.status_code == 429


def test_no_more_than_three_mails_an_hour_to_one_address(client, office):
    make_user(office)
    for _ in range(5):
        ask(client, "somsri@np2.example")
    assert db.session.scalar(select(func.count(Delivery.id))) == 3
