"""Builders for publishing tests: items put straight on the board, without the outbox."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal import clock
from portal.extensions import db
from portal.models import (
    Office,
    Publication,
    PublicationKind,
    PublicationState,
    PublicationVersion,
    School,
    User,
    VersionState,
)


def board_item(office: Office, author: User, *, title: str = "ซ่อมห้องน้ำนักเรียนแล้ว",
               body: str = "ท่านแจ้งว่าห้องน้ำชำรุด โรงเรียนซ่อมเสร็จแล้ว",
               kind: PublicationKind = PublicationKind.OUTCOME, school: School | None = None,
               published_at: datetime | None = None,
               state: PublicationState = PublicationState.PUBLISHED,
               link_url: str = "") -> Publication:
    """An item with one version, approved (or not) without the approval service."""
    at = published_at or clock.utcnow() - timedelta(minutes=5)
    approved = state is not PublicationState.DRAFT
    item = Publication(
        office_id=office.id, kind=kind, author_id=author.id, state=state,
        school_id=school.id if school else None,
        district_id=school.district_id if school else None,
        live_number=1 if approved else 0, published_at=at if approved else None,
        updated_at=at if approved else None,
    )
    item.versions.append(PublicationVersion(
        number=1, title=title, body=body, link_url=link_url, author_id=author.id,
        state=VersionState.APPROVED if approved else VersionState.DRAFT,
        approved_at=at if approved else None, approved_by_id=author.id if approved else None))
    db.session.add(item)
    db.session.flush()
    return item
