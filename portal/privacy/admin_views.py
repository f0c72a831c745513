"""Administration pages of the PDPA duties: retention schedule, legal holds, the purge log."""

from __future__ import annotations

from dataclasses import fields

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from portal.admin import bp
from portal.admin.scope import admin_office
from portal.extensions import db
from portal.models import Case
from portal.models.privacy import LegalHold, PurgeLogEntry, PurgeRun
from portal.privacy.forms import HOLD_KIND_LABELS, HoldForm, RetentionForm
from portal.privacy.holds import active_holds, place_hold, release_hold
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
