"""Empty work groups: routing passes over them when another fits; the assign form says a
group is empty and offers other groups' officers."""

from __future__ import annotations

import re

import pytest

from portal.cases import workflow
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import CaseType, Role, WorkGroup
from tests.cases.factories import file_case
from tests.factories import group, make_user
from tests.helpers import csrf_token


def second_legal_group(office) -> WorkGroup:
    audit = WorkGroup(
        office_id=office.id, code="audit", name_th="หน่วยตรวจสอบภายใน", receives_corruption=True
    )
    db.session.add(audit)
    db.session.flush()
    return audit


def test_a_corruption_report_skips_an_empty_group_when_another_fits(app, office):
    audit = second_legal_group(office)
    make_user(office, Role.INTEGRITY, groups=(audit,))
    db.session.commit()
    assert file_case(office, CaseType.CORRUPTION).work_group_id == audit.id


def test_the_first_staffed_group_still_comes_first(app, office):
    audit = second_legal_group(office)
    make_user(office, Role.INTEGRITY, groups=(audit,))
    make_user(office, Role.INTEGRITY, groups=(group(office, "legal"),))
    db.session.commit()
    assert file_case(office, CaseType.CORRUPTION).work_group_id == group(office, "legal").id


def test_with_every_group_empty_the_first_keeps_the_case(app, office):
    second_legal_group(office)
    db.session.commit()
    assert file_case(office, CaseType.CORRUPTION).work_group_id == group(office, "legal").id


def test_reclassifying_as_corruption_skips_an_empty_group(app, office):
    audit = second_legal_group(office)
    make_user(office, Role.INTEGRITY, groups=(audit,))
    intake = make_user(office, Role.INTAKE)
    db.session.commit()
    case = file_case(office)
    workflow.update_case_details(case, intake, case.lock_version, case_type=CaseType.CORRUPTION)
    db.session.commit()
    assert case.work_group_id == audit.id


def test_an_empty_group_offers_other_groups_officers(app, office, login_as):
    legal = group(office, "legal")
    helper = make_user(office, Role.CASE_OFFICER, groups=(legal,), name="สมพร ช่วยงาน")
    db.session.commit()
    case = file_case(office)  # routed to "promotion", which has no members
    intake = login_as(Role.INTAKE)
    page = intake.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert ("กลุ่มงานกลุ่มส่งเสริมการจัดการศึกษา ยังไม่มีเจ้าหน้าที่ในกลุ่ม เลือกเจ้าหน้าที่จากกลุ่มงานอื่นได้") in page
    assignee = re.search(r'<select[^>]*id="assign-assignee_id".*?</select>', page, re.S).group(0)
    assert f'<option value="{helper.id}">สมพร ช่วยงาน</option>' in assignee
    token = csrf_token(intake, f"/staff/cases/{case.number}")
    response = intake.post(
        f"/staff/cases/{case.number}/assign",
        data={
            "csrf_token": token,
            "version": case.lock_version,
            "work_group_id": group(office, "promotion").id,
            "assignee_id": helper.id,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (case.work_group.code, case.assignee_id) == ("promotion", helper.id)


def test_a_staffed_group_still_keeps_its_cases_to_its_members(app, office):
    promotion, legal = group(office, "promotion"), group(office, "legal")
    make_user(office, Role.CASE_OFFICER, groups=(promotion,))
    stranger = make_user(office, Role.CASE_OFFICER, groups=(legal,))
    intake = make_user(office, Role.INTAKE)
    db.session.commit()
    case = file_case(office)
    with pytest.raises(CaseError, match="ไม่ได้อยู่ในกลุ่มงานนี้"):
        workflow.assign_case(case, intake, promotion, stranger, case.lock_version)
