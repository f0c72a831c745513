"""A refused save in Chromium: the error page gives back what was typed, and sending it again
from there works. The live server runs in this process, so a monkeypatched service makes the
database refuse a real statement (a CHECK constraint) exactly once."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from portal.cases import workflow
from portal.cases.submit import submit_case
from portal.extensions import db
from portal.models import Case
from tests.browser.flows import describe, fill_general_case, read_slip, textbox
from tests.browser.test_triage import blocking, expect_done, open_action, sign_in
from tests.browser.test_two_way_loop import (  # noqa: F401  (fixtures)
    filed_by_phone_earlier,
    intake,
    staff_case,
)
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.browser

TYPED = "ห้องน้ำชำรุด <script>alert(1)</script> ประตูปิดไม่ได้ และน้ำไม่ไหลมาสามเดือนแล้ว"
NOTE = "โทรหาโรงเรียนแล้ว & นัดตรวจวันศุกร์"


def _refusing_submit_case(office, submission):
    """The real submission, then a value the database's CHECK refuses, before the commit."""
    submitted = submit_case(office, submission)
    db.session.flush()
    db.session.execute(sa.text("UPDATE cases SET status = 'lost' WHERE id = :c"),
                       {"c": submitted.case.id})
    return submitted


def test_reporter_gets_the_text_back_and_sends_it_again(
        contexts, monkeypatch, upload, recorder):  # noqa: F811
    photo = upload("ห้องน้ำ.jpg", jpeg_bytes())
    page = contexts.mobile_page()
    page.goto("/submit")
    fill_general_case(page, description=TYPED, files=[photo])
    monkeypatch.setattr("portal.public.views.submit_case", _refusing_submit_case)
    page.get_by_role("button", name="ส่งเรื่อง").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("บันทึกไม่สำเร็จ")
    expect(page.locator("main")).to_contain_text("เรื่องของท่านจึงยังไม่ถูกบันทึก")
    expect(page.get_by_label("รายละเอียด", exact=True)).to_have_value(TYPED)
    expect(page.get_by_label("ชื่อ–นามสกุล")).to_have_value("สมศรี ใจงาม")
    expect(page.locator("main")).to_contain_text("กรุณาเลือกไฟล์อีกครั้ง")
    found = {"500 with typed text": blocking(Axe(), page)}
    assert not any(found.values()), describe(found)

    monkeypatch.undo()  # the administrator fixed it
    page.get_by_label("เลือกไฟล์แนบอีกครั้ง").set_input_files(photo)
    page.get_by_role("button", name="ส่งอีกครั้ง").click()
    slip = read_slip(page)
    case = db.session.scalar(select(Case).where(Case.number == slip.number))
    assert case.description == TYPED and [a.original_name for a in case.attachments] \
        == ["ห้องน้ำ.jpg"]
    db.session.remove()
    assert not recorder.page_errors and not recorder.csp_violations(), recorder.console


def test_staff_note_refused_then_sent_again(app, contexts, intake, monkeypatch, recorder):  # noqa: F811
    (slip,) = filed_by_phone_earlier(app, 1)
    page = contexts.new_page()
    sign_in(page, intake)
    staff_case(page, slip.number)
    note = open_action(page, "บันทึกภายใน")
    note.get_by_label("บันทึกภายใน (ผู้แจ้งไม่เห็น)").fill(NOTE)

    def refused(case, _user, _body):
        db.session.execute(sa.text("UPDATE case_events SET kind = 'lost' WHERE case_id = :c"),
                           {"c": case.id})

    monkeypatch.setattr(workflow, "add_internal_note", refused)
    note.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("บันทึกไม่สำเร็จ")
    expect(page.locator("main")).to_contain_text("กรุณาแจ้งผู้ดูแลระบบ")
    expect(page.locator(".error-ref")).to_have_text(re.compile(r"^[0-9A-F]{8}$"))
    expect(textbox(page, "บันทึกภายใน (ผู้แจ้งไม่เห็น)")).to_have_value(NOTE)
    expect(page.get_by_role("link", name="กลับกล่องเรื่อง")).to_be_visible()

    monkeypatch.undo()
    page.get_by_role("button", name="ส่งอีกครั้ง").click()
    expect_done(page, "บันทึกภายในแล้ว")
    expect(page.locator(".timeline li.event-internal")).to_contain_text(NOTE)
    assert not recorder.page_errors and not recorder.csp_violations(), recorder.console
