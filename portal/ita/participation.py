"""Participation reports (topic, who took part, outcome, what improved), entered by staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.cases.errors import CaseError
from portal.clock import BE_OFFSET
from portal.extensions import db
from portal.models import Office, ParticipationReport, User


@dataclass
class ParticipationFields:
    held_on: date
    topic: str
    participants: str
    outcome: str
    improvement: str


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """1 October – 30 September of a Buddhist-era fiscal year (FY2569 starts 1 Oct 2025)."""
    ce = fiscal_year - BE_OFFSET
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def participation_in_year(office: Office, fiscal_year: int) -> list[ParticipationReport]:
    start, end = fiscal_year_bounds(fiscal_year)
    return list(db.session.scalars(
        select(ParticipationReport)
        .where(ParticipationReport.office_id == office.id,
               ParticipationReport.held_on >= start, ParticipationReport.held_on <= end)
        .order_by(ParticipationReport.held_on.desc(), ParticipationReport.id.desc())))


def recent_participation(office: Office, limit: int = 100) -> list[ParticipationReport]:
    return list(db.session.scalars(
        select(ParticipationReport).where(ParticipationReport.office_id == office.id)
        .order_by(ParticipationReport.held_on.desc(), ParticipationReport.id.desc())
        .limit(limit)))


def record_participation(office: Office, author: User | None,
                         fields: ParticipationFields) -> ParticipationReport:
    """A new participation report; it is public on /ita/participation at once."""
    _check(fields)
    report = ParticipationReport(office_id=office.id, created_by_id=author.id if author else None,
                                 **fields.__dict__)
    db.session.add(report)
    db.session.flush()
    return report


def update_participation(report: ParticipationReport, fields: ParticipationFields) -> None:
    _check(fields)
    for name, value in fields.__dict__.items():
        setattr(report, name, value)
    db.session.flush()


def _check(fields: ParticipationFields) -> None:
    if not all((fields.topic, fields.participants, fields.outcome, fields.improvement)):
        raise CaseError(_l("กรุณากรอกหัวข้อ ผู้เข้าร่วม ผลที่ได้ และสิ่งที่ปรับปรุงให้ครบ"))
