"""Administration pages of the PDPA duties: retention schedule, legal holds, the purge log."""

from __future__ import annotations

from dataclasses import fields

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from portal.admin import bp
from portal.admin.scope import admin_office
from portal.extensions import db
from portal.models import Case
from portal.models.privacy import LegalHold, Processor, PurgeLogEntry, PurgeRun, RopaVersion
from portal.privacy.documents import render_pdf
from portal.privacy.forms import HOLD_KIND_LABELS, HoldForm, ProcessorForm, RetentionForm
from portal.privacy.holds import active_holds, place_hold, release_hold
from portal.privacy.ropa import content_of, current_ropa
from portal.privacy.schedule import RetentionDays, schedule_of, update_schedule

RUNS_PER_PAGE = 60


@bp.route("/privacy", methods=["GET", "POST"])
def privacy_retention():
    office = admin_office()
    schedule = schedule_of(office)
    form = RetentionForm(obj=schedule)
    if form.validate_on_submit():
        days = RetentionDays(**{f.name: getattr(form, f.name).data for f in fields(RetentionDays)})
        update_schedule(office, days, current_user)
        current_ropa(office)  # the record of processing states the retention
        db.session.commit()
        flash(_("บันทึกระยะเวลาเก็บรักษาข้อมูลแล้ว"), "success")
        return redirect(url_for("admin.privacy_retention"))
    return render_template("privacy/admin_retention.html", form=form, schedule=schedule)


@bp.route("/privacy/holds", methods=["GET", "POST"])
def privacy_holds():
    office = admin_office()
    form = HoldForm()
    if form.validate_on_submit():
        case = db.session.scalar(
            select(Case).where(
                Case.office_id == office.id, Case.number == form.case_number.data.strip().upper()
            )
        )
        if case is None:
            form.case_number.errors.append(_("ไม่พบเรื่องเลขนี้ในหน่วยงาน"))
        else:
            place_hold(case, form.kind.data, form.reason.data, form.holder.data, current_user)
            db.session.commit()
            flash(_("ระงับการลบข้อมูลของเรื่อง %(number)s แล้ว", number=case.number), "success")
            return redirect(url_for("admin.privacy_holds"))
    return render_template(
        "privacy/admin_holds.html", form=form, holds=active_holds(office.id), kinds=HOLD_KIND_LABELS
    )


@bp.post("/privacy/holds/<int:hold_id>/release")
def privacy_hold_release(hold_id: int):
    hold = db.session.get(LegalHold, hold_id)
    case = db.session.get(Case, hold.case_id) if hold else None
    if case is None or case.office_id != admin_office().id:
        abort(404)
    release_hold(hold, current_user)
    db.session.commit()
    flash(_("ยกเลิกการระงับการลบของเรื่อง %(number)s แล้ว", number=case.number), "success")
    return redirect(url_for("admin.privacy_holds"))


@bp.get("/privacy/purge-log")
def privacy_purge_log():
    office = admin_office()
    runs = db.session.scalars(
        select(PurgeRun)
        .where(PurgeRun.office_id == office.id)
        .order_by(PurgeRun.started_at.desc())
        .limit(RUNS_PER_PAGE)
    ).all()
    totals = db.session.execute(
        select(
            func.coalesce(func.sum(PurgeRun.contacts), 0),
            func.coalesce(func.sum(PurgeRun.attachments), 0),
            func.coalesce(func.sum(PurgeRun.texts), 0),
        ).where(PurgeRun.office_id == office.id)
    ).one()
    return render_template("privacy/admin_purge_log.html", runs=runs, totals=totals)


@bp.get("/privacy/purge-log/<int:run_id>")
def privacy_purge_run(run_id: int):
    run = db.session.get(PurgeRun, run_id)
    if run is None or run.office_id != admin_office().id:
        abort(404)
    entries = db.session.scalars(
        select(PurgeLogEntry)
        .where(PurgeLogEntry.run_id == run.id)
        .order_by(PurgeLogEntry.stage, PurgeLogEntry.id)
    ).all()
    return render_template("privacy/admin_purge_run.html", run=run, entries=entries)


@bp.route("/privacy/processors", methods=["GET", "POST"])
def privacy_processors():
    office = admin_office()
    form = ProcessorForm()
    if form.validate_on_submit():
        db.session.add(
            Processor(
                office_id=office.id,
                name=form.name.data,
                service=form.service.data,
                data_kinds=form.data_kinds.data or "",
                location=form.location.data or "",
                safeguards=form.safeguards.data or "",
            )
        )
        current_ropa(office)
        db.session.commit()
        flash(_("เพิ่มผู้ประมวลผลข้อมูลแล้ว บันทึกรายการกิจกรรมปรับปรุงแล้ว"), "success")
        return redirect(url_for("admin.privacy_processors"))
    processors = db.session.scalars(
        select(Processor).where(Processor.office_id == office.id).order_by(Processor.id)
    ).all()
    return render_template("privacy/admin_processors.html", form=form, processors=processors)


@bp.post("/privacy/processors/<int:processor_id>/delete")
def privacy_processor_delete(processor_id: int):
    processor = db.session.get(Processor, processor_id)
    if processor is None or processor.office_id != admin_office().id:
        abort(404)
    db.session.delete(processor)
    db.session.flush()
    current_ropa(admin_office())
    db.session.commit()
    flash(_("ลบผู้ประมวลผลข้อมูลแล้ว"), "success")
    return redirect(url_for("admin.privacy_processors"))


@bp.get("/privacy/ropa")
def privacy_ropa():
    office = admin_office()
    version = _version_or_current(office, request.args.get("version", type=int))
    versions = db.session.execute(
        select(RopaVersion.number, RopaVersion.created_at)
        .where(RopaVersion.office_id == office.id)
        .order_by(RopaVersion.number.desc())
    ).all()
    locale = str(get_locale() or "th")
    return render_template(
        "privacy/admin_ropa.html",
        version=version,
        versions=versions,
        ropa=content_of(version, locale),
        current_locale=locale,
    )


@bp.get("/privacy/ropa/v<int:number>.pdf")
def privacy_ropa_pdf(number: int):
    office = admin_office()
    version = _version_or_current(office, number)
    locale = str(get_locale() or "th")
    pdf = render_pdf(
        "privacy/ropa_pdf.html",
        locale,
        version=version,
        ropa=content_of(version, locale),
        office_name=office.name(locale),
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="ropa-v{version.number}.pdf"'},
    )


def _version_or_current(office, number: int | None) -> RopaVersion:
    if number is None:
        version = current_ropa(office)
        db.session.commit()  # a changed configuration is a new version, kept
        return version
    version = db.session.scalar(
        select(RopaVersion).where(RopaVersion.office_id == office.id, RopaVersion.number == number)
    )
    if version is None:
        abort(404)
    return version
