"""Joining by LINE code in real Chromium, on a 360 px phone and a desktop, Thai and English:
the join page offers LINE, the next page shows the message to send, "check again" waits for
the chat and then goes on. The chat side is a signed webhook to the fake Messaging API.
With PORTAL_TEST_SHOTS=<dir>, each page is also saved there as a PNG, to be looked at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.channels.settings import save_line_credentials
from portal.chat.outgoing import chat_settings
from portal.extensions import db
from portal.models import Office
from portal.network.models import Correspondent
from tests.browser.shots import shoot
from tests.chat import conftest as chat_fixtures
from tests.chat.chatting import LinePerson, joined
from tests.chat.fake_chat import LINE_SECRET, LINE_TOKEN
from tests.network.test_browser import _invitation_path as invitation_path
from tests.network.test_browser import _narrow

pytestmark = pytest.mark.browser
app_config, fake = chat_fixtures.app_config, chat_fixtures.fake
CODE_RE = re.compile(r"เข้าร่วม ([A-Z0-9]{8})")


def _shot(page, name: str) -> None:
    shoot(page, name)


def _invitation_path() -> tuple[str, int]:
    """The e-mail test's invitation, to an office whose LINE chat is set up."""
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    office.line_id = "@sujarit"
    save_line_credentials(office, LINE_TOKEN, LINE_SECRET)
    chat_settings(office.id, "line").push_quota = 100
    db.session.commit()
    return invitation_path()


def _fill(page, english: bool) -> None:
    page.get_by_label("Full name" if english else "ชื่อ-นามสกุล").fill("นางสาวมาลี ใจดี")
    page.locator("input[name=email]").fill("malee@school.example")
    page.get_by_role(
        "checkbox", name=re.compile("I understand" if english else "รับทราบว่าข้อมูลนี้ใช้")
    ).check()


@pytest.mark.parametrize("english", [False, True], ids=["th", "en"])
def test_join_by_line_code_on_a_phone_and_a_desktop(app, contexts, recorder, fake, english):
    path, school_id = _invitation_path()
    lang = "en" if english else "th"
    phone, desktop = contexts.mobile_page(), contexts.new_page()
    for page in (phone, desktop):
        if english:
            page.goto(f"/lang/en?next={path}")
        else:
            page.goto(path)
    _narrow(phone)
    button = "Confirm through LINE instead" if english else "ยืนยันทาง LINE แทน"
    expect(phone.get_by_role("button", name=button)).to_be_visible()
    _shot(phone, f"join-{lang}-360")
    _shot(desktop, f"join-{lang}-desktop")

    _fill(phone, english)
    phone.get_by_role("button", name=button).click()
    heading = "Confirm joining through LINE" if english else "ยืนยันการเข้าร่วมทาง LINE"
    expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
    _narrow(phone)
    code = CODE_RE.search(phone.locator("#line-join-message").inner_text()).group(1)
    _shot(phone, f"line-code-{lang}-360")
    again = "Check again" if english else "ตรวจสอบอีกครั้ง"
    phone.get_by_role("button", name=again).click()
    not_yet = "has not received" if english else "ยังไม่ได้รับรหัสของท่านทาง LINE"
    expect(phone.get_by_text(re.compile(not_yet))).to_be_visible()
    _narrow(phone)
    _shot(phone, f"line-not-yet-{lang}-360")
    # The same page on a desktop: the code shows only in the session that asked for it.
    desktop.goto(phone.url)
    expect(desktop.get_by_role("button", name=button)).to_be_visible()  # back to the form
    desktop.context.add_cookies(phone.context.cookies())
    desktop.goto(phone.url)
    expect(desktop.get_by_role("heading", level=1)).to_have_text(heading)
    _shot(desktop, f"line-code-{lang}-desktop")

    person = LinePerson(app.test_client(), fake, "U77aa00bb11cc22dd")
    answer = joined(person.says(f"เข้าร่วม {code}"))
    assert answer.startswith("ยืนยันการเข้าร่วมแล้ว")
    assert db.session.scalar(select(Correspondent)).chat_user_id is not None
    db.session.remove()
    phone.get_by_role("button", name=again).click()
    assert phone.url.endswith(f"/network/school/{school_id}")
    welcome = "Joining confirmed through LINE" if english else "ยืนยันการเข้าร่วมทาง LINE แล้ว"
    expect(phone.get_by_text(re.compile(welcome))).to_be_visible()
    _narrow(phone)
    _shot(phone, f"joined-{lang}-360")
    assert recorder.page_errors == [] and recorder.csp_violations() == []
