"""Merging duplicate reports: the rules, and what each case's timeline says."""

from __future__ import annotations

import io

import pytest

from portal.cases import workflow
from portal.cases.errors import CaseError
from portal.cases.submit import CaseSubmission, submit_case
from portal.extensions import db
from portal.models import CaseStatus, CaseType, Role
from portal.security.files import clean_upload
from tests.cases.factories import file_case, make_user, put_in_status
from tests.factories import jpeg_bytes


def _with_photo(office):
    photo = clean_upload(io.BytesIO(jpeg_bytes()), "lunch.jpg", max_bytes=1 << 20,
                         max_pixels=1 << 20)
    case = submit_case(office, CaseSubmission(
        case_type=CaseType.COMPLAINT, subject="อาหารกลางวันน้อย",
        description="อาหารกลางวันน้อยมาก", files=[photo])).case
    db.session.commit()
    return case


def test_merge_moves_the_work_to_the_target_and_keeps_the_files(app, office, staff):
    source, target = _with_photo(office), file_case(office)
    photo = source.attachments[0]
    event = workflow.merge_case(source, staff.intake, target, source.lock_version)
    db.session.commit()
    assert source.status is CaseStatus.MERGED and source.merged_into_id == target.id
    assert event.kind.value == "merged" and event.visibility.value == "public"
    assert target.number in event.body
    note = target.events[-1]
    assert note.kind.value == "merged" and note.visibility.value == "internal"
    assert source.number in note.body and target.status is CaseStatus.NEW
    assert photo.case_id == source.id and source.attachments == [photo]


def test_merge_rules(app, office, staff):
    from tests.factories import make_office

    case, target = file_case(office), file_case(office)
    with pytest.raises(CaseError, match="ตัวเอง"):
        workflow.merge_case(case, staff.intake, case, case.lock_version)
    elsewhere = make_office("NP1")
    db.session.commit()
    foreign = file_case(elsewhere)
    with pytest.raises(CaseError, match="สำนักงานเดียวกัน"):
        workflow.merge_case(case, staff.intake, foreign, case.lock_version)
    closed = put_in_status(file_case(office), CaseStatus.CLOSED)
    with pytest.raises(CaseError, match="ยังดำเนินการอยู่"):
        workflow.merge_case(case, staff.intake, closed, case.lock_version)
    with pytest.raises(CaseError, match="ไม่มีสิทธิ์"):
        workflow.merge_case(case, staff.officer, target, case.lock_version)
    workflow.merge_case(case, staff.intake, target, case.lock_version)
    db.session.commit()
    with pytest.raises(CaseError, match="รวมกับเรื่องอื่นแล้ว"):
        workflow.merge_case(case, staff.intake, file_case(office), case.lock_version)
    with pytest.raises(CaseError, match="ยังดำเนินการอยู่"):
        workflow.merge_case(file_case(office), staff.intake, case, 1)


def test_merging_into_a_case_the_actor_cannot_see_is_refused(app, office, staff):
    case = file_case(office)
    secret = file_case(office, CaseType.CORRUPTION)
    intake = make_user(office, Role.INTAKE)
    with pytest.raises(CaseError, match="ไม่มีสิทธิ์"):
        workflow.merge_case(case, intake, secret, case.lock_version)
