"""Passwordless sign-in for correspondents: a single-use link by e-mail, kept in the session.

A correspondent is not a staff account: their session key is separate from Flask-Login's, so
no staff page ever accepts them, and the role they hold (``school_correspondent``) opens only
the pages of their own school.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import g, session
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from portal.clock import utcnow
from portal.delivery.staff_mail import enqueue_staff_email
from portal.extensions import db
from portal.links import public_url
from portal.models import Office
from portal.network.details import email_digest, token_digest
from portal.network.models import Correspondent, SignInLink
from portal.numbers import plain_int

ROLE = "school_correspondent"
SESSION_KEY = "network_correspondent"
LINK_MINUTES = 20
LINK_SUBJECT = _l("ลิงก์เข้าสู่ระบบเครือข่ายประชาสัมพันธ์")


def request_sign_in_link(office: Office, email: str, locale: str) -> bool:
    """E-mail a sign-in link if ``email`` belongs to a correspondent of ``office``.

    The caller says the same thing either way: nobody learns which addresses are known.
    """
    person = db.session.scalar(
        select(Correspondent)
        .where(
            Correspondent.office_id == office.id, Correspondent.email_digest == email_digest(email)
        )
        .limit(1)
    )
    if person is None or not person.email:
        return False
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        SignInLink(
            correspondent_id=person.id,
            token_digest=token_digest(token),
            created_at=now,
            expires_at=now + timedelta(minutes=LINK_MINUTES),
        )
    )
    enqueue_staff_email(
        office,
        person.email,
        "network_sign_in",
        LINK_SUBJECT,
        locale,
        name=person.name,
        school=person.school,
        minutes=LINK_MINUTES,
        link=public_url("network_school.signin_link", token=token),
    )
    return True


def use_sign_in_link(office: Office, token: str) -> Correspondent | None:
    """The correspondent the link is for, spending it; None for a used, old or unknown link."""
    if not token or len(token) > 100:
        return None
    link = db.session.scalar(
        select(SignInLink).where(SignInLink.token_digest == token_digest(token))
    )
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    person = db.session.get(Correspondent, link.correspondent_id)
    if person is None or person.office_id != office.id:
        return None
    spent = db.session.execute(
        update(SignInLink)
        .where(SignInLink.id == link.id, SignInLink.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if spent.rowcount != 1:
        return None
    person.last_sign_in_at = utcnow()
    return person


def sign_in(person: Correspondent) -> None:
    session.pop(SESSION_KEY, None)
    session[SESSION_KEY] = f"{person.id}:{person.session_version}"
    session.permanent = True


def sign_out() -> None:
    session.pop(SESSION_KEY, None)


def current_correspondent() -> Correspondent | None:
    """The correspondent signed in on this request, if their session is still valid."""
    if "network_person" in g:
        return g.network_person
    person = None
    raw = session.get(SESSION_KEY, "")
    ident, _, version = raw.partition(":")
    person_pk, version_number = plain_int(ident), plain_int(version)
    if person_pk is not None and version_number is not None:
        found = db.session.get(Correspondent, person_pk)
        if found is not None and found.session_version == version_number:
            person = found
    g.network_person = person
    return person
