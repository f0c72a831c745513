"""A staff reply with a photo, in Chromium: the officer attaches it, the parent sees it.

Runs in Thai and English, on a 360 px phone and a 1366 px desk, and checks every page with
axe-core. The officer first picks a file that is not a photo: the page says why in their
language and keeps the reply they typed; then the real photo goes out, and the parent's
tracking page shows it as a thumbnail that loads within their tracking session only.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.cases.submit import CaseSubmission, ContactDetails, submit_case
from portal.extensions import db
from portal.models import CaseType, Office, Role
from tests.browser.flows import describe
from tests.browser.test_triage import add_staff, blocking, expect_inbox, sign_in
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.browser

VIEWS = [("th", 360), ("th", 1366), ("en", 360), ("en", 1366)]
REPLY = "โรงเรียนซ่อมประตูห้องน้ำแล้ว\n\nภาพถ่ายหลังซ่อมแนบมาด้วย"
WORDS = {
    "th": {"not_a_file": "ไฟล์นี้ไม่ใช่รูปภาพ JPEG/PNG หรือเอกสาร PDF", "sent": "ส่งคำตอบถึงผู้แจ้งแล้ว",
           "open": "เปิดดูเรื่อง"},
    "en": {"not_a_file": "This file is not a JPEG/PNG image or a PDF document",
           "sent": "Reply sent to the reporter.", "open": "View case"},
}


def _page(contexts, lang: str, width: int) -> Page:
    options = ({"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
               if width == 360 else {"viewport": {"width": 1366, "height": 900}})
    page = contexts.new_page(**options)
    page.goto(f"/lang/{lang}?next=/track")
    return page


def _check(page: Page, axe: Axe, found: dict, name: str) -> None:
    problems = blocking(axe, page)
    if problems:
        found[name] = problems
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name} scrolls sideways ({width} px)"


def _filed_case(app) -> tuple[str, str]:
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    with app.test_request_context():
        made = submit_case(office, CaseSubmission(
            case_type=CaseType.COMPLAINT, subject="ห้องน้ำนักเรียนชำรุด",
            description="ห้องน้ำของนักเรียนชำรุดมาหลายเดือน ประตูปิดไม่ได้",
            contact=ContactDetails(name="สมศรี ใจงาม", phone="0812345678")))
        number, receipt = made.case.number, made.receipt
        db.session.commit()
    db.session.remove()
    return number, receipt


def _loaded(image) -> bool:
    """The thumbnail is lazy: scrolled to, it must load and decode (a broken one never does)."""
    image.scroll_into_view_if_needed()
    try:
        image.page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                     arg=image.element_handle(), timeout=15_000)
    except Exception:
        src = image.get_attribute("src")
        r = image.page.request.get(src)
        raise AssertionError(f"thumbnail {src} did not load: the same address answers "
                             f"{r.status} {r.headers.get('content-type')}") from None
    return image.evaluate("img => img.naturalWidth") > 0


@pytest.mark.parametrize(("lang", "width"), VIEWS, ids=[f"{lang}-{w}" for lang, w in VIEWS])
def test_staff_reply_with_a_photo_reaches_the_parent(app, contexts, live_server, upload,
                                                     lang, width):
    words, axe, found = WORDS[lang], Axe(), {}
    number, receipt = _filed_case(app)
    intake = add_staff("intake@test.example", "สุดา รับเรื่อง", Role.INTAKE)

    parent = _page(contexts, lang, width)
    parent.locator("#number").fill(number)
    parent.locator("#receipt").fill(receipt)
    parent.get_by_role("button", name=words["open"]).click()
    expect(parent).to_have_url(re.compile(rf"/track/{number}$"))

    staff = _page(contexts, "th", width)
    sign_in(staff, intake)
    # Signed in before the language switch: a sign-in answer still on its way would set the
    # session cookie again without the language.
    expect_inbox(staff, intake)
    staff.goto(f"/lang/{lang}?next=/staff/cases/{number}")
    staff.locator("#reply summary").click()
    staff.locator("#reply-body").fill(REPLY)
    staff.locator("#reply-attachments").set_input_files(
        upload("หลังซ่อม.jpg", b"MZ\x90\x00 a program, not a photo"))
    staff.locator("#reply button[type=submit]").click()
    # Refused: the reason in the reader's language, the reply as typed, the form open.
    expect(staff.locator("#reply .error-text")).to_contain_text(words["not_a_file"])
    expect(staff.locator("#reply-body")).to_have_value(REPLY)
    expect(staff.locator("#reply-attachments")).to_have_attribute("aria-invalid", "true")
    _check(staff, axe, found, "case page, file refused")

    staff.locator("#reply-attachments").set_input_files(
        upload("หลังซ่อม.jpg", jpeg_bytes(size=(640, 480), color=(40, 120, 60))))
    staff.locator("#reply button[type=submit]").click()
    expect(staff.locator(".notice-success")).to_have_text(words["sent"])
    reply = staff.locator("ol.timeline > li").filter(has_text="ภาพถ่ายหลังซ่อมแนบมาด้วย")
    thumb = reply.locator("a.thumb img")
    expect(thumb).to_have_count(1)
    expect(reply.locator("ul.files")).to_contain_text("หลังซ่อม.jpg")
    assert _loaded(thumb)
    _check(staff, axe, found, "case page, reply sent")

    parent.reload()
    reply = parent.locator("ol.timeline > li").filter(has_text="ภาพถ่ายหลังซ่อมแนบมาด้วย")
    expect(reply.locator(".prose p")).to_have_count(2)
    thumb = reply.locator("a.thumb img")
    expect(thumb).to_have_count(1)
    expect(reply.locator("a.thumb")).to_contain_text("หลังซ่อม.jpg")
    assert _loaded(thumb)
    href = reply.locator("a.thumb").get_attribute("href")
    assert re.fullmatch(rf"/track/{number}/files/\d+", href)
    _check(parent, axe, found, "tracking page")

    # Outside the tracking session the file is not served.
    stranger = _page(contexts, lang, width)
    assert stranger.goto(href).status == 403
    assert not found, "axe-core found serious problems:\n" + describe(found)
