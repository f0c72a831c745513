"""The director confirms a role an administrator asked for, then reads the account history."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from portal.admin import accounts
from portal.admin.accounts import AccountFields
from portal.extensions import db
from portal.models import Office, Role, User, WorkGroup
from tests.admin.conftest import sign_in
from tests.admin.factories import make_user
from tests.browser.test_triage import blocking

pytestmark = pytest.mark.browser
AGENT = f"Werkzeug/{version('werkzeug')}"  # the agent the session's identifier was made for


def session_of(app, user: User) -> str:
    """The session cookie of ``user`` having passed both sign-in factors."""
    client = app.test_client()
    sign_in(client, user)
    return client.get_cookie("session").value


def signed_in_context(contexts, cookie: str, **options):
    context = contexts.new(user_agent=AGENT, **options)
    context.add_cookies([{"name": "session", "value": cookie, "url": contexts.base_url}])
    return context


def test_director_confirms_a_role_and_reads_the_history(app, contexts, live_server):
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    legal = db.session.scalar(select(WorkGroup).where(WorkGroup.office_id == office.id,
                                                      WorkGroup.code == "legal"))
    admin = make_user(office, Role.ADMIN, name="ผู้ดูแล ระบบ")
    officer = make_user(office, Role.CASE_OFFICER, name="วิชัย ซื่อตรง", groups=(legal,))
    director = make_user(office, Role.DIRECTOR, name="ผอ. สมชาย")
    accounts.update_user(admin, officer, AccountFields(
        officer.name, [Role.CASE_OFFICER, Role.INTEGRITY], [legal.id]))
    db.session.commit()
    officer_id, cookie = officer.id, session_of(app, director)
    db.session.remove()
    axe = Axe()
    for options in ({}, {"viewport": {"width": 360, "height": 740}, "is_mobile": True}):
        page = signed_in_context(contexts, cookie, **options).new_page()
        page.goto("/staff/oversight/role-grants")
        expect(page.get_by_role("heading", level=1)).to_have_text("คำขอให้บทบาทที่รอยืนยัน")
        assert blocking(axe, page) == []
        page.goto("/staff/oversight/account-log")
        expect(page.get_by_role("cell", name="ขอให้บทบาท (รอผู้ยืนยัน)")).to_be_visible()
        assert blocking(axe, page) == []
    page.goto("/staff/oversight/role-grants")
    row = page.get_by_role("row").filter(has_text="วิชัย ซื่อตรง")
    row.get_by_role("button", name="ยืนยันให้บทบาท").click()
    expect(page.locator(".notice-success")).to_contain_text("ให้บทบาท")
    expect(page.get_by_role("cell", name="ไม่มีคำขอที่รอยืนยัน")).to_be_visible()
    page.get_by_role("link", name="ประวัติบัญชีเจ้าหน้าที่").click()
    expect(page.get_by_role("cell", name="ยืนยันการให้บทบาท")).to_be_visible()
    assert Role.INTEGRITY in db.session.get(User, officer_id).role_set
    db.session.remove()
