"""Writing outgoing messages to the outbox, in the caller's transaction."""

from __future__ import annotations

import uuid
from email.utils import parseaddr

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.links import public_url
from portal.models import Case, Delivery, DeliveryChannel, Office

EMAIL_SUBJECTS = {
    "case_received": _l("ได้รับเรื่องของท่านแล้ว เลขรับเรื่อง %(number)s"),
    "case_acknowledged": _l("เจ้าหน้าที่รับเรื่องเลขที่ %(number)s แล้ว"),
    "case_replied": _l("เจ้าหน้าที่ตอบกลับเรื่องเลขที่ %(number)s"),
    "case_info_requested": _l("ขอข้อมูลเพิ่มเติมสำหรับเรื่องเลขที่ %(number)s"),
    "case_resolved": _l("แจ้งผลการดำเนินการเรื่องเลขที่ %(number)s"),
    "case_outcome_published": _l("ผลการดำเนินการเรื่องเลขที่ %(number)s เผยแพร่แล้ว"),
}


def enqueue_email(office: Office, case: Case, to: str, template: str, **extra) -> Delivery:
    """Render ``email/<template>.{txt,html}`` in the case's language and queue it.

    ``extra`` adds to the templates' context (e.g. the public outcome's address).

    Nothing is sent here: the worker sends after this transaction commits, so a rollback
    sends nothing and a crash loses nothing.
    """
    context = {
        "office": office,
        "case": case,
        "tracking_url": public_url("tracking.lookup", number=case.number),
        **extra,
    }
    with force_locale(case.locale):
        subject = str(EMAIL_SUBJECTS[template] % {"number": case.number})
        body_text = render_template(f"email/{template}.txt", **context)
        body_html = render_template(f"email/{template}.html", **context)
    delivery = Delivery(
        office_id=office.id,
        case_id=case.id,
        channel=DeliveryChannel.EMAIL,
        purpose=template,
        recipient=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        message_id=new_message_id(),
    )
    db.session.add(delivery)
    return delivery


def sender_for(office: Office | None) -> tuple[str, str] | str:
    """The From of e-mail sent for ``office``: its Thai name at the configured address."""
    configured = current_app.config.get("MAIL_DEFAULT_SENDER") or ""
    address = parseaddr(configured)[1]
    if office is None or not address:
        return configured
    return (office.name_th, address)


def new_message_id() -> str:
    """A Message-ID fixed at queue time, so any resend is recognisably the same message."""
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or ""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "sujarit.local"
    return f"<{uuid.uuid4().hex}@{domain}>"
