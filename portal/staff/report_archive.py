"""The report archive: every published version, including those no longer served publicly.

A version published under older disclosure rules stops being served once a correction under
the current rules replaces it; the director, integrity officers and administrators can still
read it, its page and its files, here. The same views serve the staff blueprint (director,
integrity) and the admin blueprint (administrators), each behind its own role check.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from portal.extensions import db
from portal.models import Office, Role
from portal.public.report_views import SUFFIX_OF, SUFFIXES
from portal.reports.periods import parse_period
from portal.reports.publishing import archived_versions, is_served, version_of

ARCHIVE_ROLES = {"staff": (Role.DIRECTOR, Role.INTEGRITY), "admin": (Role.ADMIN,)}


def _office() -> Office:
    blueprint = request.blueprint or ""
    if not current_user.has_role(*ARCHIVE_ROLES.get(blueprint, ())):
        abort(403)
    return db.session.get(Office, current_user.office_id)


def report_archive():
    office = _office()
    return render_template("reports/archive.html", office=office,
                           versions=archived_versions(office), is_served=is_served,
                           layout=f"{request.blueprint}/layout.html")


def archived_version(period: str, number: int):
    office = _office()
    version = version_of(office, period, number)
    if version is None:
        abort(404)
    return render_template("reports/archive_version.html", office=office,
                           report=version.report, version=version, figures=version.figures,
                           period=parse_period(version.report.period), suffix_of=SUFFIX_OF,
                           served=is_served(version), layout=f"{request.blueprint}/layout.html")


def archived_file(period: str, number: int, suffix: str):
    office = _office()
    kind = SUFFIXES.get(suffix)
    version = version_of(office, period, number) if kind else None
    stored = version.file(kind) if version else None
    if stored is None:
        abort(404)
    response = Response(stored.data, content_type=stored.content_type)
    name = f"{office.code}-{period}-v{number}.{suffix}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def register(bp: Blueprint, prefix: str) -> None:
    """The archive's routes on ``bp`` under ``prefix`` (e.g. ``/report-archive``)."""
    bp.add_url_rule(prefix, "report_archive", report_archive)
    bp.add_url_rule(f"{prefix}/<period>/v<int:number>", "archived_version", archived_version)
    bp.add_url_rule(f"{prefix}/<period>/v<int:number>.<path:suffix>", "archived_file",
                    archived_file)
