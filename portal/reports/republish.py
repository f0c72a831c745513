"""Republishing under new disclosure rules: a correction of every period published before.

A report whose latest version was published under older rules
(``ReportVersion.disclosure_rules`` below ``DISCLOSURE_RULES_VERSION``) gets a correction
version computed and rendered under the current rules, with the operator's note. Reports
already current are skipped, so running it again publishes nothing twice. Once the
correction exists, the older versions stop being served publicly (``is_served``); staff keep
reading them from the report archive.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Office, Report
from portal.reports.periods import parse_period
from portal.reports.publishing import DISCLOSURE_RULES_VERSION, ReportError, publish_report


def stale_reports(office: Office | None = None, period_key: str | None = None) -> list[Report]:
    """Published reports whose latest version is under older rules, oldest period first."""
    query = (select(Report).where(Report.versions.any())
             .options(selectinload(Report.versions))
             .order_by(Report.office_id, Report.starts_on, Report.ends_on, Report.id))
    if office is not None:
        query = query.where(Report.office_id == office.id)
    if period_key is not None:
        query = query.where(Report.period == period_key)
    return [r for r in db.session.scalars(query)
            if r.latest.disclosure_rules < DISCLOSURE_RULES_VERSION]


def republish_reports(note: str, office: Office | None = None, period_key: str | None = None,
                      now: datetime | None = None) -> Iterator[tuple[Report, object]]:
    """Publish a correction of each stale report; yields (report, new version or ReportError).

    A generator, so that the caller may commit after each report: an interrupted run keeps
    what it published, and the next run carries on from there. The caller commits.
    """
    note = (note or "").strip()
    if not note:
        raise ReportError(_l("ฉบับแก้ไขต้องมีหมายเหตุว่าแก้ไขอะไร เพราะเหตุใด"))
    for report in stale_reports(office, period_key):
        db.session.expire(report, ["versions"])  # another run may have corrected it since
        if report.latest.disclosure_rules >= DISCLOSURE_RULES_VERSION:
            continue
        owner = db.session.get(Office, report.office_id)
        try:
            version = publish_report(owner, parse_period(report.period), note=note, now=now)
        except ReportError as error:
            yield report, error
        else:
            yield report, version
