"""What the reporter hears: the four e-mails, in Thai, with the tracking link and no secrets."""

from __future__ import annotations

from sqlalchemy import select

from portal.cases import workflow
from portal.extensions import db
from portal.models import Delivery, Outcome
from tests.cases.factories import file_case


def test_each_public_step_queues_one_mail_and_internal_steps_none(app, office, staff):
    case = file_case(office)
    workflow.acknowledge_case(case, staff.intake, case.lock_version)
    workflow.assign_case(case, staff.intake, case.work_group, staff.officer, case.lock_version)
    workflow.add_internal_note(case, staff.officer, "ภายใน: ผู้ถูกร้องคือครูเวร")
    workflow.request_information(case, staff.officer, "ขอทราบวันที่เกิดเหตุ", case.lock_version)
    workflow.reply_publicly(case, staff.officer, "คำตอบลับเฉพาะผู้แจ้ง", case.lock_version)
    workflow.resolve_case(case, staff.officer, Outcome.UPHELD, "ปรับปรุงเมนูแล้ว",
                          case.lock_version)
    db.session.commit()
    mails = db.session.scalars(select(Delivery).where(Delivery.case_id == case.id)
                               .order_by(Delivery.id)).all()
    assert [m.purpose for m in mails] == ["case_received", "case_acknowledged",
                                          "case_info_requested", "case_replied", "case_resolved"]
    link = f"http://portal.test/track?number={case.number}"
    for mail in mails[1:]:
        assert case.number in mail.subject
        assert link in mail.body_text and link in mail.body_html
        assert "เรียน คุณผู้แจ้ง ทดสอบ" in mail.body_text  # greeted by the name they gave
        # The e-mail says there is news; what it is stays behind the receipt.
        for secret in ("ผู้ถูกร้องคือครูเวร", "คำตอบลับเฉพาะผู้แจ้ง", "ปรับปรุงเมนูแล้ว"):
            assert secret not in mail.body_text and secret not in mail.body_html
    assert "กรุณาตอบกลับภายใน" in mails[2].body_text


def test_anonymous_and_unsubscribed_reporters_get_nothing(app, office, staff):
    anonymous = file_case(office, anonymous=True)
    workflow.acknowledge_case(anonymous, staff.intake, anonymous.lock_version)
    quiet = file_case(office)
    quiet.contact.notify_by_email = False
    workflow.acknowledge_case(quiet, staff.intake, quiet.lock_version)
    db.session.commit()
    purposes = db.session.scalars(select(Delivery.purpose).where(
        Delivery.case_id.in_([anonymous.id, quiet.id]))).all()
    assert purposes == ["case_received"]
