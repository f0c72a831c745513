"""Issue 17 §3: reclassification wins.

When a case becomes confidential (a corruption report), every draft about it is blocked and
every published item about it is withdrawn from the board, the feed and the Facebook Page
(through the outbox), the reason is recorded, and the author and approver are told by e-mail.
Approving or publishing a summary of a confidential case is refused.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.cases import workflow
from portal.channels.settings import save_facebook_credentials
from portal.extensions import db
from portal.models import (
    CaseEvent,
    CaseStatus,
    CaseType,
    Delivery,
    DeliveryAction,
    DeliveryChannel,
    DeliveryStatus,
    EventKind,
    PublicationState,
    Role,
)
from portal.publishing.approval import approve_version
from portal.publishing.drafting import DraftText, draft_outcome, submit_for_approval
from portal.publishing.errors import NotAllowed, PublishingError
from portal.publishing.fingerprint import seen_of
from tests.cases.factories import file_case, group, make_staff, put_in_status
from tests.factories import make_user

TEXT = DraftText(title="ปรับปรุงการจัดซื้ออาหารกลางวันแล้ว",
                 body="ท่านแจ้งเรื่องอาหารกลางวัน สำนักงานตรวจสอบและปรับปรุงแล้ว")


@pytest.fixture
def staff(office):
    made = make_staff(office)
    db.session.commit()
    return made


def summarised_case(office, staff, *, approve: bool):
    case = file_case(office)
    put_in_status(case, CaseStatus.RESOLVED)
    case.work_group = group(office, "promotion")
    item = draft_outcome(case, staff.officer, TEXT)
    submit_for_approval(item, staff.officer)
    if approve:
        approve_version(item, staff.director, seen_of(item.latest))
    db.session.commit()
    return case, item


def to_corruption(case, actor):
    workflow.update_case_details(case, actor, case.lock_version, case_type=CaseType.CORRUPTION)
    db.session.commit()


def withheld_mail(item) -> list[Delivery]:
    return list(db.session.scalars(select(Delivery).where(
        Delivery.purpose == "staff_publication_withheld").order_by(Delivery.recipient)))


def test_a_published_summary_is_withdrawn_everywhere_and_its_people_told(
        app, office, staff, client):
    save_facebook_credentials(office, "1234567890", "page-token", "")
    case, item = summarised_case(office, staff, approve=True)
    facebook = db.session.scalar(select(Delivery).where(
        Delivery.subject_id == item.id, Delivery.channel == DeliveryChannel.FACEBOOK_PAGE))
    facebook.status, facebook.remote_id = DeliveryStatus.SENT, "1234567890_42"
    db.session.commit()
    assert TEXT.title in client.get("/outcomes").get_data(as_text=True)

    to_corruption(case, staff.intake)

    assert item.state is PublicationState.WITHDRAWN
    assert "เรื่องลับ" in item.withdraw_reason and item.withdrawn_by_id == staff.intake.id
    assert facebook.action is DeliveryAction.DELETE and facebook.status is DeliveryStatus.PENDING
    assert client.get(f"/outcomes/{item.id}").status_code == 404
    assert TEXT.title not in client.get("/outcomes").get_data(as_text=True)
    assert TEXT.title not in client.get("/outcomes/feed.atom").get_data(as_text=True)
    kits = db.session.scalars(select(Delivery).where(
        Delivery.subject_id == item.id, Delivery.channel.in_(DeliveryChannel.share_kits())))
    assert {k.status for k in kits} == {DeliveryStatus.CANCELLED}
    mails = withheld_mail(item)
    assert sorted(m.recipient for m in mails) == sorted([staff.officer.email,
                                                         staff.director.email])
    for mail in mails:
        assert case.number in mail.subject and case.number in mail.body_text
        assert TEXT.body not in mail.body_text and case.subject not in mail.body_text
        assert f"http://portal.test/staff/publishing/{item.id}" in mail.body_text
    event = db.session.scalar(select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == EventKind.UPDATED))
    assert "ถอนและระงับสรุปผล" in event.body


def test_a_draft_awaiting_approval_is_blocked_and_cannot_be_approved(office, staff):
    case, item = summarised_case(office, staff, approve=False)
    seen = seen_of(item.latest)
    to_corruption(case, staff.integrity)
    assert item.state is PublicationState.WITHDRAWN and item.published_at is None
    with pytest.raises(PublishingError):
        approve_version(item, staff.director, seen)
    with pytest.raises(NotAllowed):
        submit_for_approval(item, staff.officer)
    assert [m.recipient for m in withheld_mail(item)] == [staff.officer.email]
    assert item.live is None


def test_a_summary_of_a_confidential_case_is_never_approved(office, staff):
    """Whatever made the case confidential, approval looks at the case as it is now."""
    case, item = summarised_case(office, staff, approve=False)
    case.confidential = True  # e.g. set before reclassification withdrew anything
    db.session.commit()
    approver = make_user(office, Role.APPROVER)
    with pytest.raises(PublishingError) as refused:
        approve_version(item, approver, seen_of(item.latest))
    assert "เรื่องลับ" in str(refused.value.message)
    assert item.state is PublicationState.DRAFT and item.live is None
