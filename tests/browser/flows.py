"""Steps a reporter takes, written once: fill the form, keep the receipt, open the case."""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Page, expect

NUMBER_RE = re.compile(r"NP2-25\d\d-\d{6}")
RECEIPT_RE = re.compile(r"[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}")
THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
               "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
THAI_DATE_RE = re.compile(rf"\d{{1,2}} (?:{'|'.join(THAI_MONTHS)}) 25\d\d")

SUBJECT = "ห้องน้ำนักเรียนชำรุด"
DESCRIPTION = "ห้องน้ำของนักเรียนชั้นประถมชำรุดมาหลายเดือน ประตูปิดไม่ได้ และน้ำไม่ไหล ขอให้ตรวจสอบ"
RECEIPT_SAVED = "ข้าพเจ้าได้บันทึกเลขรับเรื่องและรหัสติดตามไว้แล้ว"


@dataclass(frozen=True)
class Slip:
    number: str
    receipt: str


def textbox(page: Page, name: str):
    """A text field by its label (the required mark is hidden from the accessible name)."""
    return page.get_by_role("textbox", name=name, exact=True)


def fill_general_case(page: Page, *, description: str = DESCRIPTION, phone: str = "0812345678",
                      files: list | None = None) -> None:
    """On /submit: a complaint about a school, with contact details."""
    page.get_by_role("radio", name="ร้องเรียน", exact=True).check()
    page.get_by_label("โรงเรียนหรือหน่วยงานที่เกี่ยวข้อง").select_option(label="โรงเรียนบ้านสามผง")
    textbox(page, "เรื่อง").fill(SUBJECT)
    textbox(page, "รายละเอียด").fill(description)
    textbox(page, "วันที่เกิดเหตุ (ถ้าทราบ)").fill("20/11/2569")
    textbox(page, "ชื่อ–นามสกุล").fill("สมศรี ใจงาม")
    textbox(page, "โทรศัพท์").fill(phone)
    if files:
        page.get_by_label("ไฟล์แนบ (รูปภาพ JPEG/PNG หรือ PDF)").set_input_files(files)


def submit_general_case(page: Page, **kwargs) -> Slip:
    page.goto("/submit")
    fill_general_case(page, **kwargs)
    page.get_by_role("button", name="ส่งเรื่อง").click()
    return read_slip(page)


def read_slip(page: Page) -> Slip:
    """The receipt page's case number and receipt, after checking it is the receipt page."""
    expect(page).to_have_url(re.compile(r"/receipt$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("เราได้รับเรื่องของท่านแล้ว")
    number = page.locator("#case-number").inner_text().strip()
    receipt = page.locator("#receipt-code").inner_text().strip()
    assert NUMBER_RE.fullmatch(number), number
    assert RECEIPT_RE.fullmatch(receipt), receipt
    return Slip(number, receipt)


def confirm_saved(page: Page, slip: Slip) -> None:
    """Tick "I saved them", press เสร็จสิ้น: the lookup page opens with the number filled in."""
    page.get_by_label(RECEIPT_SAVED).check()
    page.get_by_role("button", name="เสร็จสิ้น").click()
    expect(page).to_have_url(re.compile(r"/track\?number="))
    expect(page.get_by_role("heading", level=1)).to_have_text("ติดตามเรื่อง")
    expect(textbox(page, "เลขรับเรื่อง")).to_have_value(slip.number)
    expect(page.locator("#receipt")).to_have_value("")
    expect(page.locator(".notice-success")).to_contain_text("ขอบคุณ เราได้รับเรื่องของท่านแล้ว")


def open_case(page: Page, slip: Slip, *, start: bool = True) -> None:
    """Look the case up with nothing but the two codes."""
    if start:
        page.goto("/track")
    textbox(page, "เลขรับเรื่อง").fill(slip.number)
    page.get_by_label("รหัสติดตาม").fill(slip.receipt)
    page.get_by_role("button", name="เปิดดูเรื่อง").click()
    expect(page).to_have_url(re.compile(rf"/track/{slip.number}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"เรื่องเลขที่ {slip.number}")


def fact(page: Page, term: str):
    """The <dd> that follows the <dt> reading ``term``."""
    return page.locator(f"dl.facts dt:text-is('{term}') + dd")


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def describe(found: dict) -> str:
    """axe violations, one line each, for an assertion message."""
    lines = []
    for name, violations in found.items():
        for v in violations:
            lines.append(f"{name}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
            for node in v["nodes"][:5]:
                lines.append(f"    {node['target']}: {node['failureSummary']}")
    return "\n".join(lines)
