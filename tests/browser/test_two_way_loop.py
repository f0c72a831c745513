"""The whole two-way loop in Chromium, on the migrated database, with every case action.

A parent files a complaint with a photo on /submit (three more of theirs come through the
intake service, for the actions that end a case) and follows them on the tracking page; the
intake officer screens them from the inbox (bulk assignment included); the case officer asks
the parent for information, answers from a response template, notes, resolves; the parent
answers, disputes, confirms and rates. After each step the test looks at what the other side
sees. Merge, decline and refer end a case, so they use the other three.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.cases.similar import content_words
from portal.cases.submit import CaseSubmission, ContactDetails, submit_case
from portal.extensions import db
from portal.models import CaseType, Office, ResponseTemplate, Role
from tests.browser.flows import (
    DESCRIPTION,
    SUBJECT,
    Slip,
    fill_general_case,
    open_case,
    read_slip,
)
from tests.browser.test_triage import (
    PROMOTION,
    Staff,
    action,
    add_staff,
    case_row,
    expect_done,
    expect_inbox,
    fact,
    open_action,
    open_case_page,
    open_queue,
    sign_in,
)
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.browser

QUESTION = "ขอทราบว่าบุตรของท่านเรียนชั้นใด และห้องน้ำที่ชำรุดอยู่อาคารใด"
ANSWER = "ลูกเรียนชั้น ป.3 ห้องน้ำอยู่หลังอาคาร 2"
TEMPLATE_BODY = "เรื่องเลขที่ {number} สำนักงานเขตได้ส่งเจ้าหน้าที่ไปตรวจสอบแล้ว"
NOTE = "ผอ.โรงเรียนยืนยันทางโทรศัพท์ว่าจะซ่อมภายในสัปดาห์นี้"
FIRST_SUMMARY = "โรงเรียนซ่อมประตูห้องน้ำแล้ว"
DISPUTE = "ประตูซ่อมแล้ว แต่น้ำยังไม่ไหล"
SECOND_SUMMARY = "โรงเรียนซ่อมระบบน้ำแล้ว ตรวจสอบซ้ำเมื่อวันที่ 5 ธันวาคม"
REOPEN = "ผู้ปกครองโทรแจ้งว่าน้ำไม่ไหลอีก"
CONFLICT = "ภรรยาเป็นครูในโรงเรียนนี้"
DECLINE_NOTE = "ไม่พบชื่อโรงเรียนและไม่มีภาพประกอบ"
AGENCY = "องค์การบริหารส่วนตำบลสามผง"
UPHELD = "เป็นจริงตามที่ร้องเรียน และได้แก้ไขหรือดำเนินการแล้ว"


@pytest.fixture
def intake(live_server) -> Staff:
    # The first similar-case search in a process loads PyThaiNLP's word list, which takes
    # seconds on a busy machine: load it here, not inside a page load with a 10 s budget.
    content_words("ห้องน้ำนักเรียนชำรุด")
    staff = add_staff("intake@test.example", "สุดา รับเรื่อง", Role.INTAKE)
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    db.session.add(ResponseTemplate(office_id=office.id, title="แจ้งการตรวจสอบ",
                                    body=TEMPLATE_BODY))
    db.session.commit()
    db.session.remove()
    return staff


@pytest.fixture
def officer(live_server) -> Staff:
    return add_staff("officer@test.example", "วิชัย ส่งเสริม", Role.CASE_OFFICER,
                     groups=("promotion",))


# --- the parent's side -----------------------------------------------------------------------

def file_case(page: Page, files=None) -> Slip:
    page.goto("/submit")
    fill_general_case(page, files=files)
    page.get_by_role("button", name="ส่งเรื่อง").click()
    return read_slip(page)


def filed_by_phone_earlier(app, count: int) -> list[Slip]:
    """Further complaints from the same parent, filed through the intake service (quicker
    than the form, which the first case already walks), for the actions that end a case."""
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    with app.test_request_context():
        made = [submit_case(office, CaseSubmission(
            case_type=CaseType.COMPLAINT, subject=SUBJECT, description=f"{DESCRIPTION} ({n})",
            contact=ContactDetails(name="สมศรี ใจงาม", phone="0812345678")))
            for n in range(count)]
        slips = [Slip(m.case.number, m.receipt) for m in made]
        db.session.commit()
    db.session.remove()
    return slips


def track(page: Page, number: str) -> None:
    """The tracking page of a case this browser opened with its receipt earlier."""
    page.goto(f"/track/{number}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"เรื่องเลขที่ {number}")


def parent_sees(page: Page, number: str, status: str, *texts: str) -> None:
    track(page, number)
    expect(fact(page, "สถานะ").locator(".badge")).to_have_text(status)
    for text in texts:
        expect(page.locator(".timeline")).to_contain_text(text)


# --- the staff side --------------------------------------------------------------------------

def staff_case(page: Page, number: str) -> None:
    page.goto(f"/staff/cases/{number}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{number} · {SUBJECT}")


def run(page: Page, title: str, button: str, done: str, fields: dict[str, str]) -> None:
    """Open one action, fill its fields by label (selects by option label), press its button."""
    form = open_action(page, title)
    for label, value in fields.items():
        field = form.get_by_label(label, exact=True)
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.get_by_role("button", name=button).click()
    expect_done(page, done)


def staff_timeline(page: Page, label: str):
    return page.locator(".timeline li").filter(has=page.locator("strong", has_text=label))


def test_parent_and_staff_walk_the_whole_loop(
        app, contexts, intake, officer, upload, recorder):
    parent = contexts.mobile_page()
    a = file_case(parent, files=[upload("ห้องน้ำ.jpg", jpeg_bytes())])
    b, c, d = filed_by_phone_earlier(app, 3)
    for slip in (a, b, c, d):
        open_case(parent, slip)

    desk = contexts.new_page()
    sign_in(desk, intake)
    expect_inbox(desk, intake)
    _bulk_assign(desk, c, d)
    open_queue(desk, "เรื่องใหม่")
    open_case_page(desk, a.number)
    _photo_opens(desk)

    # Acknowledge, assign, edit details: the parent sees the status, not the internal steps.
    action(desk, "ยืนยันการรับเรื่อง").get_by_role("button", name="ยืนยันรับเรื่องนี้").click()
    expect_done(desk, "รับเรื่องแล้ว")
    run(desk, "มอบหมาย", "มอบหมาย", "มอบหมายแล้ว",
        {"กลุ่มงาน": PROMOTION, "ผู้รับผิดชอบ": officer.name})
    expect(fact(desk, "กลุ่มงาน / ผู้รับผิดชอบ")).to_have_text(f"{PROMOTION} · {officer.name}")
    run(desk, "แก้ไขประเภท หมวดหมู่ โรงเรียน ความเร่งด่วน", "บันทึก", "บันทึกการแก้ไขแล้ว",
        {"ความเร่งด่วน": "ด่วน"})
    expect(staff_timeline(desk, "แก้ไขรายละเอียดเรื่อง")).to_have_count(1)
    parent_sees(parent, a.number, "เจ้าหน้าที่รับเรื่องแล้ว")
    expect(parent.locator("main")).not_to_contain_text(officer.name)
    expect(parent.locator("main")).not_to_contain_text("แก้ไขรายละเอียดเรื่อง")

    # The officer asks; the parent answers on the tracking page; the officer sees the answer.
    work = contexts.new_page()
    sign_in(work, officer)
    open_queue(work, "เรื่องของฉัน")
    open_case_page(work, a.number)
    run(work, "ขอข้อมูลเพิ่มเติมจากผู้แจ้ง", "ส่งคำขอ",
        "ขอข้อมูลเพิ่มเติมแล้ว หยุดนับเวลาจนกว่าผู้แจ้งจะตอบ",
        {"ข้อมูลที่ต้องการจากผู้แจ้ง": QUESTION})
    parent_sees(parent, a.number, "รอข้อมูลเพิ่มเติมจากท่าน", QUESTION)
    parent.get_by_label("ข้อมูลเพิ่มเติม", exact=True).fill(ANSWER)
    parent.get_by_role("button", name="ส่งข้อมูลเพิ่มเติม").click()
    expect(parent.locator(".notice-success")).to_contain_text("ส่งข้อมูลเพิ่มเติมเรียบร้อยแล้ว")
    staff_case(work, a.number)
    expect(work.locator(".timeline")).to_contain_text(ANSWER)
    expect(fact(work, "สถานะ")).to_have_text("อยู่ระหว่างดำเนินการ")

    # Reply from a response template, note, resolve.
    work.get_by_role("link", name="แจ้งการตรวจสอบ").click()
    reply = action(work, "ตอบผู้แจ้ง")
    expect(reply).to_have_attribute("open", "")
    filled = TEMPLATE_BODY.format(number=a.number)
    expect(reply.get_by_label("คำตอบถึงผู้แจ้ง")).to_have_value(filled)
    reply.get_by_role("button", name="ส่งคำตอบ").click()
    expect_done(work, "ส่งคำตอบถึงผู้แจ้งแล้ว")
    run(work, "บันทึกภายใน", "บันทึก", "บันทึกภายในแล้ว", {"บันทึกภายใน (ผู้แจ้งไม่เห็น)": NOTE})
    _resolve(work, FIRST_SUMMARY)
    parent_sees(parent, a.number, "ดำเนินการแล้ว", filled, FIRST_SUMMARY)
    expect(parent.locator("main")).not_to_contain_text(NOTE)

    # The parent disputes: the case reopens for the officer.
    parent.get_by_label("เหตุผลที่ไม่เห็นด้วย (เมื่อโต้แย้ง)").fill(DISPUTE)
    parent.get_by_role("button", name="ไม่เห็นด้วย ขอให้พิจารณาใหม่").click()
    expect(parent.locator(".notice-success")).to_contain_text("เราเปิดเรื่องของท่านอีกครั้ง")
    staff_case(work, a.number)
    expect(staff_timeline(work, "ผู้แจ้งโต้แย้งผลการดำเนินการ")).to_contain_text(DISPUTE)
    expect(fact(work, "สถานะ")).to_have_text("อยู่ระหว่างดำเนินการ")

    # Resolved again; the parent confirms and rates; the officer sees both.
    _resolve(work, SECOND_SUMMARY)
    parent_sees(parent, a.number, "ดำเนินการแล้ว", SECOND_SUMMARY)
    parent.get_by_role("button", name="เห็นด้วยกับผลการดำเนินการ").click()
    expect(parent.locator(".notice-success")).to_contain_text("เราได้รับคำยืนยันของท่านแล้ว")
    parent.get_by_label("4 – มาก").check()
    parent.get_by_label("ความคิดเห็นเพิ่มเติม").fill("ขอบคุณที่ติดตามให้")
    parent.get_by_role("button", name="ส่งการประเมิน").click()
    expect(parent.locator(".notice-success")).to_contain_text("ขอบคุณสำหรับการประเมิน")
    staff_case(work, a.number)
    expect(staff_timeline(work, "ผู้แจ้งยืนยันผลการดำเนินการ")).to_have_count(1)
    expect(staff_timeline(work, "ผู้แจ้งประเมินความพึงพอใจ")).to_contain_text("4/5")

    # Close, then reopen: the parent sees both.
    action(work, "ยุติเรื่องนี้").locator("summary").click()
    action(work, "ยุติเรื่องนี้").get_by_role("button", name="ยืนยันยุติเรื่องนี้").click()
    expect_done(work, "ยุติเรื่องแล้ว")
    parent_sees(parent, a.number, "ยุติเรื่องแล้ว")
    staff_case(desk, a.number)
    run(desk, "เปิดเรื่องอีกครั้ง", "เปิดเรื่อง", "เปิดเรื่องอีกครั้งแล้ว",
        {"เหตุผลที่เปิดเรื่องอีกครั้ง": REOPEN})
    parent_sees(parent, a.number, "อยู่ระหว่างดำเนินการ", REOPEN)

    # The officer declares a conflict and loses sight of the case; the intake officer sees why.
    staff_case(work, a.number)
    run(work, "แจ้งส่วนได้เสีย (ขอถอนตัว)", "แจ้งและถอนตัว",
        "บันทึกการแจ้งส่วนได้เสียแล้ว ท่านจะไม่เห็นเรื่องนี้อีก", {"ส่วนได้เสียที่ต้องแจ้ง": CONFLICT})
    expect(work).to_have_url(re.compile(r"/staff/$"))
    assert work.goto(f"/staff/cases/{a.number}").status == 404
    staff_case(desk, a.number)
    expect(staff_timeline(desk, "แจ้งส่วนได้เสีย")).to_contain_text(CONFLICT)
    track(parent, a.number)
    expect(parent.locator("main")).not_to_contain_text(CONFLICT)

    _merge_decline_refer(desk, parent, a, b, c, d)
    parent.get_by_role("button", name="ปิดการติดตามในเครื่องนี้").click()
    expect(parent.locator(".notice-info")).to_contain_text("ปิดการติดตามเรื่องในเครื่องนี้แล้ว")
    assert parent.goto(f"/track/{a.number}").status == 403  # the receipt is needed again
    assert not recorder.page_errors, recorder.page_errors
    assert not recorder.csp_violations(), recorder.csp_violations()


def _bulk_assign(desk: Page, *slips: Slip) -> None:
    open_queue(desk, "เรื่องใหม่")
    for slip in slips:
        desk.get_by_label(f"เลือก {slip.number}").check()
    desk.locator("#bulk-group").select_option(label=PROMOTION)
    desk.locator("fieldset").filter(has=desk.locator("#bulk-group")).get_by_role(
        "button", name="มอบหมาย").click()
    expect(desk.locator(".notice-success")).to_have_text(f"มอบหมายแล้ว {len(slips)} เรื่อง")
    for slip in slips:
        expect(case_row(desk, slip.number)).to_contain_text(PROMOTION)


def _photo_opens(desk: Page) -> None:
    link = desk.locator(".timeline").get_by_role("link", name="ห้องน้ำ.jpg")
    response = desk.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"


def _resolve(page: Page, summary: str) -> None:
    run(page, "บันทึกผลการดำเนินการ", "บันทึกผล", "บันทึกผลการดำเนินการแล้ว",
        {"ผลการพิจารณา": UPHELD, "สรุปผลการดำเนินการ (ผู้แจ้งเห็น)": summary})
    expect(fact(page, "สถานะ")).to_have_text("ดำเนินการแล้ว")


def _merge_decline_refer(desk: Page, parent: Page, a: Slip, b: Slip, c: Slip, d: Slip) -> None:
    staff_case(desk, b.number)
    run(desk, "รวมเรื่องนี้เข้ากับเรื่องอื่น", "รวมเรื่อง", "รวมเรื่องแล้ว",
        {"รวมเข้ากับเรื่องเลขที่": a.number})
    expect(fact(desk, "สถานะ")).to_have_text("รวมกับเรื่องอื่นแล้ว")
    parent_sees(parent, b.number, "รวมกับเรื่องอื่นแล้ว", a.number)
    staff_case(desk, a.number)
    expect(staff_timeline(desk, "รวมเรื่อง")).to_contain_text(b.number)

    staff_case(desk, c.number)
    run(desk, "ไม่รับพิจารณาเรื่องนี้", "บันทึกว่าไม่รับพิจารณา", "บันทึกการไม่รับพิจารณาแล้ว",
        {"เหตุผลที่ไม่รับพิจารณา": "เหตุอื่น", "คำอธิบายเพิ่มเติม (ผู้แจ้งเห็น)": DECLINE_NOTE})
    parent_sees(parent, c.number, "ไม่รับพิจารณา", DECLINE_NOTE)

    staff_case(desk, d.number)
    run(desk, "ส่งต่อเรื่องไปยังหน่วยงานอื่น", "ส่งต่อเรื่อง", "ส่งต่อหน่วยงานอื่นแล้ว",
        {"หน่วยงานที่ส่งต่อ": AGENCY})
    parent_sees(parent, d.number, "ส่งต่อหน่วยงานอื่น", AGENCY)
