"""The staff publishing queue: drafts, awaiting approval, published and withdrawn items."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    Office,
    Publication,
    PublicationState,
    PublicationVersion,
    VersionState,
)

QUEUE_SIZE = 100


class Tab(enum.StrEnum):
    DRAFTS = "drafts"
    AWAITING = "awaiting"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


TAB_LABELS = {
    Tab.DRAFTS: _l("ฉบับร่าง"),
    Tab.AWAITING: _l("รออนุมัติ"),
    Tab.PUBLISHED: _l("เผยแพร่แล้ว"),
    Tab.WITHDRAWN: _l("ถอนการเผยแพร่แล้ว"),
}


def _latest_state_is(state: VersionState):
    """The item's newest version is in ``state`` (a published item may have a new draft)."""
    newest = (select(func.max(PublicationVersion.number))
              .where(PublicationVersion.publication_id == Publication.id)
              .correlate(Publication).scalar_subquery())
    return select(PublicationVersion.id).where(
        and_(PublicationVersion.publication_id == Publication.id,
             PublicationVersion.number == newest, PublicationVersion.state == state)
    ).correlate(Publication).exists()


def _condition(tab: Tab):
    if tab is Tab.PUBLISHED:
        return Publication.state == PublicationState.PUBLISHED
    if tab is Tab.WITHDRAWN:
        return Publication.state == PublicationState.WITHDRAWN
    state = VersionState.DRAFT if tab is Tab.DRAFTS else VersionState.AWAITING_APPROVAL
    return and_(Publication.state != PublicationState.WITHDRAWN, _latest_state_is(state))


def queue_items(office: Office, tab: Tab) -> list[Publication]:
    """The newest items of one tab, with their versions loaded."""
    return list(db.session.scalars(
        select(Publication).where(Publication.office_id == office.id, _condition(tab))
        .options(selectinload(Publication.versions), selectinload(Publication.author))
        .order_by(Publication.id.desc()).limit(QUEUE_SIZE)
    ))


def queue_counts(office: Office) -> dict[Tab, int]:
    return {tab: db.session.scalar(
        select(func.count()).select_from(Publication)
        .where(Publication.office_id == office.id, _condition(tab))) for tab in Tab}
