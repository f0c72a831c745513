"""Integrity and director roles take two people; every account change is in an append-only log
the director reads and administrators cannot edit."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from portal.admin import accounts
from portal.admin.accounts import AccountFields
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import AccountAction, AccountAuditEntry, GrantStatus, Role, RoleGrant, User
from portal.oversight import role_grants
from tests.admin.conftest import fresh, group, post_action, sign_in
from tests.admin.factories import make_user
from tests.helpers import csrf_token, post_form


def log(user=None) -> list[tuple[AccountAction, dict]]:
    query = sa.select(AccountAuditEntry).order_by(AccountAuditEntry.id)
    if user is not None:
        query = query.where(AccountAuditEntry.target_id == user.id)
    return [(e.action, json.loads(e.detail)) for e in db.session.scalars(query)]


def test_an_admin_giving_themselves_the_integrity_role_only_asks(client, office, admin):
    response = post_form(client, f"/admin/users/{admin.id}",
                         {"name": admin.name, "roles": ["admin", "integrity"]})
    assert response.status_code == 302
    assert fresh(admin).role_set == {Role.ADMIN}  # no access to corruption reports yet
    assert "จะมีผลเมื่อผู้อำนวยการหรือผู้รับผิดชอบเรื่องทุจริตอีกคนหนึ่งยืนยัน" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    grant = db.session.scalar(sa.select(RoleGrant))
    assert (grant.role, grant.status, grant.requested_by_id) == (
        Role.INTEGRITY, GrantStatus.PENDING, admin.id)
    assert log(admin) == [(AccountAction.GRANT_REQUESTED,
                           {"grant": grant.id, "role": "integrity"})]
    assert client.get("/staff/oversight/role-grants").status_code == 403


def test_the_director_confirms_and_the_role_is_given(app, client, office, admin):
    officer = make_user(office, Role.CASE_OFFICER, groups=(group(office, "legal"),))
    director = make_user(office, Role.DIRECTOR, name="ผอ. สมชาย")
    db.session.commit()
    post_form(client, f"/admin/users/{officer.id}",
              {"name": officer.name, "roles": ["case_officer", "integrity"],
               "work_group_ids": [group(office, "legal").id]})
    grant = db.session.scalar(sa.select(RoleGrant))
    their_browser = app.test_client()
    sign_in(their_browser, director)
    page = their_browser.get("/staff/oversight/role-grants").get_data(as_text=True)
    assert officer.name in page and "ผู้รับผิดชอบเรื่องทุจริต" in page
    token = {"csrf_token": csrf_token(their_browser, "/staff/oversight/role-grants")}
    response = their_browser.post(f"/staff/oversight/role-grants/{grant.id}/confirm",
                                  data=token, follow_redirects=True)
    assert "ให้บทบาท" in response.get_data(as_text=True)
    assert fresh(officer).role_set == {Role.CASE_OFFICER, Role.INTEGRITY}
    assert fresh(grant).status is GrantStatus.CONFIRMED and grant.decided_by_id == director.id
    action, detail = log(officer)[-1]
    assert action is AccountAction.GRANT_CONFIRMED
    assert detail["after"] == ["case_officer", "integrity"] and detail["requested_by"] == admin.id
    # Deciding twice does nothing more.
    their_browser.post(f"/staff/oversight/role-grants/{grant.id}/decline", data=token)
    assert fresh(grant).status is GrantStatus.CONFIRMED


def test_neither_the_asker_nor_the_receiver_may_confirm(app, office):
    asker = make_user(office, Role.ADMIN, Role.INTEGRITY)  # holds a confirming role itself
    receiver = make_user(office, Role.INTEGRITY)
    outsider = make_user(office, Role.INTAKE)
    grant = role_grants.request_role_grant(asker, receiver, Role.DIRECTOR)
    for person in (asker, receiver, outsider):
        assert not role_grants.may_decide(person, grant)
        with pytest.raises(CaseError):
            role_grants.confirm_role_grant(person, grant)
    assert receiver.role_set == {Role.INTEGRITY}
    integrity = make_user(office, Role.INTEGRITY)
    role_grants.decline_role_grant(integrity, grant)
    assert grant.status is GrantStatus.DECLINED and receiver.role_set == {Role.INTEGRITY}


def test_a_new_account_with_the_director_role_waits_for_confirmation(app, office):
    admin = make_user(office, Role.ADMIN)
    created = accounts.create_user(admin, office, "new@example.com",
                                   AccountFields("ใหม่", [Role.DIRECTOR, Role.INTAKE], []))
    assert created.user.role_set == {Role.INTAKE}
    assert [g.role for g in created.pending_grants] == [Role.DIRECTOR]
    # The command line (the operator on the server) gives an office its first director.
    first = accounts.create_user(None, office, "first@example.com",
                                 AccountFields("ผอ.", [Role.DIRECTOR], []))
    assert first.user.role_set == {Role.DIRECTOR}
    assert log(first.user) == [(AccountAction.CREATED, {"groups": [], "roles": ["director"]})]


def test_every_account_change_is_logged(client, office, admin):
    user = make_user(office, Role.INTEGRITY, Role.INTAKE)
    user.totp_enabled, user.totp_secret = True, "JBSWY3DPEHPK3PXP"
    db.session.commit()
    page = f"/admin/users/{user.id}"
    post_form(client, page, {"name": user.name, "roles": ["case_officer"],
                             "work_group_ids": [group(office, "legal").id]})
    for action in ("deactivate", "reactivate", "reset-two-factor"):
        post_action(client, page, f"{page}/{action}")
    entries = log(user)
    assert [action for action, _ in entries] == [
        AccountAction.ROLES_CHANGED, AccountAction.GROUPS_CHANGED, AccountAction.DEACTIVATED,
        AccountAction.REACTIVATED, AccountAction.TWO_FACTOR_RESET]
    assert entries[0][1] == {"before": ["intake", "integrity"], "after": ["case_officer"]}
    assert entries[1][1] == {"before": [], "after": ["กลุ่มกฎหมายและคดี"]}
    actors = db.session.scalars(sa.select(AccountAuditEntry.actor_id)).all()
    assert set(actors) == {admin.id}


@pytest.mark.parametrize("statement", [
    "UPDATE account_audit_log SET action = 'created'",
    "DELETE FROM account_audit_log",
])
def test_the_database_refuses_to_change_the_log(app, office, statement):
    admin = make_user(office, Role.ADMIN)
    user = make_user(office, Role.INTAKE)
    accounts.deactivate_user(admin, user)
    db.session.commit()
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(sa.text(statement))
    assert len(log()) == 1


def test_only_the_director_reads_the_log(app, client, office, admin):
    user = make_user(office, Role.INTAKE, name="สมศรี")
    accounts.deactivate_user(admin, user)
    director = make_user(office, Role.DIRECTOR)
    integrity = make_user(office, Role.INTEGRITY)
    db.session.commit()
    assert client.get("/staff/oversight/account-log").status_code == 403  # the admin
    for person, status in ((integrity, 403), (director, 200)):
        browser = app.test_client()
        sign_in(browser, person)
        response = browser.get("/staff/oversight/account-log")
        assert response.status_code == status
    html = response.get_data(as_text=True)
    assert "สมศรี" in html and "ปิดการใช้งานบัญชี" in html and admin.name in html
    assert response.headers["Cache-Control"] == "no-store"


# --- issue 17 §2: nobody publishes alone --------------------------------------------------


def test_every_role_that_drafts_news_or_approves_needs_a_second_person():
    from portal.publishing.rules import APPROVER_ROLES

    assert APPROVER_ROLES | {Role.PR} <= role_grants.SENSITIVE_ROLES
    assert not role_grants.CONFIRMING_ROLES & {Role.PR, Role.APPROVER, Role.ADMIN}


def test_an_administrator_cannot_publish_alone(client, office, admin):
    """The issue's path: grant oneself PR, create an approver, read its password, approve."""
    response = post_form(client, f"/admin/users/{admin.id}",
                         {"name": admin.name, "roles": ["admin", "pr"]})
    assert response.status_code == 302
    assert fresh(admin).role_set == {Role.ADMIN}  # PR only asked for
    response = post_form(client, "/admin/users/new", {
        "email": "my-other-self@np2.example", "name": "ผู้อนุมัติ", "roles": ["approver"]})
    assert response.status_code == 302
    approver = db.session.scalar(sa.select(User).where(User.email == "my-other-self@np2.example"))
    assert approver.role_set == frozenset()  # no approver until a second person confirms
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "รหัสผ่านเริ่มต้น" not in html  # and no password to read (tests/auth/test_invitation)
    asked = {(g.user_id, g.role) for g in role_grants.pending_grants(office)}
    assert asked == {(admin.id, Role.PR), (approver.id, Role.APPROVER)}
    for grant in role_grants.pending_grants(office):
        assert not role_grants.may_decide(admin, grant)


@pytest.mark.parametrize("role", [Role.PR, Role.APPROVER])
def test_the_director_confirms_a_publishing_role(app, client, office, admin, role):
    officer = make_user(office, Role.INTAKE)
    director = make_user(office, Role.DIRECTOR, name="ผอ. สมชาย")
    db.session.commit()
    post_form(client, f"/admin/users/{officer.id}",
              {"name": officer.name, "roles": ["intake", role.value]})
    assert fresh(officer).role_set == {Role.INTAKE}
    grant = db.session.scalar(sa.select(RoleGrant))
    assert grant.role is role
    role_grants.confirm_role_grant(fresh(director), fresh(grant))
    db.session.commit()
    assert fresh(officer).role_set == {Role.INTAKE, role}
