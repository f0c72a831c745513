"""Share tracking per school: each school's short link to each published item.

The link records which school's correspondent opened the share kit and marked it shared (with
their post's address if they give it). Of the public it keeps a bare count of clicks: no
address, time, agent or cookie.
"""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from portal.clock import utcnow
from portal.extensions import db
from portal.links import public_url
from portal.models import Office, Publication, PublicationKind, PublicationState
from portal.network.models import Correspondent, ShareLink
from portal.publishing.share import item_url

SHARED_KINDS = (PublicationKind.NEWS, PublicationKind.OUTCOME)
RECENT = 30


class ShareError(Exception):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def shareable_items(office: Office, limit: int = RECENT) -> list[Publication]:
    """The office's published items a school may share, newest first."""
    return list(
        db.session.scalars(
            select(Publication)
            .where(
                Publication.office_id == office.id,
                Publication.state == PublicationState.PUBLISHED,
                Publication.kind.in_(SHARED_KINDS),
            )
            .order_by(Publication.published_at.desc())
            .limit(limit)
        )
    )


def shareable_item(office: Office, item_id: int) -> Publication | None:
    item = db.session.get(Publication, item_id)
    if (
        item is None
        or item.office_id != office.id
        or item.kind not in SHARED_KINDS
        or item.state is not PublicationState.PUBLISHED
    ):
        return None
    return item


def links_of_school(school_id: int) -> dict[int, ShareLink]:
    return {
        link.publication_id: link
        for link in db.session.scalars(select(ShareLink).where(ShareLink.school_id == school_id))
    }


def link_for(item: Publication, school_id: int) -> ShareLink:
    """The school's link to ``item``, made the first time it is asked for."""
    link = db.session.scalar(
        select(ShareLink).where(
            ShareLink.publication_id == item.id, ShareLink.school_id == school_id
        )
    )
    if link is None:
        link = ShareLink(
            office_id=item.office_id,
            publication_id=item.id,
            school_id=school_id,
            code=secrets.token_urlsafe(6),
        )
        db.session.add(link)
        db.session.flush()
    return link


def short_url(link: ShareLink) -> str:
    return public_url("network_school.short_link", code=link.code)


def open_kit(item: Publication, person: Correspondent) -> ShareLink:
    """The correspondent opened the share kit: recorded the first time."""
    link = link_for(item, person.school_id)
    if link.opened_at is None:
        link.opened_at, link.opened_by_id = utcnow(), person.id
    return link


def mark_shared(item: Publication, person: Correspondent, post_url: str) -> ShareLink:
    """The school's correspondent says they shared the item (optionally where)."""
    link = open_kit(item, person)
    post_url = post_url.strip()
    if post_url and not post_url.startswith(("https://", "http://")):
        raise ShareError(_l("ลิงก์โพสต์ต้องขึ้นต้นด้วย https://"))
    link.shared_at = link.shared_at or utcnow()
    link.shared_by_id = person.id
    link.post_url = post_url[:500] or link.post_url
    return link


def follow_short_link(code: str) -> str | None:
    """Count one click and give the item's address; None for an unknown or withdrawn item."""
    if not code or len(code) > 16:
        return None
    link = db.session.scalar(select(ShareLink).where(ShareLink.code == code))
    if link is None:
        return None
    item = db.session.get(Publication, link.publication_id)
    if item is None or item.state is not PublicationState.PUBLISHED:
        return None
    db.session.execute(
        update(ShareLink).where(ShareLink.id == link.id).values(clicks=ShareLink.clicks + 1)
    )
    return item_url(item)


def item_shares(item: Publication) -> list[ShareLink]:
    """Every school's link to ``item``, for PR: opened, shared, post, clicks."""
    return list(
        db.session.scalars(
            select(ShareLink)
            .where(ShareLink.publication_id == item.id)
            .order_by(ShareLink.shared_at.desc(), ShareLink.opened_at.desc())
        )
    )


def share_summary(office: Office) -> list[tuple[Publication, int, int, int]]:
    """Each recent item with the schools that opened its kit, that shared it, and clicks."""
    items = shareable_items(office)
    links = db.session.scalars(
        select(ShareLink).where(ShareLink.publication_id.in_([i.id for i in items]))
    ).all()
    rows = []
    for item in items:
        mine = [link for link in links if link.publication_id == item.id]
        rows.append(
            (
                item,
                sum(1 for k in mine if k.opened_at),
                sum(1 for k in mine if k.shared_at),
                sum(k.clicks for k in mine),
            )
        )
    return rows
