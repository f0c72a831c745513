"""Issue 17 in Chromium, at 360 px and on a desktop: the pages a person clicks through.

The summary form opens on the case's resolution, already checked; the approver who read one
text and clicks after the author changed it gets the new text and a Thai message instead of
an approval; a participation report goes from the staff page through the same approval to
the ITA page. axe-core finds nothing serious, no page scrolls sideways, CSP holds.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.cases import workflow
from portal.extensions import db
from portal.models import Case, CaseType, Office, Outcome, Role, User, WorkGroup
from portal.publishing.drafting import DraftText, draft_outcome
from tests.browser.flows import describe
from tests.browser.shots import shoot
from tests.browser.test_triage import add_staff, sign_in
from tests.cases.factories import file_case
from tests.factories import make_user

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
RESOLUTION = "โรงเรียนเพิ่มปริมาณอาหารกลางวันแล้ว ครูสมศรี ใจดี ดูแล สอบถามโทร 081-234-5678"
CLEAN = "โรงเรียนเพิ่มปริมาณอาหารกลางวันแล้ว และตรวจสอบทุกสัปดาห์"
CHANGED = "โรงเรียนเพิ่มปริมาณอาหารกลางวันแล้ว และเปลี่ยนผู้รับจ้างทำอาหาร"
TITLE = "เพิ่มปริมาณอาหารกลางวันแล้ว"


def check(page: Page, name: str, found: dict, backend: dict) -> None:
    blocking = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    if blocking:
        found[name] = blocking
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{name} scrolls sideways ({width} px)"
    shoot(page, f"{backend['name']}-{page.viewport_size['width']}-{name}", "approval")


@pytest.fixture
def resolved(people) -> str:
    """A case resolved through the workflow with a text that names a teacher and a phone."""
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    case = file_case(office, subject="อาหารกลางวันไม่เพียงพอ")
    intake = db.session.scalar(select(User).where(User.email == "intake@test.example"))
    group = db.session.scalar(select(WorkGroup).where(WorkGroup.office_id == office.id,
                                                      WorkGroup.code == "promotion"))
    workflow.assign_case(case, intake, group, None, case.lock_version)
    workflow.resolve_case(case, intake, Outcome.UPHELD, RESOLUTION, case.lock_version)
    db.session.commit()
    number = db.session.scalar(select(Case.number).where(Case.id == case.id))
    db.session.remove()
    return number


@pytest.fixture
def people(live_server):
    return (add_staff("intake@test.example", "สุดา รับเรื่อง", Role.INTAKE),
            add_staff("deputy@test.example", "ประเสริฐ อนุมัติ", Role.APPROVER))


@pytest.mark.parametrize("layout", ["phone", "desktop"])
def test_start_text_changed_text_and_participation(contexts, people, resolved, recorder,
                                                   backend, layout):
    author, director = people
    open_page = contexts.mobile_page if layout == "phone" else (
        lambda: contexts.new_page(**DESKTOP))
    found: dict = {}
    desk = open_page()
    for weight in ("regular", "bold"):  # fonts are subset on first request: before timing
        assert desk.request.get(f"/fonts/sarabun-{weight}.woff2", timeout=120_000).ok
    sign_in(desk, author)
    desk.goto(f"/staff/cases/{resolved}")
    desk.get_by_role("link", name="เขียนสรุปผลเพื่อเผยแพร่").click()
    body = desk.get_by_label("สรุปผล (ท่านแจ้ง เราทำ)")
    expect(body).to_have_value(RESOLUTION)  # §4: starts from the resolution …
    start = desk.locator("#start-check")  # … already checked
    expect(start).to_contain_text("หมายเลขโทรศัพท์: 081-234-5678")
    check(desk, "outcome-start", found, backend)
    desk.get_by_label("หัวข้อ").fill(TITLE)
    body.fill(CLEAN)
    desk.get_by_role("button", name="บันทึกและตรวจข้อมูลส่วนบุคคล").click()
    desk.get_by_role("button", name="ส่งขออนุมัติ").click()
    expect(desk.get_by_role("status").first).to_have_text("ส่งขออนุมัติแล้ว")
    item_url = desk.url

    boss = open_page()
    sign_in(boss, director)
    boss.goto(item_url)  # §1: the director reads the text …
    expect(boss.locator("main")).to_contain_text(CLEAN)
    check(boss, "item-awaiting", found, backend)

    desk.locator("summary", has_text="แก้ไขข้อความ").click()  # … the author changes it …
    desk.get_by_label("สรุปผล (ท่านแจ้ง เราทำ)").fill(CHANGED)
    desk.get_by_role("button", name="บันทึกและตรวจข้อมูลส่วนบุคคล").click()
    desk.get_by_role("button", name="ส่งขออนุมัติ").click()
    expect(desk.get_by_role("status").first).to_have_text("ส่งขออนุมัติแล้ว")

    boss.get_by_role("button", name="อนุมัติและเผยแพร่").click()  # … and the click is refused
    alert = boss.get_by_role("alert")
    expect(alert).to_contain_text("ข้อความถูกแก้ไขระหว่างที่ท่านเปิดหน้านี้")
    expect(boss.locator("main")).to_contain_text(CHANGED)
    check(boss, "item-changed", found, backend)
    boss.get_by_role("button", name="อ่านข้อความใหม่แล้ว อนุมัติฉบับที่ 1").click()
    expect(boss.get_by_role("status").first).to_contain_text("อนุมัติแล้ว")
    public = open_page()
    public.goto("/outcomes")
    expect(public.locator("main")).to_contain_text(TITLE)

    desk.goto("/staff/participation")  # §2: the one path for participation reports
    check(desk, "participation-list", found, backend)
    desk.get_by_role("link", name="เขียนรายงานใหม่").click()
    desk.get_by_label("วันที่จัดกิจกรรม").fill("15/3/2569")
    desk.get_by_label("หัวข้อ").fill("เวทีรับฟังความคิดเห็นผู้ปกครอง")
    desk.get_by_label("ผู้เข้าร่วม").fill("ผู้ปกครอง 30 คน ติดต่อคุณสมชาย ใจดี 081-234-5678")
    desk.get_by_label("ผลที่ได้").fill("ขอให้ประกาศเมนูอาหารล่วงหน้า")
    desk.get_by_label("สิ่งที่ปรับปรุง").fill("ประกาศเมนูทุกวันศุกร์")
    check(desk, "participation-new", found, backend)
    desk.get_by_role("button", name="บันทึกและตรวจข้อมูลส่วนบุคคล").click()
    expect(desk.locator("#flags")).to_contain_text("081-234-5678")
    check(desk, "participation-flagged", found, backend)
    desk.get_by_label("ผู้เข้าร่วม").fill("ผู้ปกครอง 30 คน")
    desk.get_by_role("button", name="บันทึกและตรวจข้อมูลส่วนบุคคล").click()
    desk.get_by_role("button", name="ส่งขออนุมัติ").click()
    expect(desk.get_by_role("status").first).to_have_text("ส่งขออนุมัติแล้ว")
    public.goto("/ita/participation?year=2569")
    expect(public.locator("main")).not_to_contain_text("เวทีรับฟังความคิดเห็นผู้ปกครอง")

    boss.goto(desk.url)
    boss.get_by_role("button", name="อนุมัติและเผยแพร่").click()
    expect(boss.get_by_role("status").first).to_contain_text("หน้าหลักฐาน ITA")
    public.goto("/ita/participation?year=2569")
    expect(public.locator("main")).to_contain_text("เวทีรับฟังความคิดเห็นผู้ปกครอง")
    check(public, "ita-participation", found, backend)
    boss.goto("/staff/publishing?tab=published")
    check(boss, "queue-published", found, backend)
    desk.goto("/staff/participation")
    expect(desk.locator("main table")).to_contain_text("เผยแพร่อยู่")
    check(desk, "participation-list-filled", found, backend)

    assert not found, "axe-core found serious problems:\n" + describe(found)
    assert not recorder.csp_violations(), recorder.csp_violations()
    assert not recorder.page_errors, recorder.page_errors
    assert re.search(r"/staff/publishing/\d+$", item_url)


@pytest.mark.parametrize("layout", ["phone", "desktop"])
def test_a_blocked_draft_says_why(contexts, people, resolved, recorder, backend, layout):
    """§3: the case became a corruption report; its author reads why the draft stopped."""
    author, _director = people
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    case = db.session.scalar(select(Case).where(Case.number == resolved))
    writer = db.session.scalar(select(User).where(User.email == author.email))
    item = draft_outcome(case, writer, DraftText(title=TITLE, body=CLEAN))
    screener = make_user(office, Role.INTEGRITY)
    workflow.update_case_details(case, screener, case.lock_version,
                                 case_type=CaseType.CORRUPTION)
    db.session.commit()
    item_id = item.id
    db.session.remove()

    page = contexts.mobile_page() if layout == "phone" else contexts.new_page(**DESKTOP)
    sign_in(page, author)
    page.goto(f"/staff/publishing/{item_id}")
    expect(page.locator("main")).to_contain_text("เหตุผลที่ระงับ")
    expect(page.locator("main")).to_contain_text("เรื่องนี้ถูกกำหนดเป็นเรื่องลับ")
    expect(page.get_by_role("button", name="ส่งขออนุมัติ")).to_have_count(0)
    found: dict = {}
    check(page, "item-blocked", found, backend)
    assert not found, "axe-core found serious problems:\n" + describe(found)
    assert not recorder.csp_violations(), recorder.csp_violations()
