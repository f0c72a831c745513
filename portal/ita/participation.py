"""Participation reports (topic, who took part, outcome, what improved) for the ITA page.

They are publications of kind ``participation``: drafted, checked for personal data and
approved by a second person like every public text (:mod:`portal.publishing`). The public
page shows only approved versions of published reports, by the date each was held.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from portal.clock import BE_OFFSET
from portal.extensions import db
from portal.models import (
    Office,
    Publication,
    PublicationKind,
    PublicationState,
    PublicationVersion,
)
from portal.publishing.board import BoardEntry


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """1 October – 30 September of a Buddhist-era fiscal year (FY2569 starts 1 Oct 2025)."""
    ce = fiscal_year - BE_OFFSET
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def participation_in_year(office: Office, fiscal_year: int) -> list[BoardEntry]:
    """The approved reports held in the fiscal year, newest first."""
    start, end = fiscal_year_bounds(fiscal_year)
    rows = db.session.execute(
        select(Publication, PublicationVersion)
        .join(PublicationVersion, and_(PublicationVersion.publication_id == Publication.id,
                                       PublicationVersion.number == Publication.live_number))
        .where(Publication.office_id == office.id,
               Publication.kind == PublicationKind.PARTICIPATION,
               Publication.state == PublicationState.PUBLISHED,
               PublicationVersion.held_on >= start, PublicationVersion.held_on <= end)
        .order_by(PublicationVersion.held_on.desc(), Publication.id.desc())).all()
    return [BoardEntry(*row) for row in rows]


def recent_participation(office: Office, limit: int = 100) -> list[Publication]:
    """The office's reports in any state, newest first, for the staff page."""
    return list(db.session.scalars(
        select(Publication)
        .where(Publication.office_id == office.id,
               Publication.kind == PublicationKind.PARTICIPATION)
        .options(selectinload(Publication.versions))
        .order_by(Publication.id.desc()).limit(limit)))
