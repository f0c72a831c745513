"""Staff in Chromium: an altered page link or a far date gets a Thai answer on a usable page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from portal.models import Role
from tests.browser.flows import describe
from tests.browser.test_triage import add_staff, sign_in

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}


def signed_in_intake(page: Page) -> None:
    sign_in(page, add_staff("intake@np2.example", "ผู้รับเรื่อง ทดสอบ", Role.INTAKE))
    expect(page.get_by_role("heading", level=1)).to_have_text("กล่องเรื่อง")


def assert_accessible(page: Page) -> None:
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, describe({page.url: blocking})


def test_forged_cursor_and_far_dates_are_explained_in_thai(page, recorder):
    signed_in_intake(page)
    response = page.goto("/staff/?cursor=eyJmb3JnZWQiOnRydWV9")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_have_text("ลิงก์หน้ารายการไม่ถูกต้อง กรุณาเริ่มจากหน้าแรก")
    expect(page.get_by_role("heading", level=1)).to_have_text("กล่องเรื่อง")  # the first page
    assert_accessible(page)
    response = page.goto("/staff/?date_to=31/12/9999")
    assert response.status == 422
    expect(page.get_by_text("ปีต้องอยู่ระหว่าง พ.ศ. 2443 ถึง 3143")).to_be_visible()
    assert_accessible(page)
    assert response.headers["cache-control"] == "no-store"
    assert recorder.csp_violations() == []
