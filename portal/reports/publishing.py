"""Preparing and publishing reports: a published version is frozen, a correction is a new one.

Preparing creates the report of a finished period and tells the office's directors it is
ready (an e-mail through the outbox, in the same transaction). Publishing computes the
public figures once, stores them with every file rendered from them (PDF, CSV, XLSX, JSON
and the anonymised case-level CSV) and never touches them again: the page and the files of
a version stay exactly as published whatever happens to the cases later. Publishing again
is a correction: a new version, with a note saying why; every version keeps its URL.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal import clock
from portal.cases.errors import CaseError
from portal.delivery.staff_mail import enqueue_staff_email
from portal.extensions import db
from portal.filters import thai_date
from portal.links import public_url
from portal.models import (
    Office,
    Report,
    ReportFile,
    ReportFileKind,
    ReportVersion,
    Role,
    User,
    UserRole,
)
from portal.reports import dataset, dataset_files, disclosure, opendata
from portal.reports.periods import Period, parse_period

# The disclosure rules a version is published under. 1: every version before issue 16 (small
# cells blanked column by column, a case-level file with days and schools). 2: the confidential
# stream as office totals only, complementary suppression, the k-anonymous data set. Raise it
# whenever the rules change, then run `flask report republish --all --note …`: older versions
# stop being served publicly once a version under the current rules replaces them.
DISCLOSURE_RULES_VERSION = disclosure.RULES_VERSION
PUBLISHABLE_KINDS = ("month", "quarter", "half", "fiscal_year")
CONTENT_TYPES = {
    ReportFileKind.PDF: "application/pdf",
    ReportFileKind.CSV: "text/csv; charset=utf-8",
    ReportFileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFileKind.JSON: "application/json",
    ReportFileKind.CASES_CSV: "text/csv; charset=utf-8",
    ReportFileKind.CASES_XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFileKind.CASES_JSON: "application/json",
}


class ReportError(CaseError):
    """A report operation refused; ``message`` is user-facing."""


def find_report(office: Office, key: str) -> Report | None:
    return db.session.scalar(
        select(Report).where(Report.office_id == office.id, Report.period == key)
        .options(selectinload(Report.versions)))


def is_served(version: ReportVersion) -> bool:
    """Whether the public may read ``version``: published under the current rules."""
    return version.disclosure_rules >= DISCLOSURE_RULES_VERSION


def served_versions(report: Report) -> list[ReportVersion]:
    """The versions the public may read, oldest first (a report's newest are the served)."""
    return [v for v in report.versions if is_served(v)]


def published_reports(office: Office) -> list[Report]:
    """Every report with a version the public may read, the latest period first.

    Rules only rise, so such a report's latest version is one of them.
    """
    return list(db.session.scalars(
        select(Report).where(Report.office_id == office.id, Report.versions.any(
            ReportVersion.disclosure_rules >= DISCLOSURE_RULES_VERSION))
        .options(selectinload(Report.versions))
        .order_by(Report.ends_on.desc(), Report.starts_on.desc())))


def prepared_reports(office: Office) -> list[Report]:
    """Every report, published or not, the latest period first (the director's list)."""
    return list(db.session.scalars(
        select(Report).where(Report.office_id == office.id)
        .options(selectinload(Report.versions))
        .order_by(Report.ends_on.desc(), Report.starts_on.desc())))


def publishable_period(key: str, now: datetime | None = None) -> Period:
    """The period ``key`` names, when a report of it may be prepared or published now."""
    period = parse_period(key)
    if period.kind not in PUBLISHABLE_KINDS:
        raise ReportError(_l("รายงานเผยแพร่ได้เป็นรายเดือน ไตรมาส ครึ่งปี หรือปีงบประมาณ"))
    if clock.to_local(now or clock.utcnow()).date() <= period.end:
        raise ReportError(_l("ช่วงเวลานี้ยังไม่สิ้นสุด จึงยังจัดทำรายงานฉบับสมบูรณ์ไม่ได้"))
    return period


def prepare_report(office: Office, period: Period,
                   now: datetime | None = None) -> tuple[Report, bool]:
    """The report of ``period``, created if new (and the directors told); (report, created).

    Safe to call again and from several workers: the office and period are unique, and the
    e-mail is queued only by the call that created the row.
    """
    existing = find_report(office, period.key)
    if existing is not None:
        return existing, False
    report = Report(office_id=office.id, period=period.key, starts_on=period.start,
                    ends_on=period.end, prepared_at=now or clock.utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        return find_report(office, period.key), False
    _tell_directors(office, report, period)
    return report, True


def _tell_directors(office: Office, report: Report, period: Period) -> None:
    directors = db.session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(User.office_id == office.id, User.active.is_(True),
               UserRole.role == Role.DIRECTOR).order_by(User.id))
    link = public_url("staff.report_review", office=office, period=report.period)
    for director in directors:
        enqueue_staff_email(office, director.email, "report_ready",
                            _l("รายงานสถิติเรื่องร้องเรียน %(period)s พร้อมให้ตรวจและเผยแพร่",
                               period=period.label("th")), user=director,
                            period=period, review_url=link)


def publish_report(office: Office, period: Period, *, publisher: User | None = None,
                   note: str = "", now: datetime | None = None) -> ReportVersion:
    """Freeze the public figures of ``period`` and every file, as a new version.

    The first publication needs no note; a correction does (it says what was wrong).
    """
    now = now or clock.utcnow()
    publishable_period(period.key, now)
    report, _created = prepare_report(office, period, now)
    note = (note or "").strip()
    if report.versions and not note:
        raise ReportError(_l("ฉบับแก้ไขต้องมีหมายเหตุว่าแก้ไขอะไร เพราะเหตุใด"))
    from portal.reports.figures import compute_figures

    figures = compute_figures(office.id, period, public=True, now=now)
    figures_json = json.dumps(figures, ensure_ascii=False)  # key order kept: rows stay in order
    with db.session.no_autoflush:  # nothing is written before every file is rendered
        version = ReportVersion(
            report_id=report.id, number=len(report.versions) + 1, figures_json=figures_json,
            note=note, published_by_id=publisher.id if publisher else None,
            published_by_name=publisher.name if publisher else "", published_at=now,
            disclosure_rules=DISCLOSURE_RULES_VERSION)
        # Files render from the stored JSON, as any later reader sees it.
        files = render_files(office, report, version, json.loads(figures_json))
        for kind, data in files.items():
            version.files.append(ReportFile(kind=kind, content_type=CONTENT_TYPES[kind],
                                            sha256=hashlib.sha256(data).hexdigest(),
                                            size=len(data), data=data))
    try:
        with db.session.begin_nested():
            db.session.add(version)
    except IntegrityError as error:
        raise ReportError(_l("มีผู้เผยแพร่รายงานนี้ระหว่างนี้ กรุณาโหลดหน้าใหม่")) from error
    db.session.expire(report, ["versions"])
    return version


def meta_of(office: Office, report: Report, version: ReportVersion, period: Period,
            *, final: bool = True) -> opendata.Meta:
    return opendata.Meta(
        office_code=office.code, office_name_th=office.name_th, period=report.period,
        period_label_th=period.label("th"), starts_on=period.start, ends_on=period.end,
        version=version.number, published_at=version.published_at, note=version.note,
        final=final)


def render_files(office: Office, report: Report, version: ReportVersion,
                 figures: dict) -> dict[ReportFileKind, bytes]:
    """Every file of a version, rendered from its figures (the case-level data from SQL)."""
    from portal.reports.render import render_report_pdf

    period = parse_period(report.period)
    meta = meta_of(office, report, version, period)
    dictionary = public_url("public.report_dictionary", office=office)
    cases = dataset.case_dataset(office, period, meta.published_at)
    return {
        ReportFileKind.PDF: render_report_pdf(office, figures, publication={
            "version": version.number, "note": version.note,
            "published_on": thai_date(version.published_at, locale="th")}
            if version.number else None),
        ReportFileKind.CSV: opendata.write_csv(meta, figures),
        ReportFileKind.XLSX: opendata.write_xlsx(meta, figures),
        ReportFileKind.JSON: opendata.write_json(meta, figures, dictionary),
        ReportFileKind.CASES_CSV: dataset_files.write_cases_csv(cases),
        ReportFileKind.CASES_XLSX: dataset_files.write_cases_xlsx(meta, cases),
        ReportFileKind.CASES_JSON: dataset_files.write_cases_json(meta, cases, dictionary),
    }


def version_of(office: Office, key: str, number: int | None) -> ReportVersion | None:
    """A published version (the latest when ``number`` is None), or None; served or not."""
    report = find_report(office, key)
    if report is None or not report.versions:
        return None
    if number is None:
        return report.latest
    return next((v for v in report.versions if v.number == number), None)


def archived_versions(office: Office) -> list[tuple[Report, ReportVersion]]:
    """Every version ever published by ``office``, served or not: the staff archive."""
    return [(report, version) for report in prepared_reports(office)
            for version in reversed(report.versions)]
