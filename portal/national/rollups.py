"""The national figures: each office's public figures per month and fiscal year, cached.

Computed by the report code with ``public=True``, so every disclosure rule of the office's own
reports applies unchanged (the confidential stream as office totals only, and not at all for
a period still running). The worker refreshes them (:func:`refresh_if_due`); the page only
reads the cached rows, whatever the number of offices.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, func, or_, select

from portal import clock
from portal.extensions import db
from portal.models import Category, ItaItem, NationalRollup, Office, Report, ReportVersion
from portal.referral.counts import transferred_out
from portal.reports.figures import compute_figures
from portal.reports.periods import fiscal_year_of, parse_period

REFRESH_EVERY = timedelta(hours=1)
ITA_PREFIX = "ita-"


def fiscal_months(fiscal_year: int, today: date) -> list[str]:
    """Month keys of the fiscal year (BE) from October up to ``today``'s month."""
    ce_start = fiscal_year - 543 - 1
    keys, year, month = [], ce_start, 10
    while (year, month) <= (today.year, today.month) and len(keys) < 12:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def row_of(figures: dict, moved_out_all: int = 0) -> dict:
    """What the national page keeps of one office's public figures.

    A case transferred between offices counts once, at the office that received it by
    transfer: the sending office's closed record ("โอนไป") is left out of received and
    finished. The totals hold the confidential stream only where disclosure shows it, so
    the count left out is the general stream's then, else every stream's (``moved_out_all``).
    """
    totals, reply = figures["totals"], figures["deadlines"]["reply"]
    satisfaction = figures["satisfaction"]
    moved = figures.get("transfers", {"out": 0, "in": 0})
    only_general = figures["corruption"]["received"] is None
    moved_out = moved["out"] if only_general else max(moved_out_all, moved["out"])
    return {
        "received": totals["received"] - moved_out,
        "finished": totals["completed"] - moved_out,
        "transferred_out": moved_out,
        "transferred_in": moved["in"],
        "in_progress": totals["in_progress"],
        "on_time": reply["on_time"],
        "late": reply["late"],
        "on_time_percent": reply["percent"],
        "satisfaction_count": satisfaction["count"],
        "satisfaction_mean": satisfaction["mean"],
        # None where disclosure control hides it (a period not yet over).
        "confidential_received": figures["corruption"]["received"],
    }


def refresh_office(office: Office, fiscal_year: int, now: datetime) -> int:
    """Recompute ``office``'s rows of ``fiscal_year``; returns how many were written."""
    keys = [*fiscal_months(fiscal_year, (now + timedelta(hours=7)).date()), f"fy{fiscal_year}"]
    db.session.execute(
        delete(NationalRollup).where(
            NationalRollup.office_id == office.id, NationalRollup.period.in_(keys)
        )
    )
    for key in keys:
        period = parse_period(key)
        figures = compute_figures(office.id, period, public=True, now=now, compare=False)
        db.session.add(
            NationalRollup(
                office_id=office.id,
                period=key,
                computed_at=now,
                figures_json=json.dumps(row_of(figures, transferred_out(office.id, period))),
            )
        )
    ita_key = f"{ITA_PREFIX}fy{fiscal_year}"
    db.session.execute(
        delete(NationalRollup).where(
            NationalRollup.office_id == office.id, NationalRollup.period == ita_key
        )
    )
    db.session.add(
        NationalRollup(
            office_id=office.id,
            period=ita_key,
            computed_at=now,
            figures_json=json.dumps(ita_evidence(office, fiscal_year)),
        )
    )
    return len(keys) + 1


def refresh_all(now: datetime | None = None) -> int:
    """Every office's rows of the current fiscal year, one office per commit."""
    now = now or clock.utcnow()
    fiscal_year = fiscal_year_of((now + timedelta(hours=7)).date())
    written = 0
    for office_id in db.session.scalars(select(Office.id).order_by(Office.id)).all():
        written += refresh_office(db.session.get(Office, office_id), fiscal_year, now)
        db.session.commit()
    return written


def refresh_if_due(now: datetime | None = None, batch: int = 1) -> int:
    """Refresh up to ``batch`` offices whose rows are older than REFRESH_EVERY, oldest first
    (called by the worker on every round, so no round is held up for long); how many."""
    now = now or clock.utcnow()
    fiscal_year = fiscal_year_of((now + timedelta(hours=7)).date())
    newest = (
        select(NationalRollup.office_id, func.max(NationalRollup.computed_at).label("at"))
        .group_by(NationalRollup.office_id)
        .subquery()
    )
    stale = db.session.scalars(
        select(Office.id)
        .outerjoin(newest, newest.c.office_id == Office.id)
        .where(or_(newest.c.at.is_(None), newest.c.at < now - REFRESH_EVERY))
        .order_by(case((newest.c.at.is_(None), 0), else_=1), newest.c.at, Office.id)
        .limit(batch)
    ).all()
    for office_id in stale:
        refresh_office(db.session.get(Office, office_id), fiscal_year, now)
        db.session.commit()
    if stale:
        current_app.logger.info("national figures refreshed for %d office(s)", len(stale))
    return len(stale)


def ita_evidence(office: Office, fiscal_year: int) -> dict:
    """The office's ITA complaint items of the year, each with whether the portal holds its
    evidence: a manual (categories), channels (intake open), published statistics in the
    year, an approved participation report in the year; a link elsewhere counts as given."""
    from portal.ita.participation import fiscal_year_bounds, participation_in_year

    start, end = fiscal_year_bounds(fiscal_year)
    items = db.session.scalars(
        select(ItaItem)
        .where(ItaItem.office_id == office.id, ItaItem.fiscal_year == fiscal_year)
        .order_by(ItaItem.sort_order, ItaItem.code)
    ).all()
    checks = {
        "/ita/manual": lambda: bool(
            db.session.scalar(
                select(func.count(Category.id)).where(
                    Category.office_id == office.id, Category.active
                )
            )
        ),
        "/ita/channels": lambda: office.archived_at is None,
        "/ita/statistics": lambda: bool(
            db.session.scalar(
                select(func.count(ReportVersion.id))
                .join(Report)
                .where(
                    Report.office_id == office.id, Report.starts_on >= start, Report.ends_on <= end
                )
            )
        ),
        "/ita/participation": lambda: bool(participation_in_year(office, fiscal_year)),
    }
    rows = []
    for item in items:
        path = item.url.split("?")[0]
        check = checks.get(path)
        rows.append(
            {
                "code": item.code,
                "title_th": item.title_th,
                "title_en": item.title_en,
                "evidence": check() if check else item.url.startswith("https://"),
            }
        )
    return {"items": rows, "with_evidence": sum(r["evidence"] for r in rows)}


@dataclass
class OfficeFigures:
    office: Office
    year: dict | None
    months: dict[str, dict]
    ita: dict | None


def _period_keys(fiscal_year: int) -> list[str]:
    return [
        *fiscal_months(fiscal_year, date.max),
        f"fy{fiscal_year}",
        f"{ITA_PREFIX}fy{fiscal_year}",
    ]


def figures_stamp(fiscal_year: int) -> tuple:
    """What the national page of ``fiscal_year`` shows changes only when this does: the
    rollups' latest refresh and count, and the offices' count and archived count."""
    rollup = db.session.execute(
        select(func.max(NationalRollup.computed_at), func.count()).where(
            NationalRollup.period.in_(_period_keys(fiscal_year))
        )
    ).one()
    offices = db.session.execute(
        select(func.count(Office.id), func.count(Office.archived_at))
    ).one()
    return (*rollup, *offices)


def national_figures(fiscal_year: int) -> tuple[list[OfficeFigures], datetime | None]:
    """Every office's cached rows of ``fiscal_year``, and when they were computed."""
    keys = _period_keys(fiscal_year)
    rows = db.session.scalars(select(NationalRollup).where(NationalRollup.period.in_(keys)))
    offices = db.session.scalars(select(Office).order_by(Office.code)).all()
    by_office: dict[int, OfficeFigures] = {
        o.id: OfficeFigures(office=o, year=None, months={}, ita=None) for o in offices
    }
    computed = None
    for row in rows:
        entry = by_office.get(row.office_id)
        if entry is None:
            continue
        data = json.loads(row.figures_json)
        if row.period.startswith(ITA_PREFIX):
            entry.ita = data
        elif row.period.startswith("fy"):
            entry.year = data
        else:
            entry.months[row.period] = data
        computed = max(computed, row.computed_at) if computed else row.computed_at
    return list(by_office.values()), computed


def month_totals(offices: list[OfficeFigures]) -> list[tuple[str, dict]]:
    """National totals per month (hidden cells count as nothing, and say so)."""
    keys = sorted({k for o in offices for k in o.months})
    totals = []
    for key in keys:
        sums = {"received": 0, "finished": 0, "on_time": 0, "late": 0, "offices": 0}
        for entry in offices:
            row = entry.months.get(key)
            if row is None:
                continue
            sums["offices"] += 1
            for name in ("received", "finished", "on_time", "late"):
                sums[name] += row[name] or 0
        totals.append((key, sums))
    return totals
