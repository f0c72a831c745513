"""The acknowledgement is queued as template, language and values and rendered by the worker;
the e-mail that leaves is exactly what rendering it at submission gave."""

from __future__ import annotations

import json

import pytest
from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select

from portal.cases.submit import CaseSubmission, ContactDetails, submit_case
from portal.delivery.outbox import EMAIL_SUBJECTS, new_message_id
from portal.delivery.worker import run_once
from portal.extensions import db
from portal.links import public_url
from portal.models import Case, CaseType, Delivery, DeliveryChannel, DeliveryStatus
from tests.delivery.conftest import FORGED_HOST


def rendered_at_submission(case: Case) -> tuple[str, str, str]:
    """What the outbox stored before: the templates rendered with the case and office."""
    context = {"office": case.office, "case": case,
               "tracking_url": public_url("tracking.lookup", number=case.number)}
    with force_locale(case.locale):
        return (str(EMAIL_SUBJECTS["case_received"] % {"number": case.number}),
                render_template("email/case_received.txt", **context),
                render_template("email/case_received.html", **context))


def file(app, office, locale: str, name: str) -> Case:
    submission = CaseSubmission(
        case_type=CaseType.COMPLAINT, subject="ครูมาสายเป็นประจำ",
        description="ครูประจำชั้นมาสายเกือบทุกวันในเดือนนี้", locale=locale,
        contact=ContactDetails(name=name, email="somsri@example.org"))
    with app.test_request_context("/", base_url=FORGED_HOST):
        case = submit_case(office, submission).case
    db.session.commit()
    return case


@pytest.mark.parametrize(("locale", "name"), [("th", "สมศรี ใจดี"), ("en", "Somsri Jaidee"),
                                              ("th", "")])
def test_the_sent_mail_is_what_rendering_at_submission_gave(app, office, smtp_server, locale,
                                                            name):
    case = file(app, office, locale, name)
    (delivery,) = db.session.scalars(select(Delivery)).all()
    # Queued unrendered, and with no personal data in the clear.
    assert delivery.stored_text == "" and delivery.stored_html == ""
    payload = json.loads(delivery.payload)
    assert (payload["template"], payload["locale"]) == ("case_received", locale)
    assert "somsri" not in delivery.payload.lower() and (not name or name not in delivery.payload)

    subject, text, html = rendered_at_submission(case)
    assert (delivery.subject, delivery.body_text, delivery.body_html) == (subject, text, html)
    assert "forged-host" not in text and "http://portal.test/track?number=" in text

    assert run_once() == 1
    (message,) = smtp_server.messages()
    assert message["Subject"] == subject
    assert message.get_body(preferencelist=("plain",)).get_content().rstrip("\n") == \
        text.rstrip("\n")
    assert message.get_body(preferencelist=("html",)).get_content().rstrip("\n") == \
        html.rstrip("\n")
    db.session.expire_all()
    assert db.session.get(Delivery, delivery.id).status is DeliveryStatus.SENT


def test_a_row_queued_already_rendered_still_sends(app, office, smtp_server):
    case = file(app, office, "th", "สมศรี ใจดี")
    db.session.execute(db.delete(Delivery))
    subject, text, html = rendered_at_submission(case)
    db.session.add(Delivery(office_id=office.id, case_id=case.id,
                            channel=DeliveryChannel.EMAIL, purpose="case_received",
                            recipient="somsri@example.org", subject=subject, body_text=text,
                            body_html=html, message_id=new_message_id()))
    db.session.commit()
    (delivery,) = db.session.scalars(select(Delivery)).all()
    assert delivery.payload == "" and delivery.stored_text == text
    assert run_once() == 1
    (message,) = smtp_server.messages()
    assert message.get_body(preferencelist=("plain",)).get_content().rstrip("\n") == \
        text.rstrip("\n")
    assert message["Subject"] == subject
