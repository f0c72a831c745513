"""Issue 8 in Chromium: what parents and staff stumbled on, in Thai and English, phone and desk.

Each journey runs four times (Thai and English, 360 px and 1366 px) and checks every page it
visits with axe-core. The parent types a date as eight digits (an iPhone's numeric keypad has
no "/"), reads the error summary in the form's order, keeps the short check code, and follows
the case with its school and category; an expired tracking session offers the lookup form with
the number filled in. Staff read staff wording (never the parent's "ท่าน"), see names in their
language, choose an officer among those who may take the case, grouped by work group, and see
a reply keep its line breaks.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Office, Role
from tests.browser.flows import describe
from tests.browser.test_triage import add_staff, expect_inbox, sign_in

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
VIEWS = [("th", 360), ("th", 1366), ("en", 360), ("en", 1366)]
IDS = [f"{lang}-{width}" for lang, width in VIEWS]
WORDS = {  # what each language shows for the same thing
    "th": {"choose_type": "กรุณาเลือกประเภทเรื่อง", "submit": "ส่งเรื่อง", "school": "โรงเรียนบ้านสามผง",
           "district": "อำเภอศรีสงคราม", "expired": "การเปิดดูเรื่องจะหมดเวลา",
           "office": "สำนักงานทดสอบ NP2", "address": "ถนนนิตโย", "reporter_wrote":
           "ผู้แจ้งส่งข้อมูลเพิ่มเติม", "parent_wrote": "ท่านส่งข้อมูลเพิ่มเติม",
           "category": "หมวดcomplaint", "awaiting": "รอข้อมูลเพิ่มเติมจากผู้แจ้ง"},
    "en": {"choose_type": "Please choose the type of case", "submit": "Submit",
           "school": "Ban Sam Phong School", "district": "Si Songkhram District",
           "expired": "viewing a case ends after 30 minutes", "office": "Test office NP2",
           "address": "Nittayo Road", "reporter_wrote": "The reporter sent more information",
           "parent_wrote": "You sent more information", "category": "Complaint category",
           "awaiting": "Awaiting more information from the reporter"},
}


@pytest.fixture
def english_office(live_server):
    """The live server's office with English names for its address and reference data."""
    from portal.cases.similar import content_words

    # The Thai word list loads once per process: not within a page's timeout.
    content_words("ห้องน้ำนักเรียนชำรุด")
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    office.address_th, office.address_en = "ถนนนิตโย อำเภอศรีสงคราม", "Nittayo Road, Si Songkhram"
    for school in office.districts[0].schools:
        if school.name_th == "โรงเรียนบ้านสามผง":
            school.name_en = "Ban Sam Phong School"
    from portal.models import CaseType, Category

    complaint = db.session.scalar(select(Category).where(Category.case_type == CaseType.COMPLAINT))
    complaint.name_en = "Complaint category"
    db.session.commit()
    db.session.remove()
    return office


def _page(contexts, lang: str | None, width: int) -> Page:
    options = ({"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
               if width == 360 else {"viewport": {"width": 1366, "height": 900}})
    page = contexts.new_page(**options)
    if lang:
        page.goto(f"/lang/{lang}?next=/")
    return page


def _check(page: Page, axe: Axe, found: dict, name: str) -> None:
    """axe-clean, and nothing wider than the screen."""
    blocking = [v for v in axe.run(page).response["violations"] if v["impact"] in BLOCKING]
    if blocking:
        found[name] = blocking
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name} scrolls sideways ({width} px)"


@pytest.mark.parametrize(("lang", "width"), VIEWS, ids=IDS)
def test_a_parent_files_and_follows_a_case(contexts, english_office, lang, width):
    words, axe, found = WORDS[lang], Axe(), {}
    page = _page(contexts, lang, width)
    page.goto("/submit")
    page.locator("#subject").fill("ห้องน้ำนักเรียนชำรุด")
    page.locator("#occurred_on").fill("31022569")  # no such day
    page.locator("form button[type=submit]").click()
    summary = page.locator("#error-summary a")
    # Point 5: the summary follows the form, and a radio group asks to choose.
    expect(summary.first).to_have_attribute("href", "#case_type-0")
    expect(summary.first).to_contain_text(words["choose_type"])
    hrefs = [summary.nth(i).get_attribute("href") for i in range(summary.count())]
    assert hrefs == ["#case_type-0", "#description", "#occurred_on"]
    _check(page, axe, found, "/submit with errors")

    page.locator("#case_type-0").check()
    page.locator("#category_id").select_option(label=words["category"])
    page.locator("#school_id").select_option(label=words["school"])
    page.locator("#subject").fill("ห้องน้ำนักเรียนชำรุด")
    page.locator("#description").fill("ห้องน้ำของนักเรียนชำรุดมาหลายเดือน ประตูปิดไม่ได้ ขอให้ตรวจสอบ")
    page.locator("#occurred_on").fill("20112569")  # point 1: digits only, as an iPhone types
    assert page.locator("#occurred_on").get_attribute("inputmode") == "numeric"
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/receipt$"))
    # Point 4: a short code a parent can read out, not a 64-character digest.
    expect(page.locator("#verification-code")).to_have_text(re.compile(r"^[0-9A-F]{4}-[0-9A-F]{4}$"))
    _check(page, axe, found, "/receipt")
    number = page.locator("#case-number").inner_text().strip()
    receipt = page.locator("#receipt-code").inner_text().strip()
    page.locator("input[name=saved]").check()
    page.locator("form[action='/receipt/confirm'] button").click()
    # Point 3: the lookup page names the office in its header and footer.
    expect(page.locator(".brand small")).to_have_text(words["office"])
    expect(page.locator(".site-footer")).to_contain_text(words["address"])
    _check(page, axe, found, "/track")
    page.locator("#receipt").fill(receipt)
    page.locator("form[action='/track'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/track/{number}$"))
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text(words["school"])
    expect(facts).to_contain_text(words["district"])
    expect(facts).to_contain_text(words["category"])
    _check(page, axe, found, "/track/<number>")

    # Point 2: another browser (or this one after 30 minutes) gets the form, number filled in.
    stranger = _page(contexts, lang, width)
    response = stranger.goto(f"/track/{number}")
    assert response.status == 403
    expect(stranger.locator("main .notice")).to_contain_text(words["expired"])
    expect(stranger.locator("#number")).to_have_value(number)
    expect(stranger.locator("#receipt")).to_have_value("")
    _check(stranger, axe, found, "/track/<number> expired")
    assert not found, "axe-core found serious problems:\n" + describe(found)


@pytest.mark.parametrize(("lang", "width"), VIEWS, ids=IDS)
def test_staff_read_staff_words_in_their_language(contexts, english_office, lang, width):
    from portal.cases.tracking import add_reporter_message
    from tests.browser.flows import DESCRIPTION

    words, axe, found = WORDS[lang], Axe(), {}
    parent = _page(contexts, "th", 360)
    parent.goto("/submit?type=complaint")
    parent.locator("#school_id").select_option(label="โรงเรียนบ้านสามผง")
    parent.locator("#subject").fill("ห้องน้ำนักเรียนชำรุด")
    parent.locator("#description").fill(DESCRIPTION)
    parent.locator("form button[type=submit]").click()
    number = parent.locator("#case-number").inner_text().strip()
    case = db.session.scalar(select(Case).where(Case.number == number))
    add_reporter_message(case, "ส่งรูปเพิ่มเติมให้แล้ว", [])
    db.session.commit()
    db.session.remove()
    intake = add_staff("intake@test.example", "สุดา รับเรื่อง", Role.INTAKE)
    add_staff("officer@test.example", "วิชัย ส่งเสริม", Role.CASE_OFFICER, groups=("promotion",))
    add_staff("pr@test.example", "ปรีดา ประชาสัมพันธ์", Role.PR)
    add_staff("admin@test.example", "อดุล ดูแลระบบ", Role.ADMIN)

    page = _page(contexts, None, width)
    sign_in(page, intake)  # the sign-in page in Thai, then the reader's language
    expect_inbox(page, intake)  # landed: a sign-in answer still on its way resets the cookie
    page.goto(f"/lang/{lang}?next=/staff/")
    # Point 11: open cases by default, with a count; filters fold away.
    expect(page.locator(".queues a[aria-current=page]")).to_contain_text(
        "ยังไม่ยุติ" if lang == "th" else "Open")
    expect(page.locator(".total")).to_be_visible()
    expect(page.locator("details.filter-panel")).not_to_have_attribute("open", "")
    # Point 14: the filters name districts and categories in the reader's language.
    district_options = page.locator("#district_id option").evaluate_all(
        "options => options.map(o => o.textContent.trim())")
    assert ("Si Songkhram" if lang == "en" else "ศรีสงคราม") in district_options
    assert words["category"] in page.locator("#category_id").text_content()
    # Point 9: the status filter speaks of the reporter, never to them.
    statuses = page.locator("#status").text_content()
    assert words["awaiting"] in statuses and "จากท่าน" not in statuses
    _check(page, axe, found, "/staff/")
    page.locator("details.filter-panel summary").click()
    page.locator("#district_id").select_option(label="Si Songkhram" if lang == "en" else "ศรีสงคราม")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator(".chips")).to_contain_text("Si Songkhram" if lang == "en" else "ศรีสงคราม")
    _check(page, axe, found, "/staff/ filtered")

    page.goto(f"/staff/cases/{number}")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text(words["reporter_wrote"])
    expect(timeline).not_to_contain_text(words["parent_wrote"])
    # Point 12: only people who may take the case, grouped by work group.
    page.locator("#assign summary").click()
    officers = page.locator("#assign-assignee_id")
    groups = officers.locator("optgroup")
    assert groups.count() >= 1
    offered = officers.locator("option").evaluate_all("options => options.map(o => o.text)")
    assert "วิชัย ส่งเสริม" in offered and "สุดา รับเรื่อง" in offered
    assert "ปรีดา ประชาสัมพันธ์" not in offered and "อดุล ดูแลระบบ" not in offered
    promotion = "Educational Promotion" if lang == "en" else "กลุ่มส่งเสริมการจัดการศึกษา"
    label = officers.locator("optgroup:has(option:text-is('วิชัย ส่งเสริม'))").get_attribute("label")
    assert label in (promotion, "กลุ่มส่งเสริมการจัดการศึกษา")
    # Point 10: a reply keeps its paragraphs and links, and what is typed stays text.
    page.locator("#reply summary").click()
    page.locator("#reply-body").fill("เรียน ท่านผู้แจ้ง\nได้รับเรื่องแล้ว\n\nดู https://example.org/x <b>")
    page.locator("#reply button[type=submit]").click()
    reply = page.locator("ol.timeline .prose").last
    expect(reply.locator("p")).to_have_count(2)
    expect(reply.locator("br")).to_have_count(1)
    expect(reply.locator("a[href='https://example.org/x']")).to_have_attribute(
        "rel", "nofollow noopener")
    expect(reply).to_contain_text("<b>")
    _check(page, axe, found, "/staff/cases/<number>")
    assert not found, "axe-core found serious problems:\n" + describe(found)
