"""Drafting, the privacy flags, approval by a second person, versions and withdrawal."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.channels.settings import save_facebook_credentials, save_line_credentials
from portal.extensions import db
from portal.models import (
    CaseStatus,
    CaseType,
    Delivery,
    DeliveryAction,
    DeliveryChannel,
    DeliveryStatus,
    PublicationState,
    Role,
    VersionState,
)
from portal.publishing.approval import approve_version, withdraw_item
from portal.publishing.checks import open_findings
from portal.publishing.drafting import (
    DraftText,
    draft_news,
    draft_outcome,
    edit_text,
    override_findings,
    submit_for_approval,
)
from portal.publishing.errors import NotAllowed, PublishingError
from portal.publishing.fingerprint import seen_of
from tests.cases.factories import file_case, make_staff, put_in_status, schools
from tests.factories import make_user

CLEAN = DraftText(title="ซ่อมห้องน้ำนักเรียนแล้ว",
                  body="ท่านแจ้งว่าห้องน้ำชำรุด โรงเรียนซ่อมเสร็จภายใน 7 วัน")


@pytest.fixture
def staff(office):
    made = make_staff(office)
    db.session.commit()
    return made


def resolved_case(office, **kwargs):
    case = file_case(office, school=schools(office)[0], **kwargs)
    put_in_status(case, CaseStatus.RESOLVED)
    case.contact.notify_by_email = True
    db.session.commit()
    return case


def outbox_rows(item) -> list[Delivery]:
    return list(db.session.scalars(select(Delivery).where(Delivery.subject_id == item.id,
                                                          Delivery.subject_kind == "outcome")))


def test_a_summary_only_of_an_ended_non_confidential_case_by_staff_who_may_act(office, staff):
    open_case = file_case(office)
    with pytest.raises(PublishingError):
        draft_outcome(open_case, staff.officer, CLEAN)
    corruption = file_case(office, CaseType.CORRUPTION)
    put_in_status(corruption, CaseStatus.CLOSED)
    with pytest.raises(PublishingError):
        draft_outcome(corruption, staff.integrity, CLEAN)
    case = resolved_case(office)
    case.work_group = staff.officer.work_groups[0]
    for outsider in (staff.outsider, staff.pr):
        with pytest.raises(NotAllowed):
            draft_outcome(case, outsider, CLEAN)
    item = draft_outcome(case, staff.officer, CLEAN)
    assert item.school_id == case.school_id and item.district_id == case.school.district_id
    assert item.state is PublicationState.DRAFT and item.latest.state is VersionState.DRAFT


def test_flags_name_what_they_found_and_block_approval_until_fixed(office, staff):
    case = resolved_case(office, respondent="นายสมชาย ใจดี")
    item = draft_outcome(case, staff.intake, DraftText(
        title="ซ่อมห้องน้ำแล้ว", body="ครูสมศรีได้ซ่อมแล้ว ติดต่อ 081-234-5678 เรื่องของสมชาย"))
    kinds = {f.kind for f in open_findings(item.latest)}
    assert {"person_name", "phone", "respondent_name"} <= kinds
    submit_for_approval(item, staff.intake)
    with pytest.raises(PublishingError):
        approve_version(item, staff.director, seen_of(item.latest))
    edit_text(item, staff.intake, CLEAN)
    assert open_findings(item.latest) == []
    assert item.latest.state is VersionState.DRAFT  # changed text is sent again
    submit_for_approval(item, staff.intake)
    approve_version(item, staff.director, seen_of(item.latest))
    assert item.state is PublicationState.PUBLISHED


def test_an_override_with_a_reason_clears_the_flags_it_names(office, staff):
    case = resolved_case(office)
    item = draft_outcome(case, staff.intake, DraftText(
        title="ผู้อำนวยการสมหมายรับทราบ", body="ผอ.สมหมาย ได้ตรวจเยี่ยมโรงเรียนแล้ว"))
    with pytest.raises(PublishingError):
        override_findings(item, staff.intake, "")
    override_findings(item, staff.intake, "เป็นชื่อผู้บริหารที่เปิดเผยตามหน้าที่")
    assert open_findings(item.latest) == []
    assert item.latest.override_by_id == staff.intake.id and item.latest.override_at
    edit_text(item, staff.intake, DraftText(
        title="ผู้อำนวยการสมหมายรับทราบ",
        body="ผอ.สมหมาย ได้ตรวจเยี่ยมโรงเรียนแล้ว สอบถามโทร 0812345678"))
    assert [f.kind for f in open_findings(item.latest)] == ["phone"]  # a new finding stands


def test_only_the_director_or_an_approver_approves_and_never_the_author(office, staff):
    case = resolved_case(office)
    item = draft_outcome(case, staff.director, CLEAN)
    submit_for_approval(item, staff.director)
    for refused in (staff.director, staff.intake, staff.pr, staff.officer):
        with pytest.raises(NotAllowed):
            approve_version(item, refused, seen_of(item.latest))
    approver = make_user(office, Role.APPROVER)
    approve_version(item, approver, seen_of(item.latest))
    assert item.live.approved_by_id == approver.id


def test_approval_writes_the_outbox_rows_and_tells_the_reporter_in_one_transaction(
        office, staff):
    save_facebook_credentials(office, "1234567890", "page-token", "")
    save_line_credentials(office, "line-token", "line-secret")
    case = resolved_case(office)
    item = draft_outcome(case, staff.intake, CLEAN)
    submit_for_approval(item, staff.intake)
    approve_version(item, staff.director, seen_of(item.latest))
    rows = outbox_rows(item)
    assert {r.channel for r in rows} == {DeliveryChannel.FACEBOOK_PAGE,
                                         DeliveryChannel.LINE_BROADCAST,
                                         *DeliveryChannel.share_kits()}
    message = rows[0].message
    assert message["link"] == f"http://portal.test/outcomes/{item.id}"
    assert message["image_url"] == f"http://portal.test/outcomes/{item.id}/image-1.png"
    assert message["title"] == CLEAN.title and message["reference"].startswith("#NP2PUB")
    mail = db.session.scalars(select(Delivery).where(
        Delivery.purpose == "case_outcome_published")).all()
    assert len(mail) == 1 and f"/outcomes/{item.id}" in mail[0].body_text
    db.session.rollback()  # nothing was committed: nothing stays, nothing is sent
    assert db.session.scalars(select(Delivery).where(
        Delivery.purpose != "case_received")).all() == []


def test_an_edit_after_approval_is_a_new_version_that_needs_approval_again(office, staff):
    save_facebook_credentials(office, "1234567890", "page-token", "")
    case = resolved_case(office)
    item = draft_outcome(case, staff.intake, CLEAN)
    submit_for_approval(item, staff.intake)
    approve_version(item, staff.director, seen_of(item.latest))
    db.session.commit()
    edit_text(item, staff.intake, DraftText(title="ซ่อมห้องน้ำและอ่างล้างมือแล้ว",
                                            body="เพิ่มเติม: ซ่อมอ่างล้างมือด้วย"))
    assert [v.number for v in item.versions] == [1, 2]
    assert item.live.number == 1 and item.live.title == CLEAN.title  # the board keeps v1
    submit_for_approval(item, staff.intake)
    approve_version(item, staff.director, seen_of(item.latest))
    assert item.live.number == 2 and item.versions[0].state is VersionState.SUPERSEDED
    facebook = [r for r in outbox_rows(item) if r.channel is DeliveryChannel.FACEBOOK_PAGE]
    assert sorted(r.version for r in facebook) == [1, 2]
    mail = db.session.scalars(select(Delivery).where(
        Delivery.purpose == "case_outcome_published")).all()
    assert len(mail) == 1  # the reporter hears once, when it first goes public


def test_withdrawal_takes_it_off_and_asks_the_outbox_to_delete_the_post(office, staff, client):
    save_facebook_credentials(office, "1234567890", "page-token", "")
    case = resolved_case(office)
    item = draft_outcome(case, staff.intake, CLEAN)
    submit_for_approval(item, staff.intake)
    approve_version(item, staff.director, seen_of(item.latest))
    facebook = next(r for r in outbox_rows(item) if r.channel is DeliveryChannel.FACEBOOK_PAGE)
    facebook.status, facebook.remote_id = DeliveryStatus.SENT, "1234567890_42"
    db.session.commit()
    assert client.get(f"/outcomes/{item.id}").status_code == 200
    assert CLEAN.title in client.get("/outcomes").get_data(as_text=True)  # now a kept page
    with pytest.raises(NotAllowed):
        withdraw_item(item, staff.officer, "ข้อมูลไม่ถูกต้อง")
    with pytest.raises(PublishingError):
        withdraw_item(item, staff.pr, "")
    withdraw_item(item, staff.pr, "ข้อมูลไม่ถูกต้อง ต้องแก้ไข")
    db.session.commit()
    assert item.state is PublicationState.WITHDRAWN
    assert facebook.action is DeliveryAction.DELETE and facebook.status is DeliveryStatus.PENDING
    assert client.get(f"/outcomes/{item.id}").status_code == 404
    assert CLEAN.title not in client.get("/outcomes").get_data(as_text=True)
    assert CLEAN.title not in client.get("/outcomes/feed.atom").get_data(as_text=True)


def test_news_is_drafted_by_the_pr_role_with_an_http_link(office, staff):
    text = DraftText(title="ประชุมผู้บริหารสถานศึกษา", body="สรุปการประชุมประจำเดือน",
                     link_url="https://www.facebook.com/nakhonpanom2/posts/1")
    with pytest.raises(NotAllowed):
        draft_news(office, staff.officer, text)
    with pytest.raises(PublishingError):
        draft_news(office, staff.pr, DraftText(title="x", body="y", link_url="javascript:x"))
    item = draft_news(office, staff.pr, text)
    submit_for_approval(item, staff.pr)
    approve_version(item, staff.director, seen_of(item.latest))
    assert item.is_public and item.live.link_url == text.link_url
