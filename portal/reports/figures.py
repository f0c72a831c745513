"""An office's transparency figures for a period (DESIGN §6, §9), as one JSON-ready dict.

The dict is what a published report freezes: the page, the PDF and the open data render
from it alone, never from the database, so a frozen report looks the same years later.
Every figure comes from SQL aggregation (:mod:`portal.reports.queries`).
"""

from __future__ import annotations

import copy
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select

from portal import clock
from portal.cases.deadlines import holidays_of, policy_for
from portal.extensions import db
from portal.models import (
    OPEN_STATUSES,
    CaseStatus,
    CaseType,
    Category,
    Channel,
    DeclineReason,
    District,
    Office,
    Outcome,
    School,
)
from portal.reports import labels, queries
from portal.reports.engagement import engagement_figures
from portal.reports.measures import WorkingCalendar, percent, suppress, weighted_stats
from portal.reports.periods import Period
from portal.reports.sql import as_date

SCHEMA_VERSION = 1
OPEN = {s.value for s in OPEN_STATUSES}
DEFAULT_MIN_CELL = 3


def compute_figures(office_id: int, period: Period, *, public: bool,
                    now: datetime | None = None, compare: bool = True) -> dict:
    """Every figure of ``period`` for the office, as a JSON-serialisable dict.

    Cases are counted in the period they were received (``original_received_on`` for cases
    recorded later, else the Bangkok day of ``received_at``); what happened to them is as
    of ``now`` (the generation time, kept as ``as_of``). ``public`` blanks small cells
    (fewer than ``PORTAL_REPORT_MIN_CELL``, default 3) of the school, district and
    category tables. The keys and their types are documented in ``portal/reports/README.md``
    (also the other report features' interface).
    """
    now = now or clock.utcnow()
    office = db.session.get(Office, office_id)
    threshold = int(current_app.config.get("PORTAL_REPORT_MIN_CELL", DEFAULT_MIN_CELL))
    calendar = WorkingCalendar(holidays_of(office))
    with queries.period_cases(office.id, period, now) as cases:
        main = _core(office, cases, calendar)
        categories, schools = _category_and_school_counts(cases)
        satisfaction = _satisfaction(cases)
    figures = {
        "schema": SCHEMA_VERSION,
        "office": _office(office),
        "period": period.to_dict(),
        "public": public,
        "min_cell": threshold if public else None,
        "generated_at": now.isoformat(timespec="seconds"),
        "as_of": now.isoformat(timespec="seconds"),
        **main,
        "by_category": _categories(categories),
        **_places(office, schools),
        "satisfaction": satisfaction,
        "backlog": _backlog(office, period, now),
        "engagement": engagement_figures(office.id, period),
        "comparison": None,
    }
    if public:
        suppress(figures["by_category"], ("count",), threshold)
        for table in ("by_school", "by_district"):
            suppress(figures[table], ("general", "corruption", "total"), threshold,
                     parts=("general", "corruption"), total="total")
    if compare:
        previous, year_before = period.previous(), period.year_before()
        figures["comparison"] = {"previous": headline(office, previous, now, calendar)}
        # A fiscal year's previous period is the year before: computed once, shown twice.
        figures["comparison"]["year_before"] = (
            copy.deepcopy(figures["comparison"]["previous"]) if year_before == previous
            else headline(office, year_before, now, calendar))
    return figures


def headline(office: Office, period: Period, now: datetime,
             calendar: WorkingCalendar | None = None) -> dict:
    """The figures compared across periods: received, completed, in progress per stream,
    the reply-deadline rate and the median working days to acknowledge and to resolve."""
    with queries.period_cases(office.id, period, now, names=queries.HEADLINE_COLUMNS) as cases:
        core = _core(office, cases, calendar or WorkingCalendar(holidays_of(office)),
                     detail=False)
    return {
        "period": period.to_dict(),
        "empty": core["empty"],
        "totals": core["totals"],
        "streams": core["streams"],
        "reply_on_time_percent": core["deadlines"]["reply"]["percent"],
        "acknowledge_median_days": core["durations"]["acknowledge"]["median"],
        "resolve_median_days": core["durations"]["resolve"]["median"],
    }


def _office(office: Office) -> dict:
    return {"id": office.id, "code": office.code, "name_th": office.name_th,
            "name_en": office.name_en, "address_th": office.address_th,
            "phone": office.phone, "email": office.email}


def _core(office: Office, cases: queries.PeriodCases, calendar: WorkingCalendar,
          detail: bool = True) -> dict:
    """The figures every compared period shares; without ``detail`` (for :func:`headline`)
    channels, outcomes and decline reasons are left at zero."""
    rows = queries.outline(cases, detail=detail)
    by_type = dict.fromkeys(CaseType, 0)
    by_channel = dict.fromkeys(Channel, 0)
    outcomes = dict.fromkeys(Outcome, 0)
    corruption_outcomes = dict.fromkeys(Outcome, 0)
    reasons = dict.fromkeys(DeclineReason, 0)
    streams = {s: {"received": 0, "completed": 0, "in_progress": 0} for s in labels.STREAMS}
    status_counts: dict[str, int] = {}
    disputed_cases = disputes = reopened = on_time = late = judged = 0
    for (case_type, status, channel, outcome, reason, n, disputed, dispute_sum, reopen,
         in_time, too_late, counted) in rows:
        case_type, status = CaseType(case_type), CaseStatus(status)
        by_type[case_type] += n
        if channel is not None:
            by_channel[Channel(channel)] += n
        stream = streams["corruption" if case_type is CaseType.CORRUPTION else "general"]
        stream["received"] += n
        stream["in_progress" if status.value in OPEN else "completed"] += n
        status_counts[status.value] = status_counts.get(status.value, 0) + n
        if outcome is not None:
            outcomes[Outcome(outcome)] += n
            if case_type is CaseType.CORRUPTION:
                corruption_outcomes[Outcome(outcome)] += n
        if reason is not None and status is CaseStatus.DECLINED:
            reasons[DeclineReason(reason)] += n
        disputed_cases += int(disputed)
        disputes += int(dispute_sum)
        reopened += int(reopen)
        on_time += int(in_time)
        late += int(too_late)
        judged += int(counted)
    pending = judged - on_time - late
    totals = {k: sum(s[k] for s in streams.values()) for k in ("received", "completed",
                                                                 "in_progress")}
    acknowledge, ack_days = _acknowledgements(office, cases, calendar)
    resolve_pairs = ((calendar.between(as_date(day), as_date(done)), n)
                     for day, done, n in queries.resolutions(cases))
    return {
        "empty": totals["received"] == 0,
        "totals": totals,
        "streams": {k: {**v, **labels.both(labels.STREAMS[k])} for k, v in streams.items()},
        "by_type": [{**labels.type_row(t), "count": n} for t, n in by_type.items()],
        "by_channel": [{**labels.channel_row(c), "count": n} for c, n in by_channel.items()],
        "deadlines": {
            "reply": {"on_time": on_time, "late": late, "pending": pending,
                      "percent": percent(on_time, on_time + late)},
            "acknowledge": acknowledge,
        },
        "durations": {"acknowledge": weighted_stats(ack_days),
                      "resolve": weighted_stats(resolve_pairs)},
        "declined": {"total": status_counts.get(CaseStatus.DECLINED.value, 0),
                     "reasons": [{**labels.reason_row(r), "count": n}
                                 for r, n in reasons.items()]},
        "referred": status_counts.get(CaseStatus.REFERRED.value, 0),
        "merged": status_counts.get(CaseStatus.MERGED.value, 0),
        "reopened": reopened,
        "disputes": {"cases": disputed_cases, "total": disputes},
        "outcomes": [{**labels.outcome_row(o), "count": n} for o, n in outcomes.items()],
        "corruption": {**streams["corruption"],
                       "outcomes": [{**labels.outcome_row(o), "count": n}
                                    for o, n in corruption_outcomes.items()
                                    if o is not Outcome.ANSWERED]},
    }


def _acknowledgements(office: Office, cases: queries.PeriodCases,
                      calendar: WorkingCalendar) -> tuple[dict, list[tuple[int, int]]]:
    """On time / late / pending against each type's acknowledgement deadline, and the
    working days each acknowledged case took, from ``(type, day, ack day)`` groups."""
    # By value: the type comes as text from SQLite's temporary table, as a member from
    # PostgreSQL; ``str`` of either is the value, cheaper than an enum member per row.
    policies = {t.value: (policy.acknowledge_days, policy.working_days)
                for t in CaseType for policy in (policy_for(office, t),)}
    today = clock.to_local(cases.as_of).date()
    on_time = late = pending = 0
    days: list[tuple[int, int]] = []
    for case_type, day, ack_day, n in queries.acknowledgements(cases):
        days_allowed, working = policies[str(case_type)]
        day, ack_day = as_date(day), as_date(ack_day)
        due = calendar.add(day, days_allowed, working)
        if ack_day is not None:
            days.append((calendar.between(day, ack_day), n))
            if ack_day <= due:
                on_time += n
            else:
                late += n
        elif today > due:
            late += n
        else:
            pending += n
    return ({"on_time": on_time, "late": late, "pending": pending,
             "percent": percent(on_time, on_time + late)}, days)


def _category_and_school_counts(cases: queries.PeriodCases) -> tuple[list, list]:
    """``[(category_id, count)]`` and ``[(school_id, general, corruption)]`` from one query."""
    categories: dict[int | None, int] = {}
    schools: dict[int | None, list[int]] = {}
    for category_id, school_id, general, corruption in queries.by_category_and_school(cases):
        general, corruption = int(general), int(corruption)
        categories[category_id] = categories.get(category_id, 0) + general + corruption
        counts = schools.setdefault(school_id, [0, 0])
        counts[0] += general
        counts[1] += corruption
    return (list(categories.items()),
            [(school_id, general, corruption)
             for school_id, (general, corruption) in schools.items()])


def _categories(rows: list) -> list[dict]:
    ids = [r[0] for r in rows if r[0] is not None]
    names = {c.id: c for c in db.session.scalars(select(Category).where(Category.id.in_(ids)))}
    result = []
    for category_id, n in sorted(rows, key=lambda r: (r[0] is None, -r[1], r[0] or 0)):
        category = names.get(category_id)
        row = (labels.named(str(category_id), category.name_th, category.name_en)
               if category else {"key": "none", **labels.both(labels.UNSPECIFIED)})
        result.append({**row, "case_type": category.case_type.value if category else None,
                       "count": n})
    return result


def _places(office: Office, school_rows: list) -> dict:
    """Cases per school and per district (through the school), general and corruption."""
    rows = {r[0]: (int(r[1]), int(r[2])) for r in school_rows}
    schools = {s.id: s for s in db.session.scalars(
        select(School).where(School.id.in_([k for k in rows if k is not None])))}
    districts = {d.id: d for d in db.session.scalars(
        select(District).where(District.office_id == office.id))}
    by_school, by_district = [], {}
    for school_id, (general, corruption) in rows.items():
        school = schools.get(school_id)
        row = (labels.named(school.code, school.name_th, school.name_en) if school
               else {"key": "none", **labels.both(labels.UNSPECIFIED)})
        by_school.append({**row, "general": general, "corruption": corruption,
                          "total": general + corruption})
        district = districts.get(school.district_id) if school else None
        key = str(district.id) if district else "none"
        if key not in by_district:
            by_district[key] = ({**labels.named(key, district.name_th, district.name_en)}
                                if district else {"key": "none",
                                                  **labels.both(labels.UNSPECIFIED)})
            by_district[key].update(general=0, corruption=0, total=0)
        entry = by_district[key]
        entry["general"] += general
        entry["corruption"] += corruption
        entry["total"] += general + corruption
    order = _by_total_then_name
    school_count = db.session.scalar(select(func.count()).select_from(School).where(
        School.office_id == office.id, School.active.is_(True)))
    with_cases = sum(1 for k in rows if k is not None)
    return {"by_school": sorted(by_school, key=order),
            "by_district": sorted(by_district.values(), key=order),
            "schools_without_cases": max(school_count - with_cases, 0)}


def _by_total_then_name(row: dict) -> tuple:
    return (row["key"] == "none", -row["total"], row["label_th"])


def _satisfaction(cases: queries.PeriodCases) -> dict:
    counts = dict.fromkeys(range(1, 6), 0)
    for rating, n in queries.ratings(cases):
        counts[int(rating)] = counts.get(int(rating), 0) + int(n)
    total = sum(counts.values())
    mean = round(sum(r * n for r, n in counts.items()) / total, 2) if total else None
    return {"count": total, "mean": mean,
            "distribution": [{"rating": r, "count": n} for r, n in sorted(counts.items())]}


def _backlog(office: Office, period: Period, now: datetime) -> dict:
    """Cases received by the period's end still open, by calendar days since received."""
    reference = min(period.end, clock.to_local(now).date())
    buckets = {key: 0 for key, *_ in labels.BACKLOG_BUCKETS}
    for day, n in queries.backlog(office.id, period, now):
        age = (reference - as_date(day)).days
        for key, low, high, _label in labels.BACKLOG_BUCKETS:
            if age >= low and (high is None or age <= high):
                buckets[key] += int(n)
                break
        else:  # a case dated after the reference day (recorded ahead): count it as new
            buckets["0-15"] += int(n)
    return {"total": sum(buckets.values()),
            "reference_day": reference.isoformat(),
            "buckets": [{"key": key, **labels.both(label), "count": buckets[key]}
                        for key, _low, _high, label in labels.BACKLOG_BUCKETS]}


def period_is_over(period: Period, now: datetime | None = None) -> bool:
    """Whether the period has ended by Bangkok time (a live report is not final)."""
    today: date = clock.to_local(now or clock.utcnow()).date()
    return today > period.end
