"""A published report on a phone: the marks of hidden cells and the notes that explain them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseType, Office, School
from portal.reports.periods import parse_period
from portal.reports.publishing import publish_report
from tests.reports.dataset import add_case, bkk

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("PORTAL_TEST_SHOTS")


def publish_october_with_a_small_cell() -> None:
    office = db.session.scalar(select(Office).where(Office.code == "NP2"))
    s1, s2, s3 = db.session.scalars(select(School).where(School.office_id == office.id)
                                    .order_by(School.code)).all()
    day = iter(range(1, 29))
    for school, n in ((s1, 5), (s2, 1), (s3, 4), (None, 3)):
        for _ in range(n):
            add_case(office, "ตุลาคม", received_at=bkk(2026, 10, next(day)),
                     school_id=school.id if school else None)
    add_case(office, "ทุจริต", case_type=CaseType.CORRUPTION, confidential=True,
             received_at=bkk(2026, 10, 20), school_id=s3.id)
    publish_report(office, parse_period("2026-10"))
    db.session.commit()
    db.session.remove()


@pytest.mark.parametrize("language", ["th", "en"])
def test_published_report_marks_hidden_cells_on_a_phone(contexts, live_server, language):
    publish_october_with_a_small_cell()
    page = contexts.mobile_page(locale="th-TH" if language == "th" else "en-US")
    page.goto(f"/lang/{language}?next=/reports/2026-10")
    schools = page.locator("table", has=page.locator("caption", has_text=(
        "แยกตามโรงเรียน" if language == "th" else "by school")))
    expect(schools.locator(".mark-small")).to_have_text("<3")
    expect(schools.locator(".mark-protected")).to_have_text("–")
    notes = page.locator(".report-notes")
    expect(notes).to_contain_text("<3")
    expect(notes).to_contain_text("–")
    if language == "th":
        expect(notes).to_contain_text("นับเฉพาะภาพรวมของสำนักงาน")
    else:
        expect(notes).to_contain_text("office-wide")
    # The corruption report is one office-wide count, at no school.
    expect(page.locator("#r-corruption ~ div table")).to_contain_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    if SHOTS:
        folder = Path(SHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"report-marks-360-{language}.png"), full_page=True)
        wide = contexts.new_page(viewport={"width": 1366, "height": 900})
        wide.goto(f"/lang/{language}?next=/reports/2026-10")
        wide.screenshot(path=str(folder / f"report-marks-1366-{language}.png"), full_page=True)
