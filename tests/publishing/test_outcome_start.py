"""Issue 17 §4 (last point): the summary form starts from the case's resolution text,
already run through the privacy check, instead of empty."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from portal.cases import workflow
from portal.extensions import db
from portal.models import Outcome, Role
from tests.cases.factories import file_case, group, make_staff

RESOLUTION = ("โรงเรียนเพิ่มปริมาณอาหารกลางวันแล้ว ครูสมศรี ใจดี เป็นผู้ดูแล "
              "สอบถามโทร 081-234-5678")


@pytest.fixture
def staff(office):
    made = make_staff(office)
    db.session.commit()
    return made


def resolve(case, staff, summary: str):
    workflow.assign_case(case, staff.intake, group(case.office, "promotion"), staff.officer,
                         case.lock_version)
    workflow.resolve_case(case, staff.officer, Outcome.UPHELD, summary, case.lock_version)
    db.session.commit()


def textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    return html_lib.unescape(found.group(1)).strip() if found else ""


def test_the_form_starts_from_the_resolution_with_its_findings(office, staff, login_as):
    case = file_case(office)
    resolve(case, staff, RESOLUTION)
    officer = login_as(Role.CASE_OFFICER, groups=[group(office, "promotion")])
    page = officer.get(f"/staff/publishing/cases/{case.number}/outcome").get_data(as_text=True)
    assert textarea(page, "body") == RESOLUTION
    start = page.split('id="start-check"', 1)[1].split("</section>", 1)[0]
    assert "พบข้อความที่อาจระบุตัวบุคคล" in start
    assert "<mark>081-234-5678</mark>" in start and "สมศรี" in start


def test_a_clean_resolution_starts_the_form_and_says_nothing_was_found(
        office, staff, login_as):
    case = file_case(office)
    resolve(case, staff, "โรงเรียนเพิ่มปริมาณอาหารกลางวันทุกวันแล้ว")
    officer = login_as(Role.CASE_OFFICER, groups=[group(office, "promotion")])
    page = officer.get(f"/staff/publishing/cases/{case.number}/outcome").get_data(as_text=True)
    assert textarea(page, "body") == "โรงเรียนเพิ่มปริมาณอาหารกลางวันทุกวันแล้ว"
    assert "ไม่พบข้อความที่อาจระบุตัวบุคคล" in page
