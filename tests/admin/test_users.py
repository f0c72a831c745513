"""Users and roles: list, create (the user sets the password from an e-mailed link), edit,
deactivate, reset 2FA."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from portal.extensions import db
from portal.models import Delivery, Passkey, Role, User
from portal.oversight.role_grants import pending_grants_for
from tests.admin.conftest import fresh, group, post_action, sign_in
from tests.admin.factories import make_user
from tests.helpers import field_errors, post_form


def new_user(**overrides) -> dict:
    data = {"email": "Somsri@Example.com", "name": "สมศรี ใจงาม", "roles": ["case_officer"]}
    data.update(overrides)
    return data


def test_list_shows_the_office_staff_with_roles_groups_and_buddhist_era_sign_in(
        client, office, other_office, admin):
    legal = group(office, "legal")
    officer = make_user(office, Role.CASE_OFFICER, Role.INTEGRITY, name="วิชัย ซื่อตรง",
                        groups=(legal,))
    officer.last_sign_in_at = datetime(2026, 11, 24, 2, 30)  # 09:30 in Bangkok
    make_user(other_office, Role.ADMIN, name="คนของเขตอื่น")
    db.session.commit()
    html = client.get("/admin/users").get_data(as_text=True)
    assert "วิชัย ซื่อตรง" in html and officer.email in html
    assert "เจ้าหน้าที่ผู้รับผิดชอบเรื่อง" in html and "ผู้รับผิดชอบเรื่องทุจริต" in html
    assert "กลุ่มกฎหมายและคดี" in html
    assert "24 พฤศจิกายน 2569 เวลา 09:30 น." in html
    assert "ยังไม่เคยเข้าระบบ" in html  # the admin in this test never signed in
    assert "คนของเขตอื่น" not in html


def test_create_user_sends_a_set_password_link_and_shows_no_password(client, office, admin):
    legal = group(office, "legal")
    response = post_form(client, "/admin/users/new",
                         new_user(roles=["case_officer", "integrity"], work_group_ids=[legal.id]))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "somsri@example.com"))
    assert response.headers["Location"] == f"/admin/users/{user.id}"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ระบบส่งลิงก์ให้ผู้ใช้ตั้งรหัสผ่านเองไปที่ somsri@example.com" in html
    assert "initial-password" not in html and "รหัสผ่านเริ่มต้น" not in html
    assert user.office_id == office.id and user.active
    # The integrity role waits for a second person (tests/admin/test_role_grants.py).
    assert user.role_set == {Role.CASE_OFFICER}
    assert [grant.role for grant in pending_grants_for(user)] == [Role.INTEGRITY]
    assert [g.code for g in user.work_groups] == ["legal"]
    [mail] = [d for d in db.session.scalars(select(Delivery)) if d.recipient == user.email]
    assert mail.purpose == "account_invitation" and "/staff/password/set/" in mail.body_text
    assert client.get(f"/admin/users/{user.id}/created").status_code == 404


def test_create_user_validation_is_in_thai(client, office, admin):
    response = post_form(client, "/admin/users/new",
                         new_user(email="not-an-email", name="", roles=[]))
    assert response.status_code == 422
    errors = field_errors(response.get_data(as_text=True))
    assert "รูปแบบอีเมลไม่ถูกต้อง เช่น name@example.com" in errors
    assert "กรุณากรอกช่องนี้" in errors
    assert "กรุณาเลือกบทบาทอย่างน้อยหนึ่งบทบาท" in errors
    response = post_form(client, "/admin/users/new", new_user())
    assert "เจ้าหน้าที่ผู้รับผิดชอบเรื่องต้องอยู่ในกลุ่มงานอย่างน้อยหนึ่งกลุ่ม" in field_errors(
        response.get_data(as_text=True))
    response = post_form(client, "/admin/users/new", new_user(email=admin.email.upper(),
                                                              roles=["intake"]))
    assert response.status_code == 422
    assert "อีเมลนี้มีผู้ใช้อยู่แล้ว" in response.get_data(as_text=True)


def test_work_groups_of_another_office_cannot_be_given(client, office, other_office, admin):
    foreign = group(other_office, "legal")
    response = post_form(client, "/admin/users/new",
                         new_user(work_group_ids=[foreign.id]))
    assert response.status_code == 422
    assert db.session.scalar(select(User).where(User.email == "somsri@example.com")) is None


def test_edit_name_roles_and_groups(client, office, admin):
    user = make_user(office, Role.INTAKE, name="ชื่อเดิม")
    db.session.commit()
    promotion = group(office, "promotion")
    response = post_form(client, f"/admin/users/{user.id}",
                         {"name": "ชื่อใหม่", "roles": ["case_officer", "intake"],
                          "work_group_ids": [promotion.id]})
    assert response.status_code == 302
    user = fresh(user)
    assert user.name == "ชื่อใหม่" and user.role_set == {Role.CASE_OFFICER, Role.INTAKE}
    assert [g.code for g in user.work_groups] == ["promotion"]


def test_an_admin_cannot_remove_their_own_admin_role(client, office, admin):
    response = post_form(client, f"/admin/users/{admin.id}",
                         {"name": admin.name, "roles": ["intake"]})
    assert response.status_code == 422
    assert "ท่านไม่สามารถถอดบทบาทผู้ดูแลระบบของตนเองได้" in response.get_data(as_text=True)
    assert fresh(admin).role_set == {Role.ADMIN}


def test_deactivation_ends_the_users_sessions_and_reactivation_restores_access(
        app, client, office, admin):
    other_admin = make_user(office, Role.ADMIN)
    db.session.commit()
    their_browser = app.test_client()
    sign_in(their_browser, other_admin)
    assert their_browser.get("/admin/").status_code == 200
    page = f"/admin/users/{other_admin.id}"
    response = post_action(client, page, f"{page}/deactivate", follow_redirects=True)
    assert "ปิดการใช้งานบัญชีของ" in response.get_data(as_text=True)
    user = fresh(other_admin)
    assert not user.active and user.session_version == 2
    assert their_browser.get("/admin/").status_code == 302  # signed out everywhere
    post_action(client, page, f"{page}/reactivate")
    assert fresh(other_admin).active


def test_an_admin_cannot_deactivate_themselves(client, office, admin):
    page = f"/admin/users/{admin.id}"
    response = post_action(client, page, f"{page}/deactivate", follow_redirects=True)
    assert "ท่านไม่สามารถปิดการใช้งานบัญชีของตนเองได้" in response.get_data(as_text=True)
    user = fresh(admin)
    assert user.active and user.session_version == 1


def test_reset_two_factor_clears_the_secret_the_passkeys_and_the_code_lock(client, office, admin):
    user = make_user(office, Role.INTEGRITY)
    user.totp_secret, user.totp_enabled, user.totp_last_step = "JBSWY3DPEHPK3PXP", True, 99
    user.passkeys.append(Passkey(credential_id="AAEC", public_key=b"cose", name="โทรศัพท์"))
    user.second_factor_failures, user.second_factor_locked_until = 5, datetime(2999, 1, 1)
    db.session.commit()
    page = f"/admin/users/{user.id}"
    response = post_action(client, page, f"{page}/reset-two-factor", follow_redirects=True)
    assert "รีเซ็ตการยืนยันตัวตนสองขั้นตอนของ" in response.get_data(as_text=True)
    user = fresh(user)
    assert user.totp_secret is None and not user.totp_enabled and user.totp_last_step == 0
    assert user.passkeys == [] and user.second_factor_failures == 0
    assert user.second_factor_locked_until is None
    assert user.session_version == 2


def test_buttons_need_a_csrf_token(client, office, admin):
    user = make_user(office, Role.PR)
    db.session.commit()
    response = client.post(f"/admin/users/{user.id}/deactivate")
    assert response.status_code == 400
    assert fresh(user).active


def test_another_offices_users_do_not_exist_here(client, office, other_office, admin):
    foreign = make_user(other_office, Role.INTEGRITY)
    foreign.totp_enabled = True
    db.session.commit()
    page = f"/admin/users/{foreign.id}"
    assert client.get(page).status_code == 404
    for action in ("", "/deactivate", "/reactivate", "/reset-two-factor"):
        assert post_action(client, "/admin/users/new", page + action).status_code == 404
    assert client.get(page + "/created").status_code == 404
    foreign = fresh(foreign)
    assert foreign.active and foreign.totp_enabled and foreign.session_version == 1
