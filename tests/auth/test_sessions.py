"""Sessions that really end: sign-out, a password change, deactivation, age."""

from __future__ import annotations

import time
from types import SimpleNamespace

from portal.admin.accounts import deactivate_user
from portal.auth import sessions
from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.models import Role
from tests.auth.factories import (
    PASSWORD,
    make_user,
    page_errors,
    post,
    session_cookie,
    sign_in,
    signed_in,
    with_cookie,
)
from tests.helpers import csrf_token

NEW_PASSWORD = "ฝนตกหนักที่นครพนมเมื่อวาน"


def test_sign_out_ends_the_session_and_a_copy_of_its_cookie(app, client, office):
    user = make_user(office)
    sign_in(client, user.email)
    copied = session_cookie(client)
    assert signed_in(with_cookie(app, copied))  # the copy works while signed in
    response = post(client, "/staff/sign-out", {}, token_from="/staff/account")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in")
    assert not signed_in(client)
    assert not signed_in(with_cookie(app, copied))  # ... and not after


def _session_cookies_set(response) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]


def test_static_files_never_send_the_session_cookie_again(client, office):
    # A late answer to a page's favicon once carried the cookie its request left with and
    # undid the language the next page had just chosen.
    user = make_user(office)
    sign_in(client, user.email)
    assert len(_session_cookies_set(client.get("/"))) == 1  # a page renews a signed-in session
    for path in ("/favicon.ico", "/fonts/sarabun-regular.woff2", "/robots.txt",
                 "/static/css/site.css"):
        response = client.get(path)
        assert response.status_code == 200 and _session_cookies_set(response) == [], path
    chosen = client.get("/lang/en?next=/staff/account")
    assert len(_session_cookies_set(chosen)) == 1
    assert _session_cookies_set(client.get("/favicon.ico")) == []
    assert signed_in(client)
    assert '<html lang="en"' in client.get("/staff/account").get_data(as_text=True)


def test_sign_out_needs_a_post_with_the_csrf_token(client, office):
    user = make_user(office)
    sign_in(client, user.email)
    assert client.get("/staff/sign-out").status_code == 405
    assert client.post("/staff/sign-out").status_code == 400
    assert signed_in(client)


def test_password_change_ends_every_other_session_but_this_one(app, office):
    user = make_user(office)
    desk, phone = app.test_client(), app.test_client()
    sign_in(desk, user.email)
    sign_in(phone, user.email)
    assert signed_in(desk) and signed_in(phone)
    response = post(desk, "/staff/password", {"current_password": PASSWORD,
                                              "new_password": NEW_PASSWORD,
                                              "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert signed_in(desk)  # re-issued under the new session version
    assert not signed_in(phone)
    assert sign_in(phone, user.email).status_code == 422  # the old password is gone
    assert sign_in(phone, user.email, NEW_PASSWORD).status_code == 302


def test_password_change_refuses_weak_or_mismatched_passwords_in_thai(client, office):
    user = make_user(office)
    sign_in(client, user.email)
    cases = [
        ({"current_password": "wrong password", "new_password": NEW_PASSWORD,
          "confirm": NEW_PASSWORD}, "รหัสผ่านปัจจุบันไม่ถูกต้อง"),
        ({"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
         "อย่างน้อย 12 ตัวอักษร"),
        ({"current_password": PASSWORD, "new_password": "password1234",
          "confirm": "password1234"}, "ใช้กันมาก"),
        ({"current_password": PASSWORD, "new_password": "สมศรีรักแมวสามตัว",
          "confirm": "สมศรีรักแมวสามตัว"}, "ชื่อของท่าน"),
        ({"current_password": PASSWORD, "new_password": NEW_PASSWORD,
          "confirm": NEW_PASSWORD + "x"}, "ไม่ตรงกัน"),
    ]
    version = user.session_version
    for data, message in cases:
        response = post(client, "/staff/password", data)
        assert response.status_code == 422, message
        assert message in page_errors(response), message
    db.session.refresh(user)
    assert user.session_version == version
    assert signed_in(client)


def test_deactivation_ends_sessions(app, client, office):
    user = make_user(office)
    sign_in(client, user.email)
    copied = session_cookie(client)
    user.active = False
    db.session.commit()
    assert not signed_in(client)
    assert not signed_in(with_cookie(app, copied))
    assert sign_in(client, user.email).status_code == 422


def test_deactivation_by_an_administrator_ends_sessions_for_good(app, client, office):
    admin = make_user(office, "admin@np2.example", Role.ADMIN)
    user = make_user(office)
    sign_in(client, user.email)
    copied = session_cookie(client)
    deactivate_user(admin, user)
    db.session.commit()
    user.active = True  # even reactivated, the old session stays dead
    db.session.commit()
    assert not signed_in(with_cookie(app, copied))


def test_a_session_version_from_before_is_refused(client, office):
    user = make_user(office)
    sign_in(client, user.email)
    user.session_version += 1
    db.session.commit()
    assert not signed_in(client)


def test_a_session_ends_twelve_hours_after_sign_in(client, office, monkeypatch):
    user = make_user(office)
    sign_in(client, user.email)
    real = time.time
    monkeypatch.setattr(sessions, "time", SimpleNamespace(time=lambda: real() + 11.9 * 3600))
    assert signed_in(client)
    monkeypatch.setattr(sessions, "time", SimpleNamespace(time=lambda: real() + 12.1 * 3600))
    assert not signed_in(client)


def test_the_security_page_lists_own_sign_ins_in_buddhist_era(client, office):
    user = make_user(office)
    other = make_user(office, "other@np2.example")
    sign_in(client, other.email, "wrong password", headers={"User-Agent": "OtherBrowser/1"})
    sign_in(client, user.email, "wrong password", headers={"User-Agent": "Firefox/140"})
    sign_in(client, user.email, headers={"User-Agent": "Firefox/140"})
    html = client.get("/staff/password").get_data(as_text=True)
    table = html.split('id="sign-in-records"')[1].split("</table>")[0]
    assert table.count("<tr>") == 3  # the header and this user's two attempts
    assert "สำเร็จ" in table and "ไม่สำเร็จ (รหัสผ่านไม่ถูกต้อง)" in table
    assert "127.0.0.1" in table and "Firefox/140" in table and "OtherBrowser" not in table
    assert f"{to_local(utcnow()).year + 543}" in table  # Buddhist era
    assert f"{to_local(utcnow()).year}" not in table


def test_a_signed_in_visit_to_sign_in_goes_to_the_landing_page(client, office):
    user = make_user(office, "pr@np2.example", Role.PR)
    sign_in(client, user.email)
    response = client.get("/staff/sign-in")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/publishing"


def test_account_page_offers_sign_out_with_csrf(client, office):
    user = make_user(office)
    sign_in(client, user.email)
    html = client.get("/staff/account").get_data(as_text=True)
    assert 'action="/staff/sign-out"' in html and csrf_token(client, "/staff/account")
    assert user.email in html and "/staff/password" in html
