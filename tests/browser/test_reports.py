"""The report preview in Chromium: a phone 360 px wide, axe-core, the strict CSP."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseStatus, CaseType, Channel, Office, Outcome, Role, School
from tests.browser.flows import describe
from tests.browser.test_triage import add_staff, sign_in
from tests.reports.dataset import add_case, bkk

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
# Set to a folder to keep screenshots of the report at 360 and 1366 px (Thai and English).
SHOTS = os.environ.get("PORTAL_TEST_SHOTS")


def add_october_cases() -> None:
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    schools = db.session.scalars(select(School).where(School.office_id == office.id)).all()
    kinds = [(CaseType.COMPLAINT, Channel.WEB), (CaseType.QUESTION, Channel.LINE),
             (CaseType.CORRUPTION, Channel.WEB), (CaseType.SUGGESTION, Channel.FACEBOOK)]
    for day in range(1, 29):
        case_type, channel = kinds[day % 4]
        done = day % 3 != 0
        add_case(office, f"ตุลาคม {day}", case_type=case_type, channel=channel,
                 school_id=schools[day % len(schools)].id,
                 status=CaseStatus.RESOLVED if done else CaseStatus.IN_PROGRESS,
                 outcome=(Outcome.UPHELD if case_type in (CaseType.COMPLAINT, CaseType.CORRUPTION)
                          else Outcome.ANSWERED) if done else None,
                 received_at=bkk(2026, 10, day), acknowledged_at=bkk(2026, 10, day, 15),
                 reply_due_at=bkk(2026, 10, day) + (bkk(2026, 10, 16) - bkk(2026, 10, 1)),
                 reporter_informed_at=bkk(2026, 10, day + 2) if done else None,
                 resolved_at=bkk(2026, 10, day + 2) if done else None)
    db.session.commit()
    db.session.remove()


def test_report_preview_on_a_phone_passes_axe_and_csp(contexts, live_server):
    add_october_cases()
    staff = add_staff("intake@test.example", "สุดา รับเรื่อง", Role.INTAKE)
    page = contexts.mobile_page()
    sign_in(page, staff)
    page.get_by_role("navigation", name="เมนูเจ้าหน้าที่").get_by_role("link", name="รายงาน").click()
    expect(page.get_by_label("ช่วงเวลา")).to_have_value(re.compile(r"^\d{4}-\d{2}$"))
    page.goto("/staff/reports/2026-10")
    expect(page.get_by_role("heading", level=1)).to_contain_text("รายงานสถิติเรื่องร้องเรียน")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ตุลาคม 2569")
    expect(page.locator("svg.chart").first).to_be_visible()
    # Nothing wider than the phone: wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    chart_width = page.locator("svg.chart").first.bounding_box()["width"]
    assert 250 <= chart_width <= 360
    found = {}
    for view in ("", "?view=public"):
        page.goto(f"/staff/reports/2026-10{view}")
        blocking = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
        if blocking:
            found[view or "staff"] = blocking
    page.goto("/staff/reports/2026-08")
    expect(page.locator(".report-empty")).to_have_text("ไม่มีเรื่องร้องเรียน")
    assert not found, "axe-core found serious problems:\n" + describe(found)
    assert not contexts.recorder.csp_violations(), contexts.recorder.csp_violations()
    assert not contexts.recorder.page_errors
    if SHOTS:
        _screenshots(contexts, staff, Path(SHOTS))


def _screenshots(contexts, staff, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for width, height, name in ((360, 740, "phone"), (1366, 900, "desk")):
        page = contexts.new_page(viewport={"width": width, "height": height})
        sign_in(page, staff)
        for locale in ("th", "en"):
            if locale == "en":
                page.goto("/lang/en?next=/staff/reports/2026-10")
            page.goto("/staff/reports/2026-10")
            page.screenshot(path=folder / f"report-{name}-{locale}.png", full_page=True)
        page.goto("/staff/reports/2026-08")
        page.screenshot(path=folder / f"report-empty-{name}-en.png", full_page=True)


def test_unsuppressed_preview_is_marked_on_a_phone_and_logged(app, contexts, live_server):
    """The director's full figures: the red "ไม่เผยแพร่" banner at 360 px and on a desk, axe
    clean, and the opening listed in the view log."""
    from tests.admin.factories import make_user
    from tests.browser.test_oversight import session_of, signed_in_context
    from tests.browser.test_triage import blocking

    add_october_cases()
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    director = make_user(office, Role.DIRECTOR, name="ผอ. สมชาย")
    db.session.commit()
    cookie = session_of(app, director)
    db.session.remove()
    axe = Axe()
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for name, options in (("phone", MOBILE_OPTIONS), ("desk", DESK_OPTIONS)):
        page = signed_in_context(contexts, cookie, **options).new_page()
        page.goto("/staff/reports/2026-10")
        expect(page.locator(".restricted-banner")).to_have_count(0)
        page.get_by_role("link", name="แสดงตัวเลขทั้งหมด (ไม่เผยแพร่ บันทึกการเปิดดู)").click()
        banner = page.get_by_role("alert").filter(has_text="ไม่เผยแพร่")
        expect(banner).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= options["viewport"][
            "width"]
        assert blocking(axe, page) == []
        for locale in ("th", "en") if SHOTS else ():
            if locale == "en":
                page.goto("/lang/en?next=/staff/reports/2026-10%3Fview%3Dfull")
            page.goto("/staff/reports/2026-10?view=full")
            page.screenshot(path=Path(SHOTS) / f"report-full-{name}-{locale}.png",
                            full_page=True)
            page.goto("/staff/reports/2026-10")
            page.screenshot(path=Path(SHOTS) / f"report-public-{name}-{locale}.png",
                            full_page=True)
        page.goto("/lang/th?next=/staff/oversight/report-views")
        page.goto("/staff/oversight/report-views")
        expect(page.get_by_role("rowheader", name="ผอ. สมชาย").first).to_be_visible()
        assert blocking(axe, page) == []
    assert not contexts.recorder.csp_violations(), contexts.recorder.csp_violations()


MOBILE_OPTIONS = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
DESK_OPTIONS = {"viewport": {"width": 1366, "height": 900}}
