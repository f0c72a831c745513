"""The public board: published items newest first, filtered, in keyset pages; the feed."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select

from portal.extensions import db
from portal.models import (
    Case,
    Office,
    Publication,
    PublicationKind,
    PublicationState,
    PublicationVersion,
)

PAGE_SIZE = 20
FEED_SIZE = 30
# What the board and the feed show; participation reports are on the ITA page.
BOARD_KINDS = (PublicationKind.OUTCOME, PublicationKind.NEWS)


class InvalidCursor(ValueError):
    """A ``cursor`` that this board did not make."""


@dataclass(frozen=True)
class BoardFilters:
    district_id: int | None = None
    school_id: int | None = None
    category_id: int | None = None
    kind: PublicationKind | None = None


@dataclass(frozen=True)
class BoardEntry:
    item: Publication
    version: PublicationVersion  # the live, approved text: the board shows nothing else


@dataclass(frozen=True)
class BoardPage:
    """A page of the board as plain rows (id, kind, published_at, updated_at, school_id,
    district_id, title, body): no ORM objects for twenty cards."""

    entries: list
    next_cursor: str | None


# What a card of the board and an entry of the feed show.
CARD_COLUMNS = (Publication.id, Publication.kind, Publication.published_at,
                Publication.updated_at, Publication.school_id, Publication.district_id,
                PublicationVersion.title, PublicationVersion.body)


def board_page(office: Office, filters: BoardFilters, cursor: str | None = None,
               size: int = PAGE_SIZE) -> BoardPage:
    """One page of the board; ``cursor`` is the previous page's ``next_cursor``."""
    query = _published(office, *CARD_COLUMNS)
    for column, value in ((Publication.district_id, filters.district_id),
                          (Publication.school_id, filters.school_id),
                          (Publication.category_id, filters.category_id),
                          (Publication.kind, filters.kind)):
        if value is not None:
            query = query.where(column == value)
    if cursor:
        at, ident = decode_cursor(cursor)
        query = query.where(and_(Publication.published_at <= at,
                                 or_(Publication.published_at < at, Publication.id < ident)))
    rows = db.session.execute(query.limit(size + 1)).all()
    next_cursor = encode_cursor(rows[size - 1]) if len(rows) > size else None
    return BoardPage(rows[:size], next_cursor)


def feed_entries(office: Office, size: int = FEED_SIZE) -> list:
    """The newest items as rows (see :class:`BoardPage`)."""
    return db.session.execute(_published(office, *CARD_COLUMNS).limit(size)).all()


def published_item(office: Office, item_id: int) -> BoardEntry | None:
    """An item as the public sees it: only while published, only its approved version."""
    row = db.session.execute(_published(office).where(Publication.id == item_id)).first()
    return BoardEntry(*row) if row else None


def published_outcome_of(case: Case) -> BoardEntry | None:
    """The public summary of ``case`` while it is on the board, for the reporter's page."""
    row = db.session.execute(
        _published(case.office).where(Publication.case_id == case.id)).first()
    return BoardEntry(*row) if row else None


def published_version(office: Office, item_id: int, number: int) -> BoardEntry | None:
    """Any approved version of a published item (images of older posts stay valid)."""
    row = db.session.execute(
        select(Publication, PublicationVersion)
        .join(PublicationVersion, PublicationVersion.publication_id == Publication.id)
        .where(Publication.office_id == office.id, Publication.id == item_id,
               Publication.state == PublicationState.PUBLISHED,
               Publication.kind.in_(BOARD_KINDS),
               PublicationVersion.number == number, PublicationVersion.approved_at.is_not(None))
    ).first()
    return BoardEntry(*row) if row else None


def _published(office: Office, *columns):
    return (
        select(*(columns or (Publication, PublicationVersion)))
        .join(PublicationVersion, and_(PublicationVersion.publication_id == Publication.id,
                                       PublicationVersion.number == Publication.live_number))
        .where(Publication.office_id == office.id,
               Publication.state == PublicationState.PUBLISHED,
               Publication.kind.in_(BOARD_KINDS))
        .order_by(Publication.published_at.desc(), Publication.id.desc())
    )


def encode_cursor(last) -> str:
    """A token for the page after ``last`` (anything with ``published_at`` and ``id``)."""
    raw = json.dumps([last.published_at.isoformat(), last.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        key, ident = json.loads(raw)
        position = datetime.fromisoformat(key)
        if not isinstance(ident, int) or position.tzinfo is not None:
            raise ValueError(token)
        return position, ident
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidCursor(token) from error
