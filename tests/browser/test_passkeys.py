"""Passkeys in real Chromium, with a virtual authenticator (CDP WebAuthn domain) as the phone.

A case officer with no second factor yet signs in on a 360 px phone, creates a passkey at the
enrolment step and lands in the inbox; signs out; signs in again with the password and the
passkey; sees it listed on the account page, and cannot remove it while it is the only second
factor. A browser without WebAuthn, and one without JavaScript, read a Thai notice instead of
a button. Pages are served from ``localhost``: WebAuthn refuses IP addresses as relying
parties.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Passkey, Role, SignInRecord, User
from tests.browser.conftest import MOBILE
from tests.browser.flows import describe, page_width
from tests.browser.test_triage import (
    Staff,
    add_staff,
    blocking,
    expect_inbox,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser

UNSUPPORTED = "เบราว์เซอร์นี้ใช้พาสคีย์ไม่ได้"
CREATE = "สร้างพาสคีย์บนเครื่องนี้"
USE = "ยืนยันด้วยพาสคีย์"


@pytest.fixture
def on_localhost(contexts, live_server):
    contexts.base_url = live_server.replace("127.0.0.1", "localhost")
    return contexts


@pytest.fixture
def officer(live_server) -> Staff:
    return add_staff("officer@test.example", "วิชัย ส่งเสริม", Role.INTAKE, two_factor=False)


def virtual_authenticator(page: Page) -> tuple:
    """A platform authenticator (like a phone's) that verifies its user without asking."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    made = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True}})
    return cdp, made["authenticatorId"]


def passkeys_of(staff: Staff) -> list[Passkey]:
    user = db.session.scalar(select(User).where(User.email == staff.email))
    found = list(user.passkeys)
    db.session.expunge_all()
    db.session.remove()
    return found


def test_a_passkey_is_made_at_the_first_sign_in_then_signs_in_on_a_phone(
        on_localhost, officer, recorder):
    page = on_localhost.mobile_page()
    cdp, authenticator = virtual_authenticator(page)

    sign_in(page, officer)
    expect(page).to_have_url(re.compile(r"/staff/two-factor/setup$"))
    section = page.get_by_role("region", name=re.compile("พาสคีย์"))
    expect(section.locator(".passkey-unsupported")).to_be_hidden()
    section.get_by_label("ชื่อพาสคีย์").fill("โทรศัพท์ของวิชัย")
    section.get_by_role("button", name=CREATE).click()
    expect_inbox(page, officer)
    expect(page.locator(".notice-success")).to_contain_text("เพิ่มพาสคีย์แล้ว")
    [passkey] = passkeys_of(officer)
    assert passkey.name == "โทรศัพท์ของวิชัย" and passkey.last_used_at is None
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert [c["credentialId"] for c in stored["credentials"]] != []

    sign_out(page)
    sign_in(page, officer)
    expect(page).to_have_url(re.compile(r"/staff/sign-in/code$"))
    expect(page.get_by_label("รหัสยืนยัน 6 หลัก")).to_have_count(0)  # no authenticator app
    assert page_width(page) <= 360
    page.get_by_role("button", name=USE).click()
    expect_inbox(page, officer)
    [passkey] = passkeys_of(officer)
    assert passkey.last_used_at is not None

    page.goto("/staff/account")
    listed = page.locator("#passkey-list")
    expect(listed).to_contain_text("โทรศัพท์ของวิชัย")
    assert not blocking(Axe(), page), describe({"account": blocking(Axe(), page)})
    listed.get_by_role("button", name="ลบพาสคีย์ โทรศัพท์ของวิชัย").click()
    expect(page.locator(".notice-error")).to_contain_text("ลบพาสคีย์สุดท้ายไม่ได้")
    assert len(passkeys_of(officer)) == 1

    # The same authenticator cannot be registered twice (the server lists it as excluded).
    page.get_by_role("button", name=CREATE).click()
    expect(page.locator(".passkey-status")).to_contain_text("ใช้พาสคีย์ไม่สำเร็จ")
    assert len(passkeys_of(officer)) == 1
    assert not recorder.page_errors, recorder.page_errors
    assert not recorder.csp_violations(), recorder.csp_violations()


def test_a_passkey_of_another_device_does_not_sign_in(on_localhost, officer, recorder):
    phone = on_localhost.mobile_page()
    virtual_authenticator(phone)
    sign_in(phone, officer)
    phone.get_by_role("button", name=CREATE).click()
    expect_inbox(phone, officer)

    stranger = on_localhost.new_page()  # knows the password, holds another authenticator
    virtual_authenticator(stranger)
    sign_in(stranger, officer)
    expect(stranger).to_have_url(re.compile(r"/staff/sign-in/code$"))
    stranger.get_by_role("button", name=USE).click()
    expect(stranger.locator(".passkey-status")).to_contain_text("ใช้พาสคีย์ไม่สำเร็จ")
    expect(stranger).to_have_url(re.compile(r"/staff/sign-in/code$"))
    stranger.goto("/staff/account")
    expect(stranger).to_have_url(re.compile(r"/staff/sign-in"))
    successes = db.session.scalars(select(SignInRecord.success).where(
        SignInRecord.email == officer.email)).all()
    db.session.remove()
    assert successes.count(True) == 1


def test_without_webauthn_or_javascript_the_page_says_so_in_thai(on_localhost, officer):
    no_webauthn = on_localhost.mobile_page()
    no_webauthn.add_init_script("delete window.PublicKeyCredential;")
    sign_in(no_webauthn, officer)
    expect(no_webauthn).to_have_url(re.compile(r"/staff/two-factor/setup$"))
    expect(no_webauthn.locator(".passkey-unsupported")).to_be_visible()
    expect(no_webauthn.locator(".passkey-unsupported")).to_contain_text(UNSUPPORTED)
    expect(no_webauthn.get_by_role("button", name=CREATE)).to_be_hidden()
    # The authenticator app remains on the same page.
    expect(no_webauthn.get_by_role("button", name="ยืนยันและเปิดใช้")).to_be_visible()

    no_script = on_localhost.new_page(**MOBILE, java_script_enabled=False)
    no_script.goto("/staff/sign-in")
    no_script.get_by_label("อีเมล").fill(officer.email)
    no_script.get_by_label("รหัสผ่าน").fill("ลมหนาว-ริมโขง-2569")
    no_script.get_by_role("button", name="ลงชื่อเข้าใช้").click()
    expect(no_script).to_have_url(re.compile(r"/staff/two-factor/setup$"))
    expect(no_script.locator(".passkey-unsupported")).to_contain_text(UNSUPPORTED)
    expect(no_script.get_by_role("button", name=CREATE)).to_be_hidden()
