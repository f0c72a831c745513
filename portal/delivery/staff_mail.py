"""E-mail to staff members (password reset, later assignments and digests), via the outbox."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale

from portal.delivery.outbox import new_message_id
from portal.extensions import db
from portal.models import Delivery, DeliveryChannel, Office


def enqueue_staff_email(office: Office, to: str, template: str, subject, locale: str = "th",
                        **context) -> Delivery:
    """Render ``email/<template>.{txt,html}`` in ``locale`` and queue it for ``to``.

    ``subject`` may be a lazy string; it is rendered in ``locale`` too. Like every outbox
    write, nothing leaves before the caller's transaction commits.
    """
    context = {"office": office, "locale": locale, **context}
    with force_locale(locale):
        rendered_subject = str(subject)
        body_text = render_template(f"email/{template}.txt", **context)
        body_html = render_template(f"email/{template}.html", **context)
    delivery = Delivery(
        office_id=office.id,
        case_id=None,
        channel=DeliveryChannel.EMAIL,
        purpose=template,
        recipient=to,
        subject=rendered_subject[:300],
        body_text=body_text,
        body_html=body_html,
        message_id=new_message_id(),
    )
    db.session.add(delivery)
    return delivery
