"""Staff in Chromium: triage a complaint from the inbox to its outcome, sign in with a code.

Three people, three browser contexts: the reporter files a complaint on the public form; the
intake officer screens and assigns it; the case officer answers, notes and resolves it; the
reporter then reads the answer, never the note. The integrity officer, who must use two-factor
sign-in, enrols an authenticator and later signs in with a code (codes from
portal.security.totp, as the officer's phone would make them).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Office, Role, User, UserRole, WorkGroup
from portal.security import totp
from portal.security.passwords import hash_password
from tests.browser.flows import SUBJECT, Slip, describe, open_case, submit_general_case

pytestmark = pytest.mark.browser

PASSWORD = "ลมหนาว-ริมโขง-2569"
BLOCKING = {"serious", "critical"}
PROMOTION = "กลุ่มส่งเสริมการจัดการศึกษา"

REPLY = "โรงเรียนได้ซ่อมประตูและระบบน้ำของห้องน้ำนักเรียนเรียบร้อยแล้ว เมื่อวันที่ 2 ธันวาคม"
NOTE = "ผอ.โรงเรียนรับปากทางโทรศัพท์ ยังไม่ได้ส่งภาพถ่ายยืนยัน ห้ามแจ้งผู้ร้อง"
SUMMARY = "ตรวจสอบแล้วห้องน้ำชำรุดจริง สำนักงานเขตสั่งให้โรงเรียนซ่อมแล้ว และจะติดตามผลอีกครั้ง"
UPHELD = "เป็นจริงตามที่ร้องเรียน และได้แก้ไขหรือดำเนินการแล้ว"

WRONG_CODE = "รหัสยืนยันไม่ถูกต้องหรือหมดอายุแล้ว"


@dataclass(frozen=True)
class Staff:
    email: str
    name: str


def add_staff(email: str, name: str, *roles: Role, groups: tuple[str, ...] = (),
              two_factor: bool = True) -> Staff:
    """A staff member of the live server's office, with the known password and (unless
    ``two_factor`` is False) an authenticator already set up: every account needs one."""
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    work_groups = db.session.scalars(select(WorkGroup).where(
        WorkGroup.office_id == office.id, WorkGroup.code.in_(groups))).all()
    secret = totp.new_secret() if two_factor else None
    db.session.add(User(office_id=office.id, email=email, name=name,
                        password_hash=hash_password(PASSWORD), totp_secret=secret,
                        totp_enabled=two_factor, roles=[UserRole(role=r) for r in roles],
                        work_groups=list(work_groups)))
    db.session.commit()
    db.session.remove()  # the server's threads must not wait on this thread's transaction
    return Staff(email, name)


@pytest.fixture
def intake(live_server) -> Staff:
    return add_staff("intake@test.example", "สุดา รับเรื่อง", Role.INTAKE)


@pytest.fixture
def officer(live_server) -> Staff:
    return add_staff("officer@test.example", "วิชัย ส่งเสริม", Role.CASE_OFFICER,
                     groups=("promotion",))


@pytest.fixture
def integrity(live_server) -> Staff:
    return add_staff("integrity@test.example", "ประภา สุจริต", Role.INTEGRITY, two_factor=False)


# --- steps -----------------------------------------------------------------------------------

def sign_in(page: Page, staff: Staff, password: str = PASSWORD,
            second_factor: bool = True) -> None:
    """The password step at /staff/sign-in; then, when it asks for one, the code of the
    staff member's authenticator (unless ``second_factor`` is False)."""
    page.goto("/staff/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("ลงชื่อเข้าใช้สำหรับเจ้าหน้าที่")
    page.get_by_label("อีเมล").fill(staff.email)
    page.get_by_label("รหัสผ่าน").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="ลงชื่อเข้าใช้").click()
    if second_factor and re.search(r"/staff/sign-in/code$", page.url):
        enter_code(page, staff)


USED_STEPS: dict[str, int] = {}  # secret → the last time step a test sent (a code works once)


def enter_code(page: Page, staff: Staff) -> None:
    """Type what the staff member's authenticator shows now on the second-step page."""
    user = db.session.scalar(select(User).where(User.email == staff.email))
    secret = user.totp_secret if user.totp_enabled else None
    db.session.remove()
    if secret is None:  # a passkey only: the test goes on from the second-step page
        return
    code, USED_STEPS[secret] = current_code(secret, USED_STEPS.get(secret, -1))
    page.get_by_label("รหัสยืนยัน 6 หลัก").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="ยืนยัน", exact=True).click()


def expect_inbox(page: Page, staff: Staff) -> None:
    expect(page).to_have_url(re.compile(r"/staff/(\?.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("กล่องเรื่อง")
    expect(page.get_by_role("navigation", name="เมนูเจ้าหน้าที่")).to_contain_text(staff.name)


def open_queue(page: Page, label: str) -> None:
    queues = page.get_by_role("navigation", name="คิวงาน")
    queues.get_by_role("link", name=re.compile(rf"^{label} \d+$")).click()
    expect(queues.get_by_role("link", name=re.compile(rf"^{label} "))).to_have_attribute(
        "aria-current", "page")


def back_to_inbox(page: Page) -> None:
    page.get_by_role("navigation", name="เมนูเจ้าหน้าที่").get_by_role(
        "link", name="กล่องเรื่อง").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("กล่องเรื่อง")


def case_row(page: Page, number: str) -> Locator:
    return page.locator("table.cases tbody tr").filter(
        has=page.get_by_role("link", name=number, exact=True))


def open_case_page(page: Page, number: str) -> None:
    case_row(page, number).get_by_role("link", name=number, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/staff/cases/{number}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{number} · {SUBJECT}")


def action(page: Page, title: str) -> Locator:
    """The <details> of one case action, by the text of its summary."""
    panel = page.get_by_role("complementary", name="การดำเนินการ")
    return panel.locator("details").filter(
        has=page.locator("summary").get_by_text(title, exact=True))


def open_action(page: Page, title: str) -> Locator:
    """Open an action's disclosure the way a person does: by clicking its summary."""
    details = action(page, title)
    expect(details).to_have_count(1)
    expect(details).not_to_have_attribute("open", "")
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    return details


def expect_done(page: Page, message: str) -> None:
    expect(page.locator(".notice-success")).to_have_text(message)


def fact(page: Page, term: str) -> Locator:
    return page.locator(f"dl.facts dt:text-is('{term}') + dd").first


def current_code(secret: str, after_step: int = -1) -> tuple[str, int]:
    """What an authenticator shows now for ``secret``, and its time step.

    The server accepts a step once only; ``after_step`` is the last one used, and when the
    clock has not moved past it yet the next step's code is taken (the server allows one step
    of drift either way, as for a phone whose clock runs a little fast).
    """
    step = max(totp.time_step(time.time()), after_step + 1)
    return totp.hotp(totp.decode_secret(secret), step), step


def wrong_code(secret: str) -> str:
    """A six-digit code that matches none of the steps the server could accept now."""
    key = totp.decode_secret(secret)
    now = totp.time_step(time.time())
    valid = {totp.hotp(key, step) for step in range(now - 2, now + 4)}
    return next(c for c in ("000000", "111111", "123456", "987654") if c not in valid)


# --- 1. triage -------------------------------------------------------------------------------

def test_intake_screens_officer_answers_and_reporter_reads_the_answer(
        contexts, intake, officer, recorder):
    reporter = contexts.new_page()
    slip: Slip = submit_general_case(reporter)

    # The intake officer: inbox → new cases → the case → acknowledge → assign.
    desk = contexts.new_page()
    sign_in(desk, intake)
    expect_inbox(desk, intake)
    open_queue(desk, "เรื่องใหม่")
    expect(case_row(desk, slip.number)).to_contain_text(SUBJECT)
    open_case_page(desk, slip.number)
    expect(fact(desk, "สถานะ")).to_have_text("เรื่องใหม่ รอคัดกรอง")

    acknowledge = action(desk, "ยืนยันการรับเรื่อง")
    expect(acknowledge).to_have_attribute("open", "")  # the first thing to do on a new case
    acknowledge.get_by_role("button", name="ยืนยันรับเรื่องนี้").click()
    expect_done(desk, "รับเรื่องแล้ว")
    expect(fact(desk, "สถานะ")).to_have_text("รับเรื่องแล้ว")
    expect(action(desk, "ยืนยันการรับเรื่อง")).to_have_count(0)

    assign = open_action(desk, "มอบหมาย")
    assign.get_by_label("กลุ่มงาน").select_option(label=PROMOTION)
    assign.get_by_label("ผู้รับผิดชอบ").select_option(label=officer.name)
    assign.get_by_role("button", name="มอบหมาย").click()
    expect_done(desk, "มอบหมายแล้ว")
    expect(fact(desk, "กลุ่มงาน / ผู้รับผิดชอบ")).to_have_text(f"{PROMOTION} · {officer.name}")
    back_to_inbox(desk)
    open_queue(desk, "เรื่องใหม่")
    expect(case_row(desk, slip.number)).to_have_count(0)

    # The case officer: my cases → the case → reply, note, resolve.
    work = contexts.new_page()
    sign_in(work, officer)
    expect_inbox(work, officer)
    open_queue(work, "เรื่องของฉัน")
    expect(case_row(work, slip.number)).to_contain_text(officer.name)
    open_case_page(work, slip.number)

    reply = open_action(work, "ตอบผู้แจ้ง")
    reply.get_by_label("คำตอบถึงผู้แจ้ง").fill(REPLY)
    reply.get_by_role("button", name="ส่งคำตอบ").click()
    expect_done(work, "ส่งคำตอบถึงผู้แจ้งแล้ว")
    expect(work.locator(".timeline")).to_contain_text(REPLY)

    note = open_action(work, "บันทึกภายใน")
    note.get_by_label("บันทึกภายใน (ผู้แจ้งไม่เห็น)").fill(NOTE)
    note.get_by_role("button", name="บันทึก").click()
    expect_done(work, "บันทึกภายในแล้ว")
    noted = work.locator(".timeline li.event-internal").filter(has_text=NOTE)
    expect(noted).to_have_count(1)
    expect(noted.locator(".badge")).to_have_text("ภายใน")

    resolve = open_action(work, "บันทึกผลการดำเนินการ")
    resolve.get_by_label("ผลการพิจารณา").select_option(label=UPHELD)
    resolve.get_by_label("สรุปผลการดำเนินการ (ผู้แจ้งเห็น)").fill(SUMMARY)
    resolve.get_by_role("button", name="บันทึกผล").click()
    expect_done(work, "บันทึกผลการดำเนินการแล้ว")
    expect(fact(work, "สถานะ")).to_have_text("ดำเนินการแล้ว")
    expect(action(work, "ตอบผู้แจ้ง")).to_have_count(0)  # a resolved case is not answered again

    # The reporter, with nothing but the slip: the answer and the outcome, not the note.
    open_case(reporter, slip)
    expect(fact(reporter, "สถานะ")).to_contain_text("ดำเนินการแล้ว")
    timeline = reporter.locator(".timeline")
    expect(timeline).to_contain_text(REPLY)
    expect(timeline).to_contain_text(SUMMARY)
    expect(reporter.locator("main")).not_to_contain_text(NOTE)
    assert NOTE not in reporter.content()

    assert not recorder.page_errors, recorder.page_errors
    assert not recorder.csp_violations(), recorder.csp_violations()


# --- 2. two-factor sign-in -------------------------------------------------------------------

def test_integrity_officer_enrols_an_authenticator_then_signs_in_with_a_code(
        contexts, integrity, recorder):
    page = contexts.new_page()
    sign_in(page, integrity)

    # Required and not yet set up: enrolment comes before anything else.
    expect(page).to_have_url(re.compile(r"/staff/two-factor/setup$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("ตั้งค่าการยืนยันตัวตนสองขั้นตอน")
    expect(page.get_by_role("img", name=re.compile("คิวอาร์โค้ด"))).to_be_visible()
    shown = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", shown), shown
    secret = shown.replace(" ", "")
    assert len(secret) == 32  # 160 bits

    code, step = current_code(secret)
    page.get_by_label("รหัสยืนยัน 6 หลัก").fill(code)
    page.get_by_role("button", name="ยืนยันและเปิดใช้").click()
    expect_inbox(page, integrity)

    sign_out(page)

    # Next time: the password, then a code (a wrong one first).
    sign_in(page, integrity, second_factor=False)
    expect(page).to_have_url(re.compile(r"/staff/sign-in/code$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("ยืนยันตัวตนขั้นที่สอง")
    field = page.get_by_label("รหัสยืนยัน 6 หลัก")
    field.fill(wrong_code(secret))
    page.get_by_role("button", name="ยืนยัน", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text(WRONG_CODE)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".error-text")).to_contain_text(WRONG_CODE)
    expect(page).to_have_url(re.compile(r"/staff/sign-in/code$"))

    code, _ = current_code(secret, after_step=step)  # the enrolment code is spent
    field.fill(code)
    page.get_by_role("button", name="ยืนยัน", exact=True).click()
    expect_inbox(page, integrity)

    assert not recorder.page_errors, recorder.page_errors
    assert not recorder.csp_violations(), recorder.csp_violations()


def sign_out(page: Page) -> None:
    page.get_by_role("navigation", name="เมนูเจ้าหน้าที่").get_by_role(
        "link", name="บัญชีของฉัน").click()
    # Every answer of the account page first (the favicon's too): a late one would set the
    # signed-in session cookie again over the one the sign-out sets.
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="ออกจากระบบ").click()
    expect(page).to_have_url(re.compile(r"/staff/sign-in$"))
    expect(page.locator(".notice-success")).to_have_text("ออกจากระบบเรียบร้อยแล้ว")
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/sign-in"))  # the session really ended


# --- 3. accessibility ------------------------------------------------------------------------

def test_inbox_and_case_page_work_with_keyboard_and_pass_axe(contexts, intake):
    reporter = contexts.new_page()
    slip = submit_general_case(reporter)

    page = contexts.new_page()
    sign_in(page, intake)
    expect_inbox(page, intake)
    axe = Axe()
    found = {"inbox": blocking(axe, page)}

    # Keyboard only: from the skip link to the case, then open an action with Enter.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="ข้ามไปยังเนื้อหา")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    link = case_row(page, slip.number).get_by_role("link", name=slip.number, exact=True)
    for _ in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/staff/cases/{slip.number}$"))
    found["case page"] = blocking(axe, page)

    details = action(page, "มอบหมาย")
    summary = details.locator("summary")
    summary.focus()
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    expect(details.get_by_label("กลุ่มงาน")).to_be_focused()
    page.keyboard.press("Tab")
    expect(details.get_by_label("ผู้รับผิดชอบ")).to_be_focused()
    page.keyboard.press("Tab")
    expect(details.get_by_role("button", name="มอบหมาย")).to_be_focused()

    for title in ("ตอบผู้แจ้ง", "บันทึกภายใน"):
        open_action(page, title)
    found["case page, actions open"] = blocking(axe, page)

    # A refused form: the errors are announced and tied to the field.
    note = action(page, "บันทึกภายใน")
    note.get_by_role("button", name="บันทึก").click()
    expect(page.locator('.notice-error[role="alert"]')).to_have_text("กรุณาตรวจสอบข้อมูลในแบบฟอร์ม")
    note = action(page, "บันทึกภายใน")
    expect(note).to_have_attribute("open", "")  # the refused form stays in view
    field = note.get_by_label("บันทึกภายใน (ผู้แจ้งไม่เห็น)")
    expect(field).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description("กรุณากรอกช่องนี้")
    found["case page with errors"] = blocking(axe, page)

    found = {name: v for name, v in found.items() if v}
    assert not found, "axe-core found serious problems:\n" + describe(found)


def blocking(axe: Axe, page: Page) -> list[dict]:
    """axe-core's serious and critical findings, and two it does not report on its own: ids
    used twice, and fields that no label names (as the browser sees it, ``element.labels``)."""
    found = [v for v in axe.run(page).response["violations"] if v["impact"] in BLOCKING]
    problems = page.evaluate(CHECK_LABELS)
    if problems["duplicate_ids"]:
        found.append(own_finding("duplicate-ids", "ids are unique on the page",
                                 problems["duplicate_ids"]))
    if problems["unlabelled"]:
        found.append(own_finding("unlabelled-field", "every field has a label of its own",
                                 problems["unlabelled"]))
    return found


CHECK_LABELS = """() => {
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  const fields = document.querySelectorAll(
    "main input:not([type=hidden]):not([type=submit]), main select, main textarea");
  return {
    duplicate_ids: [...seen].filter(([, n]) => n > 1).map(([id]) => "#" + id),
    unlabelled: [...fields].filter(el => el.labels.length === 0 && !el.getAttribute("aria-label"))
                           .map(el => `${el.closest("form")?.getAttribute("action")} ${el.name}`),
  };
}"""


def own_finding(rule: str, help_text: str, targets: list[str]) -> dict:
    return {"impact": "serious", "id": rule, "help": help_text, "helpUrl": "this test",
            "nodes": [{"target": t, "failureSummary": ""} for t in targets]}

