"""An office's transparency figures for a period (DESIGN §6, §9), as one JSON-ready dict.

The dict is what a published report freezes: the page, the PDF and the open data render
from it alone, never from the database, so a frozen report looks the same years later.
Every figure comes from SQL aggregation (:mod:`portal.reports.queries`).
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from portal import clock
from portal.cases.deadlines import holidays_of, policy_for
from portal.extensions import db
from portal.models import (
    OPEN_STATUSES,
    CaseStatus,
    CaseType,
    Channel,
    DeclineReason,
    Office,
    Outcome,
    Report,
    ReportVersion,
)
from portal.network.report import network_figures
from portal.reports import disclosure, labels, queries, tables
from portal.reports.comment_themes import comment_themes
from portal.reports.engagement import engagement_figures
from portal.reports.measures import WorkingCalendar, percent, weighted_stats
from portal.reports.periods import Period, parse_period
from portal.reports.sql import as_date

SCHEMA_VERSION = 2
OPEN = {s.value for s in OPEN_STATUSES}
DEFAULT_MIN_CELL = 3
PUBLISHABLE_KINDS = ("month", "quarter", "half", "fiscal_year")


def compute_figures(office_id: int, period: Period, *, public: bool,
                    now: datetime | None = None, compare: bool = True) -> dict:
    """Every figure of ``period`` for the office, as a JSON-serialisable dict.

    Cases are counted in the period they were received (``original_received_on`` for cases
    recorded later, else the Bangkok day of ``received_at``); what happened to them is as
    of ``now`` (the generation time, kept as ``as_of``). ``public`` applies disclosure
    control (README, "Disclosure control"): the confidential stream only as office-wide
    counts, the breakdowns of the general stream with hidden cells, and for a period not
    yet over or not a month, quarter, half or fiscal year, the general stream only and no
    breakdown. The keys are documented in ``portal/reports/README.md``.
    """
    now = now or clock.utcnow()
    office = db.session.get(Office, office_id)
    threshold = min_cell()
    detailed = period.kind in PUBLISHABLE_KINDS and (not public or period_is_over(period, now))
    general_only = public and not detailed
    calendar = WorkingCalendar(holidays_of(office))
    with queries.period_cases(office.id, period, now, general_only=general_only) as cases:
        main = _core(office, cases, calendar)
        counts = ([tables.Count(*row) for row in queries.by_month_category_and_school(cases)]
                  if detailed else [])
        satisfaction = _satisfaction(cases)
        moved = _transfers(queries.transfers(cases))
    # Finished cases no rating was given for: the section adds up to them.
    satisfaction["not_rated"] = max(main.pop("_finished") - satisfaction["count"], 0)
    if detailed:
        reference = tables.Reference.of(office, counts)
        breakdowns = tables.breakdowns(reference, counts, public=public, threshold=threshold,
                                       published=published_month_figures(office, period),
                                       month=period.kind == "month")
    else:
        breakdowns = {"by_category": [], "by_district": [], "by_school": [],
                      "schools_without_cases": None}
    figures = {
        "schema": SCHEMA_VERSION,
        "office": _office(office),
        "period": period.to_dict(),
        "public": public,
        "min_cell": threshold if public else None,
        "generated_at": now.isoformat(timespec="seconds"),
        "as_of": now.isoformat(timespec="seconds"),
        **main,
        **breakdowns,
        "satisfaction": satisfaction,
        "transfers": moved,
        "backlog": _backlog(office, period, now, general_only),
        "engagement": engagement_figures(office.id, period),
        "network": network_figures(office, period.start, period.kind, public=public,
                                   threshold=threshold),
        "comparison": None,
    }
    _confidential_stream(figures, period, public=public, general_only=general_only,
                         threshold=threshold)
    figures["disclosure"] = disclosure_summary(figures, detailed=detailed,
                                               general_only=general_only)
    if compare:
        previous, year_before = period.previous(), period.year_before()
        figures["comparison"] = {
            "previous": headline(office, previous, now, calendar, general_only)}
        # A fiscal year's previous period is the year before: computed once, shown twice.
        figures["comparison"]["year_before"] = (
            copy.deepcopy(figures["comparison"]["previous"]) if year_before == previous
            else headline(office, year_before, now, calendar, general_only))
    return figures


def published_month_figures(office: Office, period: Period) -> dict[str, list[dict]]:
    """The figures of every published version of each month inside ``period``."""
    rows = db.session.execute(
        select(Report.period, ReportVersion.figures_json)
        .join(ReportVersion, ReportVersion.report_id == Report.id)
        .where(Report.office_id == office.id, Report.starts_on >= period.start,
               Report.ends_on <= period.end)).all()
    found: dict[str, list[dict]] = {}
    for key, figures_json in rows:
        if parse_period(key).kind == "month":
            found.setdefault(key, []).append(json.loads(figures_json))
    return found


def min_cell() -> int:
    return int(current_app.config.get("PORTAL_REPORT_MIN_CELL", DEFAULT_MIN_CELL))


def _confidential_stream(figures: dict, period: Period, *, public: bool, general_only: bool,
                         threshold: int) -> None:
    """The confidential stream: office-wide counts only; its outcomes in public only in
    a fiscal year's report and only when no outcome has 1 … threshold − 1 cases; on the
    live page (and any-range previews) not at all."""
    stream = figures["corruption"]
    if general_only:
        for key in ("received", "completed", "in_progress"):
            stream[key] = figures["streams"]["corruption"][key] = None
        stream["outcomes"] = None
        next(r for r in figures["by_type"] if r["key"] == "corruption")["count"] = None
        return
    if public and (period.kind != "fiscal_year" or any(
            0 < row["count"] < threshold for row in stream["outcomes"])):
        stream["outcomes"] = None


def disclosure_summary(figures: dict, *, detailed: bool, general_only: bool) -> dict:
    """What was hidden and how, for the notes and the data dictionary."""
    used = sorted({row["mark"] for table in ("by_category", "by_district", "by_school")
                   for row in figures[table] if row.get("mark")},
                  key=disclosure.MARKS.index)
    threshold = figures["min_cell"] or 0
    return {
        "rules": disclosure.RULES_VERSION,
        "breakdowns": detailed,
        "general_only": general_only,
        "confidential_outcomes": figures["corruption"]["outcomes"] is not None,
        "marks": [{"mark": mark, "symbol": disclosure.symbol(mark, threshold),
                   **labels.both(labels.MARKS[mark])} for mark in used],
    }


def headline(office: Office, period: Period, now: datetime,
             calendar: WorkingCalendar | None = None, general_only: bool = False) -> dict:
    """The figures compared across periods: received, completed, in progress per stream,
    the reply-deadline rate and the median working days to acknowledge and to resolve."""
    first = queries.first_case_day(office.id)
    if first is None or period.end < first:
        return _no_data(period)  # before the office's first case: unknown, not zero
    with queries.period_cases(office.id, period, now, names=queries.HEADLINE_COLUMNS,
                              general_only=general_only) as cases:
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


def _no_data(period: Period) -> dict:
    """A compared period the portal holds no record of: every figure None ("ไม่มีข้อมูล")."""
    unknown = {"received": None, "completed": None, "in_progress": None}
    return {"period": period.to_dict(), "empty": None, "no_data": True, "totals": unknown,
            "streams": {k: {**unknown, **labels.both(labels.STREAMS[k])}
                        for k in labels.STREAMS},
            "reply_on_time_percent": None, "acknowledge_median_days": None,
            "resolve_median_days": None}


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
    finished = missing_outcome = missing_reason = 0
    for (case_type, general, status, channel, outcome, reason, n, disputed, dispute_sum,
         reopen, in_time, too_late, counted) in rows:
        case_type, status, general = CaseType(case_type), CaseStatus(status), bool(general)
        # Types, channels and outcomes break the general stream down; the confidential
        # stream is one row, whatever the type of its cases.
        by_type[case_type if general else CaseType.CORRUPTION] += n
        if channel is not None and general:
            by_channel[Channel(channel)] += n
        stream = streams["general" if general else "corruption"]
        stream["received"] += n
        stream["in_progress" if status.value in OPEN else "completed"] += n
        status_counts[status.value] = status_counts.get(status.value, 0) + n
        if outcome is not None:
            (outcomes if general else corruption_outcomes)[Outcome(outcome)] += n
        if status in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
            finished += n
            missing_outcome += n if general and outcome is None else 0
        if reason is not None and status is CaseStatus.DECLINED:
            reasons[DeclineReason(reason)] += n
        elif status is CaseStatus.DECLINED:
            missing_reason += n
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
        # Finished without the datum the section counts: shown as "ไม่ได้บันทึก n เรื่อง".
        "not_recorded": {"outcome": missing_outcome, "decline_reason": missing_reason},
        "_finished": finished,
        "corruption": {**streams["corruption"],
                       "outcomes": [{**labels.outcome_row(o), "count": n}
                                    for o, n in corruption_outcomes.items()
                                    if o is not Outcome.ANSWERED]},
    }


def _transfers(rows: list) -> dict:
    """Cases moved between offices (portal/referral), general stream only (the confidential
    stream appears as office totals only): ``out`` "โอนไป", ``in`` "รับโอน"."""
    out = came = 0
    for general, went, arrived in rows:
        if general:
            out, came = out + int(went), came + int(arrived)
    return {"out": out, "in": came}


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


def _satisfaction(cases: queries.PeriodCases) -> dict:
    counts = dict.fromkeys(range(1, 6), 0)
    for rating, n in queries.ratings(cases):
        counts[int(rating)] = counts.get(int(rating), 0) + int(n)
    total = sum(counts.values())
    mean = round(sum(r * n for r, n in counts.items()) / total, 2) if total else None
    return {"count": total, "mean": mean,
            "distribution": [{"rating": r, "count": n} for r, n in sorted(counts.items())],
            **comment_themes(queries.rating_comments(cases))}


def _backlog(office: Office, period: Period, now: datetime, general_only: bool) -> dict:
    """Cases received by the period's end still open, by calendar days since received."""
    reference = min(period.end, clock.to_local(now).date())
    buckets = {key: 0 for key, *_ in labels.BACKLOG_BUCKETS}
    for day, n in queries.backlog(office.id, period, now, general_only=general_only):
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
