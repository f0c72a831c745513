"""Publishing in Chromium: draft → privacy flags → fix → approve → public board → share kit.

Four people, four browser contexts: the intake officer drafts the summary of a resolved case
and fixes what the privacy check found; an approver (not the author) approves it; a citizen
reads it on the board on a 360 px phone (axe-core on the board and the item page, Open Graph
tags read from the rendered page, the generated image fetched and measured); the PR officer
opens the share kit of the PR group, also without JavaScript, and marks it shared.
"""

from __future__ import annotations

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseStatus, Office, Role
from tests.browser.flows import describe, page_width
from tests.browser.test_triage import add_staff, sign_in
from tests.cases.factories import file_case, put_in_status

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
TITLE = "ซ่อมห้องน้ำนักเรียนหญิงเรียบร้อยแล้ว"
FLAGGED = "ท่านแจ้งว่าห้องน้ำชำรุด ครูสมศรี ใจดี ซ่อมให้แล้ว สอบถามโทร 081-234-5678"
CLEAN = "ท่านแจ้งว่าห้องน้ำชำรุด โรงเรียนซ่อมประตูและระบบน้ำเสร็จภายใน 10 วัน"


@pytest.fixture
def resolved_case(live_server) -> str:
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    case = file_case(office, subject="ห้องน้ำนักเรียนชำรุด")
    put_in_status(case, CaseStatus.RESOLVED)
    db.session.commit()
    number = case.number
    db.session.remove()
    return number


def axe_blocking(page: Page) -> list:
    return [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]


def draft_and_fix(page: Page, number: str) -> None:
    page.goto(f"/staff/cases/{number}")
    page.get_by_role("link", name="เขียนสรุปผลเพื่อเผยแพร่").click()
    page.get_by_label("หัวข้อ").fill(TITLE)
    page.get_by_label("สรุปผล (ท่านแจ้ง เราทำ)").fill(FLAGGED)
    page.get_by_role("button", name="บันทึกและตรวจข้อมูลส่วนบุคคล").click()
    flags = page.locator("#flags")
    expect(flags).to_contain_text("หมายเลขโทรศัพท์: 081-234-5678")
    expect(flags).to_contain_text("ชื่อบุคคลหลังคำนำหน้า: ครูสมศรี ใจดี")
    editor = page.locator("details", has=page.get_by_label("หัวข้อ"))
    expect(editor).to_have_attribute("open", "")  # open while something is flagged
    editor.get_by_label("สรุปผล (ท่านแจ้ง เราทำ)").fill(CLEAN)
    editor.get_by_role("button", name="บันทึกและตรวจข้อมูลส่วนบุคคล").click()
    expect(page.get_by_role("status").first).to_contain_text("ไม่พบข้อความที่อาจระบุตัวบุคคล")
    expect(page.locator("#flags")).to_have_count(0)
    page.get_by_role("button", name="ส่งขออนุมัติ").click()
    expect(page.get_by_role("status").first).to_have_text("ส่งขออนุมัติแล้ว")


def approve(page: Page) -> str:
    page.get_by_role("link", name=re.compile("^รออนุมัติ")).click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="อนุมัติและเผยแพร่").click()
    expect(page.get_by_role("status").first).to_contain_text("อนุมัติแล้ว")
    return page.url


def test_draft_flags_fix_approve_board_and_share_kit(contexts, resolved_case, recorder):
    author = add_staff("intake@test.example", "สุดา รับเรื่อง", Role.INTAKE)
    approver = add_staff("deputy@test.example", "ประเสริฐ อนุมัติ", Role.APPROVER)
    pr = add_staff("pr@test.example", "ประชา สัมพันธ์", Role.PR)

    desk = contexts.new_page()
    # The server subsets the Sarabun fonts on the first request for them (seconds on a busy
    # machine); the pages' "load" waits for the fonts, so make them before timing pages.
    for weight in ("regular", "bold"):
        assert desk.request.get(f"/fonts/sarabun-{weight}.woff2", timeout=120_000).ok
    sign_in(desk, author)
    draft_and_fix(desk, resolved_case)
    expect(desk.get_by_role("button", name="อนุมัติและเผยแพร่")).to_have_count(0)

    boss = contexts.new_page()
    sign_in(boss, approver)
    staff_item_url = approve(boss)
    item_id = int(re.search(r"/staff/publishing/(\d+)", staff_item_url).group(1))

    phone = contexts.mobile_page()
    phone.goto("/outcomes")
    expect(phone.get_by_role("heading", level=1)).to_have_text("ผลการดำเนินการและข่าว")
    assert not axe_blocking(phone), describe({"/outcomes": axe_blocking(phone)})
    assert page_width(phone) <= 360
    phone.get_by_role("link", name=TITLE).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(phone.locator("article")).to_contain_text(CLEAN)
    assert not axe_blocking(phone), describe({"item": axe_blocking(phone)})
    assert page_width(phone) <= 360
    og = {name: phone.locator(f'meta[property="{name}"]').get_attribute("content")
          for name in ("og:type", "og:url", "og:title", "og:description", "og:image",
                       "og:image:width", "og:image:height", "og:locale")}
    assert og["og:type"] == "article" and og["og:locale"] == "th_TH"
    assert og["og:url"] == f"http://portal.test/outcomes/{item_id}"
    assert og["og:title"] == TITLE and og["og:description"] == CLEAN
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    # The first card of a process loads the Thai word list: allow it time on a busy machine.
    image = phone.request.get(og["og:image"].replace("http://portal.test", contexts.base_url),
                              timeout=60_000)
    assert image.ok and image.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(image.body())) as card:
        assert card.size == (1200, 630) and card.format == "PNG"
    share = phone.get_by_role("link", name="แชร์ทาง Facebook")
    expect(share).to_have_attribute("href", re.compile(
        r"^https://www\.facebook\.com/sharer/sharer\.php\?u=http%3A%2F%2Fportal\.test"))

    kit = contexts.new_page()
    sign_in(kit, pr)
    kit.goto(f"/staff/publishing/{item_id}")
    kit.get_by_role("link", name=re.compile("^ชุดแชร์")).first.click()
    expect(kit.get_by_role("heading", level=1)).to_contain_text("ชุดแชร์")
    expect(kit.locator("#share-text")).to_contain_text(CLEAN)
    expect(kit.locator("#share-text")).to_contain_text(f"http://portal.test/outcomes/{item_id}")
    expect(kit.get_by_role("button", name="คัดลอกข้อความ")).to_be_visible()
    kit_url = kit.url

    bare = contexts.new_page(java_script_enabled=False)
    sign_in(bare, pr)
    bare.goto(kit_url)
    expect(bare.get_by_role("button", name="คัดลอกข้อความ")).to_be_hidden()
    assert bare.locator("#share-text").evaluate("e => getComputedStyle(e).userSelect") == "all"
    expect(bare.get_by_role("link", name="เปิดหน้าต่างแชร์ของ Facebook")).to_have_attribute(
        "href", re.compile(r"^https://www\.facebook\.com/sharer/sharer\.php\?u="))

    kit.get_by_label("ลิงก์ของโพสต์ (ไม่บังคับ)").fill("https://www.facebook.com/groups/1/posts/2")
    kit.get_by_role("button", name="บันทึกว่าแชร์แล้ว").click()
    expect(kit.get_by_role("status").first).to_have_text("บันทึกว่าแชร์แล้ว")
    expect(kit.locator("#deliveries")).to_contain_text("แชร์แล้ว")
    assert not recorder.csp_violations(), recorder.csp_violations()
    assert not recorder.page_errors, recorder.page_errors
