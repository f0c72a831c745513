"""Public transparency reports: the list, each version's page and files, the live month."""

from __future__ import annotations

import json
import time

from flask import Response, abort, current_app, redirect, render_template, url_for
from flask_babel import get_locale

from portal import clock
from portal.models import ReportFileKind
from portal.public import bp
from portal.reports import opendata
from portal.reports.periods import month_of, parse_period
from portal.reports.publishing import (
    is_served,
    published_reports,
    served_versions,
    version_of,
)
from portal.tenancy import current_office

# The file name ending of each kind, as it appears in the stable URL.
SUFFIXES = {"pdf": ReportFileKind.PDF, "csv": ReportFileKind.CSV,
            "xlsx": ReportFileKind.XLSX, "json": ReportFileKind.JSON,
            "cases.csv": ReportFileKind.CASES_CSV, "cases.xlsx": ReportFileKind.CASES_XLSX,
            "cases.json": ReportFileKind.CASES_JSON}
SUFFIX_OF = {kind: suffix for suffix, kind in SUFFIXES.items()}
# A frozen version never changes: caches may keep it for a day and revalidate by ETag.
FROZEN_CACHE = "public, max-age=86400"
LIVE_SECONDS = 60


@bp.app_template_global("period_label")
def period_label(key: str) -> str:
    """``2026-10`` → ``ตุลาคม 2569`` (or ``October 2026``) in the reader's language."""
    return parse_period(key).label(str(get_locale() or "th"))


@bp.app_template_global("served_versions")
def _served_versions(report):
    """The versions of ``report`` the public may read (templates list only these)."""
    return served_versions(report)


def _replaced(version):
    """410 Gone: a version under older disclosure rules, with a link to what replaced it."""
    report = version.report
    newest = report.latest if is_served(report.latest) else None
    return render_template("public/reports/replaced.html", office=current_office(),
                           report=report, version=version, newest=newest), 410


@bp.get("/reports")
def reports():
    office = current_office()
    rows = published_reports(office)
    return render_template("public/reports/index.html", office=office, reports=rows,
                           suffix_of=SUFFIX_OF)


@bp.get("/reports/live")
def report_live():
    """The current month so far: computed on request, marked as not final."""
    from portal.reports.figures import compute_figures

    office = current_office()
    period = month_of(clock.to_local(clock.utcnow()).date())
    # Anyone may open this page: one computation per office and minute, per process.
    live = current_app.extensions.setdefault("portal_live_report", {})
    cached = live.get(office.id)
    now = time.monotonic()
    if cached is None or cached[0] < now or cached[1] != period.key:
        cached = (now + LIVE_SECONDS, period.key, compute_figures(office.id, period, public=True))
        live[office.id] = cached
    figures = cached[2]
    response = Response(render_template("public/reports/live.html", office=office,
                                        figures=figures, period=period))
    response.headers["Cache-Control"] = f"public, max-age={LIVE_SECONDS}"
    return response


@bp.get("/reports/<period>")
def report(period: str):
    return _version_page(period, None)


@bp.get("/reports/<period>/v<int:number>")
def report_version(period: str, number: int):
    return _version_page(period, number)


def _version_page(key: str, number: int | None):
    office = current_office()
    version = version_of(office, key, number)
    if version is None:
        abort(404)
    if not is_served(version):
        return _replaced(version)
    report = version.report
    response = Response(render_template(
        "public/reports/version.html", office=office, report=report, version=version,
        figures=version.figures, period=parse_period(report.period), suffix_of=SUFFIX_OF,
        is_latest=version is report.latest))
    response.headers["Cache-Control"] = FROZEN_CACHE if number is not None else \
        "public, max-age=300"
    return response


@bp.get("/reports/<period>/v<int:number>.<path:suffix>")
def report_file(period: str, number: int, suffix: str):
    """A frozen file, byte for byte as published."""
    kind = SUFFIXES.get(suffix)
    version = version_of(current_office(), period, number) if kind else None
    stored = version.file(kind) if version else None
    if stored is None:
        abort(404)
    if not is_served(version):
        return _replaced(version)
    name = f"{current_office().code}-{period}-v{number}.{suffix}"
    response = Response(stored.data, content_type=stored.content_type)
    disposition = "inline" if kind is ReportFileKind.PDF else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response.headers["Cache-Control"] = FROZEN_CACHE
    response.set_etag(stored.sha256)
    return response


@bp.get("/reports/<period>/latest.<path:suffix>")
def report_latest_file(period: str, suffix: str):
    """Always the newest version's file (a link that follows corrections)."""
    version = version_of(current_office(), period, None)
    if version is None or suffix not in SUFFIXES:
        abort(404)
    if not is_served(version):
        return _replaced(version)
    return redirect(url_for("public.report_file", period=period, number=version.number,
                            suffix=suffix))


@bp.get("/reports/data-dictionary.json")
def report_dictionary():
    return Response(opendata.dictionary_json(), content_type="application/json")


@bp.get("/reports/index.json")
def report_index():
    """Machine-readable index of every published version and its files."""
    office = current_office()
    entries = []
    for report in published_reports(office):
        for version in served_versions(report):
            entries.append({
                "period": report.period, "starts_on": report.starts_on.isoformat(),
                "ends_on": report.ends_on.isoformat(), "version": version.number,
                "published_at": version.published_at.isoformat() + "Z", "note": version.note,
                "latest": version is report.latest,
                "page": url_for("public.report_version", period=report.period,
                                number=version.number, _external=True),
                "files": {SUFFIX_OF[f.kind]: {
                    "url": url_for("public.report_file", period=report.period,
                                   number=version.number, suffix=SUFFIX_OF[f.kind],
                                   _external=True),
                    "sha256": f.sha256, "bytes": f.size} for f in version.files},
            })
    document = {"office_code": office.code, "office_name_th": office.name_th,
                "dictionary": url_for("public.report_dictionary", _external=True),
                "reports": entries}
    return Response(json.dumps(document, ensure_ascii=False, indent=1),
                    content_type="application/json")


@bp.get("/open-data")
def open_data():
    """What the open data is, its dictionary, and every file to download."""
    from portal.reports.dictionary import dictionary_document

    office = current_office()
    return render_template("public/reports/open_data.html", office=office,
                           reports=published_reports(office), suffix_of=SUFFIX_OF,
                           dictionary=dictionary_document())

