"""The instant acknowledgement goes to an address nobody confirmed: it relays no text of the
sender's choosing."""

from __future__ import annotations

import sqlalchemy as sa

from portal.cases import workflow
from portal.extensions import db
from portal.models import Case, Delivery
from tests.helpers import post_form, valid_case

SPAM = "ซื้อยาลดน้ำหนัก คลิก www.spam.example ด่วน"


def test_acknowledgement_leaves_the_subject_out(app, client, office):
    response = post_form(client, "/submit", valid_case(subject=SPAM, email="victim@example.org"))
    assert response.status_code == 302
    mail = db.session.scalar(sa.select(Delivery))
    case = db.session.scalar(sa.select(Case))
    assert mail.recipient == "victim@example.org" and mail.purpose == "case_received"
    for text in (mail.subject, mail.body_text, mail.body_html):
        assert "spam.example" not in text and "ลดน้ำหนัก" not in text
    assert case.number in mail.body_text and case.number in mail.body_html
    assert "http://portal.test/track?number=" in mail.body_text


def test_mail_after_staff_acted_still_names_the_subject(app, client, office):
    from tests.cases.factories import make_staff

    post_form(client, "/submit", valid_case(subject="ครูมาสายเป็นประจำทุกวัน"))
    case = db.session.scalar(sa.select(Case))
    staff = make_staff(office)
    workflow.acknowledge_case(case, staff.intake, case.lock_version)
    db.session.commit()
    later = db.session.scalars(sa.select(Delivery).where(Delivery.purpose != "case_received"))
    assert any("ครูมาสายเป็นประจำทุกวัน" in d.body_text for d in later)


def test_acknowledgement_leaves_the_name_out(app, client, office):
    """The name field is free text too: "เรียน คุณTax refund ready. Claim at …" relayed it."""
    lure = "Tax refund ready. Claim at refund.example"
    response = post_form(client, "/submit", valid_case(name=lure, email="victim@example.org"))
    assert response.status_code == 302
    mail = db.session.scalar(sa.select(Delivery))
    assert mail.purpose == "case_received"
    for text in (mail.subject, mail.body_text, mail.body_html):
        assert "refund" not in text and "Tax" not in text
    assert "เรียน ท่านผู้ใช้บริการ" in mail.body_text and "เรียน คุณ" not in mail.body_text
    assert "เรียน ท่านผู้ใช้บริการ" in mail.body_html
