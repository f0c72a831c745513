"""Builders and readers shared by the network tests."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Delivery, School

CSRF_RE = re.compile(r'name="(?:[a-z]+-)?csrf_token"[^>]*value="([^"]+)"')


def csrf(html: str) -> str:
    match = CSRF_RE.search(html) or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def schools(office) -> list[School]:
    return list(
        db.session.scalars(select(School).where(School.office_id == office.id).order_by(School.id))
    )


def last_mail(to: str, purpose: str) -> Delivery:
    db.session.expire_all()
    # The recipient is encrypted at rest: compare after reading.
    mail = next(
        (
            d
            for d in db.session.scalars(
                select(Delivery).where(Delivery.purpose == purpose).order_by(Delivery.id.desc())
            )
            if d.recipient == to
        ),
        None,
    )
    assert mail is not None, f"no {purpose} mail to {to}"
    return mail


def code_in(mail: Delivery) -> str:
    return re.search(r"\b(\d{6})\b", mail.body_text).group(1)


def link_in(mail: Delivery) -> str:
    return re.search(r"https?://\S+", mail.body_text).group(0)
