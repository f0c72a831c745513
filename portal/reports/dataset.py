"""The anonymised case-level data set of a period, for researchers.

One row per case received in the period: dates to the day, codes instead of words, no text
anyone wrote, no names or contacts, no case numbers. Corruption reports and confidential
cases are left out (they are published as totals only). A category, school or district with
fewer cases in the period than the small-cell threshold is left empty, so a rare category
at a small school cannot point at its reporter.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, datetime

from flask import current_app
from sqlalchemy import or_, select

from portal import clock
from portal.cases.deadlines import on_time
from portal.extensions import db
from portal.models import Case, CaseType, District, Office, Satisfaction, School
from portal.reports.dictionary import DATASET_COLUMNS
from portal.reports.opendata import Meta
from portal.reports.periods import Period

DEFAULT_MIN_CELL = 3


def min_cell() -> int:
    return int(current_app.config.get("PORTAL_REPORT_MIN_CELL", DEFAULT_MIN_CELL))


def dataset_rows(office: Office, period: Period, now: datetime | None = None) -> list[dict]:
    """The rows of the data set, in the order received."""
    now = now or clock.utcnow()
    query = (
        select(Case, School.code, District.code, District.name_th, Satisfaction.rating)
        .outerjoin(School, School.id == Case.school_id)
        .outerjoin(District, District.id == School.district_id)
        .outerjoin(Satisfaction, Satisfaction.case_id == Case.id)
        .where(Case.office_id == office.id,
               Case.case_type != CaseType.CORRUPTION, Case.confidential.is_(False),
               or_(Case.original_received_on.between(period.start, period.end),
                   (Case.original_received_on.is_(None)
                    & (Case.received_at >= period.start_utc)
                    & (Case.received_at < period.end_utc))))
        .order_by(Case.received_at, Case.id)
    )
    records = db.session.execute(query).all()
    threshold = min_cell()
    categories = Counter(r[0].category_id for r in records)
    schools = Counter(r[1] for r in records)
    districts = Counter(r[2] for r in records)
    rows = []
    for case, school_code, district_code, _district_name, rating in records:
        received = case.original_received_on or _day(case.received_at)
        late = on_time(case, now)
        rows.append({
            "received_on": received,
            "case_type": case.case_type.value,
            "channel": case.channel.value,
            "category": _kept(case.category_id, categories, threshold),
            "district": _kept(district_code, districts, threshold),
            "school_code": _kept(school_code, schools, threshold),
            "status": case.status.value,
            "outcome": case.outcome.value if case.outcome else "",
            "decline_reason": case.decline_reason.value if case.decline_reason else "",
            "acknowledged_on": _day(case.acknowledged_at),
            "informed_on": _day(case.reporter_informed_at),
            "resolved_on": _day(case.resolved_at),
            "reply_due_on": _day(case.reply_due_at),
            "on_time": "" if late is None else str(late).lower(),
            "reopened": case.reopened_count,
            "disputed": case.disputed_count,
            "satisfaction": rating if rating is not None else "",
        })
    rows.sort(key=lambda r: r["received_on"])
    for number, row in enumerate(rows, 1):
        row["row"] = number
    return rows


def _kept(value, counts: Counter, threshold: int) -> str:
    """The value, or empty when too few cases share it (or there is none)."""
    if value is None or counts[value] < threshold:
        return ""
    return str(value)


def _day(value: datetime | None) -> date | None:
    return clock.to_local(value).date() if value is not None else None


def write_cases_csv(office: Office, period: Period, meta: Meta) -> bytes:
    """The data set as CSV (UTF-8 with BOM, ISO dates, Arabic digits)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [c.name for c in DATASET_COLUMNS]
    writer.writerow(names)
    for row in dataset_rows(office, period, meta.published_at):
        writer.writerow([_cell(row[name]) for name in names])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
