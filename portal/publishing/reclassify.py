"""Reclassification wins: a case that becomes confidential takes its public texts with it.

Screening calls :func:`withhold_case_publications` when a case becomes a corruption report
or confidential, in the same transaction. Its summary, drafted or published, is withdrawn
through the one withdrawal path (off the board and the feed at once; the outbox deletes the
Page post and cancels what was waiting), the reason is recorded on the item, and the people
who wrote or approved it are told by e-mail through the outbox. The e-mail names only the
case number: the case is confidential now and mail leaves the building.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.delivery.staff_mail import enqueue_staff_email
from portal.extensions import db
from portal.links import public_url
from portal.models import Case, Delivery, Publication, PublicationState, User
from portal.publishing.approval import take_down

STAFF_LOCALE = "th"
REASON = _l("เรื่องนี้ถูกกำหนดเป็นเรื่องลับ (เรื่องทุจริตหรือประพฤติมิชอบ) "
            "สรุปผลของเรื่องจึงถูกถอนและระงับโดยอัตโนมัติ")


def withhold_case_publications(case: Case, actor: User) -> list[Publication]:
    """Withdraw every item about ``case`` still in play; returns them. Never commits."""
    items = list(db.session.scalars(
        select(Publication).where(Publication.case_id == case.id,
                                  Publication.state != PublicationState.WITHDRAWN)))
    with force_locale(STAFF_LOCALE):
        reason = str(REASON)
    for item in items:
        was_public = item.is_public
        take_down(item, actor, reason)
        tell_people(item, case, actor, was_public, reason)
    return items


def people_to_tell(item: Publication, actor: User) -> list[User]:
    """Everyone who wrote, kept findings in or approved a version, but not the actor."""
    ids = {item.author_id}
    for version in item.versions:
        ids |= {version.author_id, version.approved_by_id, version.override_by_id}
    ids -= {None, actor.id}
    users = db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id))
    return [u for u in users if u.active and u.email]


def tell_people(item: Publication, case: Case, actor: User, was_public: bool,
                reason: str) -> list[Delivery]:
    """One e-mail to each of :func:`people_to_tell`, in the outbox."""
    subject = _l("ถอนและระงับสรุปผลของเรื่องเลขที่ %(number)s เพราะเป็นเรื่องลับแล้ว",
                 number=case.number)
    return [
        enqueue_staff_email(item.office, user.email, "staff_publication_withheld", subject,
                            STAFF_LOCALE, user=user, number=case.number, was_public=was_public,
                            reason=reason, item_url=public_url("newsroom.item", office=item.office,
                                                             item_id=item.id))
        for user in people_to_tell(item, actor)
    ]
