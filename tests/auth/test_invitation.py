"""A new account's password: set by its owner from an e-mailed link, never shown to anyone.

Issue 17 §2: an administrator used to read a new account's initial password on screen, so
one administrator could create an approver and sign in as them.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.admin.accounts import AccountFields, create_user
from portal.auth import passwords
from portal.extensions import db
from portal.models import Delivery, Role, User
from portal.security.passwords import verify_password
from tests.admin.conftest import sign_in as admin_session
from tests.auth.factories import make_user, password_step, post, signed_in
from tests.helpers import post_form

NEW_PASSWORD = "ฝนตกหนักที่นครพนมเมื่อวาน"
LINK_RE = re.compile(r"http://portal\.test(/staff/password/set/[A-Za-z0-9_\-.]+)")


def invitation(email: str) -> Delivery:
    db.session.expire_all()
    # The recipient is encrypted at rest: compared here, not in SQL.
    [mail] = [d for d in db.session.scalars(select(Delivery)) if d.recipient == email]
    return mail


def test_the_owner_sets_the_password_from_the_link_and_no_page_shows_one(app, client, office):
    admin = make_user(office, "admin@np2.example", Role.ADMIN)
    desk = app.test_client()
    admin_session(desk, admin)
    seen = []
    response = post_form(desk, "/admin/users/new", {"email": "new@np2.example",
                                                    "name": "สมหญิง ใหม่", "roles": ["intake"]})
    while response.status_code == 302:
        response = desk.get(response.headers["Location"])
        seen.append(response.get_data(as_text=True))
    seen.append(desk.get("/admin/users").get_data(as_text=True))
    mail = invitation("new@np2.example")
    assert mail.purpose == "account_invitation" and "สร้างบัญชีเจ้าหน้าที่" in mail.body_text
    link = LINK_RE.search(mail.body_text).group(1)
    assert all(link not in page for page in seen)  # the administrator never sees the link

    page = client.get(link)
    assert page.status_code == 200 and "ตั้งรหัสผ่านสำหรับบัญชีใหม่" in page.get_data(True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    response = post(client, link, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"].endswith("/staff/sign-in")
    user = db.session.scalar(select(User).where(User.email == "new@np2.example"))
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD)
    # Whatever the administrator's pages showed, none of it is the password.
    words = {w for page in seen for w in re.findall(r"[^\s<>\"']{8,}", page)}
    assert not any(verify_password(user.password_hash, w) for w in words if len(w) < 80)
    # Used once; then the first sign-in asks for a second factor.
    again = app.test_client().get(link, follow_redirects=True)
    assert "ลิงก์ตั้งรหัสผ่านนี้ใช้ไม่ได้" in again.get_data(as_text=True)
    response = password_step(client, "new@np2.example", NEW_PASSWORD)
    assert response.headers["Location"].endswith("/staff/two-factor/setup")
    assert not signed_in(client)


def test_the_command_line_sends_no_invitation_and_a_reset_link_is_no_invitation(app, office):
    account = create_user(None, office, "first@np2.example",
                          AccountFields(name="ผอ.", roles=[Role.DIRECTOR], work_group_ids=[]))
    db.session.commit()
    assert account.invitation is None  # the operator typed the password on the server
    reset = passwords.make_reset_token(account.user)
    client = app.test_client()
    response = client.get(f"/staff/password/set/{reset}", follow_redirects=True)
    assert response.request.path == "/staff/password/forgot"


def test_an_invitation_expires_after_three_days(app, client, office, monkeypatch):
    admin = make_user(office, "admin@np2.example", Role.ADMIN)
    account = create_user(admin, office, "new@np2.example",
                          AccountFields(name="ใหม่", roles=[Role.INTAKE], work_group_ids=[]))
    db.session.commit()
    link = LINK_RE.search(account.invitation.body_text).group(1)
    monkeypatch.setattr(passwords, "INVITE_MAX_AGE", -1)
    response = client.get(link, follow_redirects=True)
    assert "อาจหมดอายุ (เกิน 3 วัน)" in response.get_data(as_text=True)
