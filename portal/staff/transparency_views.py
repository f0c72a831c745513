"""Staff pages for transparency: the director reviews and publishes reports; staff find the
ITA participation reports (written and approved on the publishing pages)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal import clock
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.ita.participation import recent_participation
from portal.links import public_url
from portal.models import Office, Role
from portal.newsroom.labels import ITEM_STATES, VERSION_STATES
from portal.publishing.rules import can_draft_participation
from portal.reports.period_choices import period_choices
from portal.reports.periods import PeriodError
from portal.reports.publishing import (
    find_report,
    is_served,
    prepare_report,
    prepared_reports,
    publish_report,
    publishable_period,
)
from portal.staff import bp
from portal.staff.transparency_forms import PrepareReportForm, PublishReportForm


def _office() -> Office:
    return db.session.get(Office, current_user.office_id)


def _director_only() -> None:
    if not current_user.has_role(Role.DIRECTOR):
        abort(403)


def _period_or_404(key: str):
    try:
        return publishable_period(key)
    except (PeriodError, CaseError):
        abort(404)


@bp.route("/transparency", methods=["GET", "POST"])
def transparency():
    _director_only()
    office = _office()
    form = PrepareReportForm()
    form.period.choices = _ended_periods(office)
    if form.validate_on_submit():
        try:
            period = publishable_period(form.period.data)
            prepare_report(office, period)
        except PeriodError:
            form.period.errors.append(_("กรุณาเลือกช่วงเวลาจากรายการ"))
        except CaseError as error:
            form.period.errors.append(error.message)
        else:
            db.session.commit()
            return redirect(url_for("staff.report_review", period=period.key))
    status = 422 if request.method == "POST" else 200
    return render_template("staff/transparency/index.html", form=form,
                           reports=prepared_reports(office), is_served=is_served), status


def _ended_periods(office: Office) -> dict[str, list[tuple[str, str]]]:
    """Periods that have ended, in words, grouped by kind (the select's optgroups)."""
    today = clock.to_local(clock.utcnow()).date()
    return dict(period_choices(office.id, today, str(get_locale() or "th"), ended_only=True))


@bp.get("/transparency/<period>")
def report_review(period: str):
    """The draft as it would be published now, beside the versions already published."""
    from portal.reports.figures import compute_figures

    _director_only()
    office = _office()
    chosen = _period_or_404(period)
    report = find_report(office, chosen.key)
    figures = compute_figures(office.id, chosen, public=True)
    return render_template("staff/transparency/review.html", period=chosen, report=report,
                           figures=figures, form=PublishReportForm(), is_served=is_served)


@bp.post("/transparency/<period>")
def report_publish(period: str):
    """First the confirmation (what will be public), then, confirmed, the publication."""
    _director_only()
    office = _office()
    chosen = _period_or_404(period)
    form = PublishReportForm()
    report = find_report(office, chosen.key)
    if form.validate_on_submit():
        if form.confirmed.data == "yes":
            return _publish(office, chosen, form) or _review_again(office, chosen, form)
        if report and report.versions and not (form.note.data or "").strip():
            form.note.errors.append(_("ฉบับแก้ไขต้องมีหมายเหตุว่าแก้ไขอะไร เพราะเหตุใด"))
        else:
            return _confirmation(office, chosen, report, form)
    return _review_again(office, chosen, form)


def _publish(office: Office, period, form: PublishReportForm):
    """Publishes and redirects to the new version; None (with the error on the form) if refused."""
    try:
        version = publish_report(office, period, publisher=current_user, note=form.note.data or "")
    except CaseError as error:
        form.note.errors.append(error.message)
        return None
    db.session.commit()
    flash(_("เผยแพร่รายงานฉบับที่ %(n)d แล้ว", n=version.number), "success")
    return redirect(url_for("public.report_version", period=period.key, number=version.number))


def _review_again(office: Office, chosen, form: PublishReportForm):
    from portal.reports.figures import compute_figures

    figures = compute_figures(office.id, chosen, public=True)
    return render_template("staff/transparency/review.html", period=chosen,
                           report=find_report(office, chosen.key), figures=figures,
                           form=form, is_served=is_served), 422


def _confirmation(office: Office, period, report, form: PublishReportForm):
    """What publishing will put before the public, and the button that does it."""
    from portal.reports.figures import compute_figures

    number = len(report.versions) + 1 if report else 1
    form.confirmed.data = "yes"
    return render_template(
        "staff/transparency/confirm.html", period=period, form=form, number=number,
        figures=compute_figures(office.id, period, public=True),
        public_url=public_url("public.report_version", period=period.key, number=number))


@bp.get("/participation")
def participation():
    """The office's participation reports in every state; each opens on the publishing pages,
    where it is drafted, checked for personal data and approved by a second person."""
    return render_template("staff/participation.html", rows=recent_participation(_office()),
                           may_write=can_draft_participation(current_user),
                           item_states=ITEM_STATES, version_states=VERSION_STATES)
