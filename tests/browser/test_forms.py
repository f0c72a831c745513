"""The intake form in a browser: errors people can find and fix, and English one click away."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.flows import SUBJECT, fill_general_case, textbox
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.browser

FORM_HEADING_TH = "แจ้งเรื่องร้องเรียน ข้อเสนอแนะ สอบถาม หรือชมเชย"
FORM_HEADING_EN = "Submit a complaint, suggestion, question or compliment"


def test_errors_are_explained_and_what_was_typed_is_kept(page, upload):
    page.goto("/submit")
    fill_general_case(page, description="สั้นเกินไป", phone="12345",
                      files=[upload("รูป.jpg", jpeg_bytes())])
    with page.expect_response(re.compile(r"/submit$")) as posted:
        page.get_by_role("button", name="ส่งเรื่อง").click()
    assert posted.value.status == 422

    summary = page.get_by_role("alert").filter(has_text="กรุณาแก้ไขข้อมูลต่อไปนี้")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(2)
    for field_id, label in (("description", "รายละเอียด"), ("phone", "โทรศัพท์")):
        control = textbox(page, label)
        expect(control).to_have_attribute("aria-invalid", "true")
        described_by = control.get_attribute("aria-describedby").split()
        assert f"{field_id}-error" in described_by, described_by
        error = page.locator(f"#{field_id}-error")
        expect(error).to_be_visible()
        expect(error).not_to_be_empty()
        expect(control).to_have_accessible_description(re.compile(re.escape(error.inner_text())))
        expect(summary.get_by_role("link", name=re.compile(f"^{label}:"))).to_have_attribute(
            "href", f"#{field_id}")

    expect(textbox(page, "เรื่อง")).to_have_value(SUBJECT)
    expect(textbox(page, "รายละเอียด")).to_have_value("สั้นเกินไป")
    expect(textbox(page, "ชื่อ–นามสกุล")).to_have_value("สมศรี ใจงาม")
    expect(textbox(page, "โทรศัพท์")).to_have_value("12345")
    expect(page.get_by_role("radio", name="ร้องเรียน", exact=True)).to_be_checked()
    expect(page.get_by_label("โรงเรียนหรือหน่วยงานที่เกี่ยวข้อง")).to_have_value(re.compile(r"\d+"))
    expect(summary).to_contain_text("ไฟล์แนบยังไม่ได้บันทึก กรุณาเลือกไฟล์อีกครั้งก่อนกดส่ง")

    # The summary's link takes the reader to the field to fix.
    summary.get_by_role("link", name=re.compile("^รายละเอียด:")).click()
    expect(textbox(page, "รายละเอียด")).to_be_focused()


def test_only_required_fields_say_they_are_required(page):
    page.goto("/submit")
    required = page.eval_on_selector_all("[required]", "els => els.map(e => e.name)")
    assert set(required) == {"case_type", "subject", "description"}, required
    none_attributes = page.eval_on_selector_all(
        "form *", "els => els.flatMap(e => [...e.attributes]"
        ".filter(a => a.value === 'None' && !(e.tagName === 'OPTION' && a.name === 'value'))"
        ".map(a => `${e.id || e.tagName}[${a.name}]`))")
    assert not none_attributes, f"attributes rendered as the text None: {none_attributes}"


def test_english_is_one_click_away(page):
    page.goto("/submit")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/submit$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(FORM_HEADING_EN)
    expect(page.get_by_role("button", name="Submit", exact=True)).to_be_visible()

    page.get_by_role("link", name="ภาษาไทย").click()
    expect(page).to_have_url(re.compile(r"/submit$"))
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", level=1)).to_have_text(FORM_HEADING_TH)
