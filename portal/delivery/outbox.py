"""Writing outgoing messages to the outbox, in the caller's transaction."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from email.utils import parseaddr
from types import SimpleNamespace

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
    "case_transferred": _l("เรื่องของท่านโอนไปยังสำนักงานอื่นแล้ว เลขรับเรื่องใหม่ %(number)s"),
}


def enqueue_email(office: Office, case: Case, to: str, template: str, **extra) -> Delivery:
    """Render ``email/<template>.{txt,html}`` in the case's language and queue it.

    ``extra`` adds to the templates' context (e.g. the public outcome's address).

    Nothing is sent here: the worker sends after this transaction commits, so a rollback
    sends nothing and a crash loses nothing. The acknowledgement of a new case (a template of
    :data:`RENDERED_BY_WORKER`) is not even rendered here: see :func:`enqueue_unrendered`.
    """
    if template in RENDERED_BY_WORKER and not extra:
        return enqueue_unrendered(office, case, to, template)
    context = {
        "office": office,
        "case": case,
        "tracking_url": public_url("tracking.lookup", office=office, number=case.number),
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


# E-mails queued as template, language and values and rendered when read (by the worker that
# sends them), which takes their rendering out of the reporter's submission.
RENDERED_BY_WORKER = frozenset({"case_received"})


def enqueue_unrendered(office: Office, case: Case, to: str, template: str) -> Delivery:
    """Queue ``template`` for ``case`` with only what rendering it needs.

    The subject is written now (staff see it in the outbox). The bodies are rendered by
    :func:`render_deferred`, from the values kept in ``payload``: the case's number,
    language, dates and anonymity, and the office's name in that language, as they are now.
    Nothing the reporter typed goes in (not their name, not the subject): the address is not
    confirmed, so the mail must not relay text of the sender's choosing. The tracking link
    comes from PORTAL_BASE_URL (or, without it, is kept as built now).
    """
    values = {
        "number": case.number,
        "received_at": case.received_at.isoformat(),
        "reply_due_at": case.reply_due_at.isoformat(),
        "anonymous": bool(case.is_anonymous),
        "office": office.name(case.locale),
    }
    if not current_app.config.get("PORTAL_BASE_URL"):
        values["tracking_url"] = public_url("tracking.lookup", office=office, number=case.number)
    with force_locale(case.locale):
        subject = str(EMAIL_SUBJECTS[template] % {"number": case.number})
    delivery = Delivery(
        office_id=office.id,
        case=case,  # its id once flushed: the submission's rows are written in one flush
        channel=DeliveryChannel.EMAIL,
        purpose=template,
        recipient=to,
        subject=subject,
        message_id=new_message_id(),
        payload=json.dumps({"template": template, "locale": case.locale, "values": values},
                           ensure_ascii=False, separators=(",", ":")),
    )
    db.session.add(delivery)
    return delivery


class _OfficeName:
    """What a reporter's e-mail template asks of the office: its name."""

    def __init__(self, name: str) -> None:
        self._name = name

    def name(self, _locale: str) -> str:
        return self._name


def init_app(app) -> None:
    """Let the delivery rows render their deferred e-mails (the model imports no service)."""
    from portal.models.delivery import set_deferred_renderer

    set_deferred_renderer(render_deferred)


def render_deferred(delivery: Delivery) -> tuple[str, str]:
    """The text and HTML bodies of an e-mail queued by :func:`enqueue_unrendered`."""
    data = json.loads(delivery.payload)
    values, locale, template = data["values"], data["locale"], data["template"]
    # No contact: the greeting names nobody, whatever the reporter typed as their name.
    case = SimpleNamespace(
        number=values["number"], locale=locale, subject="",
        received_at=datetime.fromisoformat(values["received_at"]),
        reply_due_at=datetime.fromisoformat(values["reply_due_at"]),
        is_anonymous=values["anonymous"], contact=None,
    )
    context = {
        "office": _OfficeName(values["office"]),
        "case": case,
        "tracking_url": values.get("tracking_url")
        or public_url("tracking.lookup", office=db.session.get(Office, delivery.office_id),
                      number=values["number"]),
    }
    with force_locale(locale):
        return (render_template(f"email/{template}.txt", **context),
                render_template(f"email/{template}.html", **context))
