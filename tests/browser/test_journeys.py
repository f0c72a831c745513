"""A reporter's whole journey in Chromium: file a case, keep the slip, come back days later."""

from __future__ import annotations

import re

import pikepdf
import pytest
from playwright.sync_api import expect

from tests.browser.flows import (
    DESCRIPTION,
    SUBJECT,
    THAI_DATE_RE,
    Slip,
    confirm_saved,
    fact,
    fill_general_case,
    open_case,
    page_width,
    read_slip,
    submit_general_case,
    textbox,
)
from tests.factories import PDF_BYTES, jpeg_bytes, png_bytes

pytestmark = pytest.mark.browser

RECEIVED = "ได้รับเรื่องแล้ว"
MESSAGE_SENT = "ส่งข้อมูลเพิ่มเติมเรียบร้อยแล้ว"


def test_reporter_files_a_complaint_and_tracks_it_later(contexts, page, upload):
    photos = [upload("ห้องน้ำ.jpg", jpeg_bytes()), upload("แผนผัง.png", png_bytes())]
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="แจ้งเรื่อง", exact=True).click()
    expect(page).to_have_url(re.compile(r"/submit$"))
    fill_general_case(page, files=photos)
    page.get_by_role("button", name="ส่งเรื่อง").click()

    slip = read_slip(page)
    assert slip.receipt not in page.url and slip.number not in page.url
    qr = page.get_by_role("img", name=re.compile("คิวอาร์โค้ด"))
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    expect(page.locator("#verification-code")).to_have_text(re.compile(r"^[0-9A-F]{4}-[0-9A-F]{4}$"))
    expect(fact(page, "ประเภท")).to_have_text("ร้องเรียน")
    confirm_saved(page, slip)

    # Days later, on another device: nothing but the two codes.
    later = contexts.new_page()
    open_case(later, slip)
    expect(later.locator(".badge").first).to_contain_text(RECEIVED)
    expect(fact(later, "เรื่อง")).to_have_text(SUBJECT)
    expect(fact(later, "กำหนดแจ้งผลหรือความคืบหน้า")).to_contain_text(THAI_DATE_RE)
    expect(later.locator(".timeline")).to_contain_text(DESCRIPTION)
    _check_photos_open(later, slip)

    _send_more_information(later, upload("ใบเสร็จ.pdf", PDF_BYTES))
    _assert_receipt_never_in_a_url(contexts.recorder, slip)


def _check_photos_open(page, slip: Slip) -> None:
    links = page.locator(".timeline a")
    expect(links).to_have_text(["ห้องน้ำ.jpg", "แผนผัง.png"])
    for index, mimetype in enumerate(("image/jpeg", "image/png")):
        with page.expect_navigation() as navigation:
            links.nth(index).click()
        response = navigation.value
        assert response.status == 200 and response.headers["content-type"] == mimetype
        assert page.evaluate("document.images[0].naturalWidth") > 0  # the photo shows
        page.go_back()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"เรื่องเลขที่ {slip.number}")


def _send_more_information(page, pdf) -> None:
    message = "แนบใบเสร็จค่าซ่อมที่โรงเรียนเรียกเก็บจากผู้ปกครอง"
    page.get_by_label("ข้อมูลเพิ่มเติม", exact=True).fill(message)
    page.get_by_label("ไฟล์แนบเพิ่มเติม (รูปภาพ JPEG/PNG หรือ PDF)").set_input_files(pdf)
    page.get_by_role("button", name="ส่งข้อมูลเพิ่มเติม").click()
    expect(page.locator(".notice-success")).to_contain_text(MESSAGE_SENT)
    entry = page.locator(".timeline li").filter(has_text="ท่านส่งข้อมูลเพิ่มเติม")
    expect(entry).to_contain_text(message)
    with page.expect_download() as download:
        entry.get_by_role("link", name="ใบเสร็จ.pdf").click()
    assert download.value.suggested_filename == "ใบเสร็จ.pdf"
    assert download.value.failure() is None
    with pikepdf.open(download.value.path()) as stored:  # rewritten by qpdf, still the letter
        assert len(stored.pages) == 1


def _assert_receipt_never_in_a_url(recorder, slip: Slip) -> None:
    case_page = f"/track/{slip.number}"
    assert any(url.endswith(case_page) for url in recorder.navigations), recorder.navigations
    assert any(url.endswith(case_page) for url in recorder.requests), recorder.requests
    spellings = {slip.receipt, slip.receipt.replace("-", ""), slip.receipt.lower()}
    urls = recorder.navigations + recorder.requests
    leaked = [url for url in urls if any(s in url for s in spellings)]
    assert not leaked, f"the receipt appeared in URLs: {leaked}"


def test_receipt_qr_code_is_a_picture(page):
    submit_general_case(page)
    qr = page.get_by_role("img", name=re.compile("คิวอาร์โค้ด"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")


def test_anonymous_corruption_report_on_a_phone_without_javascript(contexts, upload):
    page = contexts.no_script_page()
    page.goto("/")
    assert page.evaluate("document.documentElement.classList.contains('has-js')") is False
    _assert_fits_phone(page)
    page.get_by_role("navigation").get_by_role("link", name="แจ้งเบาะแสทุจริต").click()
    expect(page).to_have_url(re.compile(r"/report-corruption$"))
    _assert_fits_phone(page)

    textbox(page, "ผู้ถูกกล่าวหา (ชื่อ ตำแหน่ง หรือหน่วยงาน)").fill("เจ้าหน้าที่การเงินของโรงเรียน")
    textbox(page, "เรื่อง").fill("เรียกเก็บเงินค่าเรียนพิเศษโดยไม่ออกใบเสร็จ")
    description = "มีการเรียกเก็บเงินจากผู้ปกครองคนละ 500 บาทต่อเดือน โดยไม่ออกใบเสร็จรับเงิน"
    textbox(page, "รายละเอียด").fill(description)
    page.get_by_label("ไฟล์แนบ (รูปภาพ JPEG/PNG หรือ PDF)").set_input_files(
        upload("หลักฐาน.jpg", jpeg_bytes()))
    page.get_by_label("ไม่ประสงค์ออกนาม").check()
    page.get_by_role("checkbox", name=re.compile("ข้าพเจ้าทราบว่าการแจ้งข้อความอันเป็นเท็จ")).check()
    page.get_by_role("button", name="ส่งเบาะแส").click()

    slip = read_slip(page)
    expect(fact(page, "ประเภท")).to_have_text("แจ้งเบาะแสการทุจริตและประพฤติมิชอบ")
    expect(page.get_by_role("button", name="คัดลอก")).to_have_count(0)  # script-only, hidden
    _assert_fits_phone(page)
    confirm_saved(page, slip)
    _assert_fits_phone(page)

    open_case(page, slip, start=False)
    expect(page.locator(".badge").first).to_contain_text(RECEIVED)
    expect(page.locator(".timeline")).to_contain_text(description)
    expect(page.locator(".timeline a")).to_have_text(["หลักฐาน.jpg"])
    _assert_fits_phone(page)
    page.get_by_label("ข้อมูลเพิ่มเติม", exact=True).fill("เหตุการณ์ยังเกิดขึ้นทุกเดือน")
    page.get_by_role("button", name="ส่งข้อมูลเพิ่มเติม").click()
    expect(page.locator(".notice-success")).to_contain_text(MESSAGE_SENT)
    expect(page.locator(".timeline")).to_contain_text("เหตุการณ์ยังเกิดขึ้นทุกเดือน")
    _assert_fits_phone(page)
    _assert_filed_anonymously(slip)


def _assert_fits_phone(page) -> None:
    width = page_width(page)
    assert width <= 360, f"{page.url} scrolls sideways on a 360 px phone: {width} px wide"


def _assert_filed_anonymously(slip: Slip) -> None:
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Case

    case = db.session.scalar(select(Case).where(Case.number == slip.number))
    assert case.is_anonymous and case.contact is None
    db.session.remove()
