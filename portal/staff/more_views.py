"""Staff attachments, bulk assignment and cases recorded from other channels."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal import storage
from portal.cases import notify, workflow
from portal.cases.errors import CaseError
from portal.cases.inbox import bulk_assign as bulk_assign_cases
from portal.cases.submit import CaseSubmission, ContactDetails
from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.intake_settings import intake_settings
from portal.models import Attachment, CaseType, Channel, Office, OneTimePurpose, User, WorkGroup
from portal.public.choices import category_choices, school_choices
from portal.public.receipts import remember_fresh_receipt
from portal.security import inputs
from portal.security.access import can_screen
from portal.security.one_time import issue_mark
from portal.staff import bp, choices, option_cache
from portal.staff.case_views import load_case
from portal.staff.record_form import RecordCaseForm


@bp.get("/cases/<number>/files/<int:attachment_id>")
def attachment(number: str, attachment_id: int):
    case = load_case(number)
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.case_id != case.id:
        abort(404)
    response = storage.send(item.storage_key, mimetype=item.mimetype,
                            as_attachment=not item.is_image, download_name=item.original_name)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response


@bp.post("/bulk-assign")
def bulk_assign():
    ids = inputs.ids(request.form.getlist("case_ids"))
    group = _own(WorkGroup, request.form.get("work_group_id", type=inputs.database_id))
    assignee = _own(User, request.form.get("assignee_id", type=inputs.database_id))
    if not ids or (group is None and assignee is None):
        flash(_("กรุณาเลือกเรื่อง และกลุ่มงานหรือผู้รับผิดชอบ"), "error")
        return redirect(request.referrer or url_for("staff.inbox"))
    try:
        result = bulk_assign_cases(current_user, ids, group, assignee,
                                   on_assigned=notify.on_assigned)
    except CaseError as error:
        flash(str(error.message), "error")
        return redirect(url_for("staff.inbox"))
    db.session.commit()
    flash(_("มอบหมายแล้ว %(n)d เรื่อง", n=len(result.assigned)), "success")
    for skipped in result.skipped:
        flash(f"{skipped.number or skipped.case_id}: {skipped.reason}", "warning")
    return redirect(request.referrer or url_for("staff.inbox"))


def _own(model, ident):
    if ident is None:
        return None
    row = db.session.get(model, ident)
    if row is None or row.office_id != current_user.office_id:
        abort(404)
    return row


def bulk_choices(office: Office) -> dict[str, option_cache.Options]:
    """The bulk-assign panel's lists: work groups, and officers who may take cases by group.

    Rendered once per office, language and change of the lists (portal.staff.option_cache).
    """
    locale = str(get_locale() or "th")

    def keep() -> SelectChoice:
        return SelectChoice("", _("— ไม่เปลี่ยน —"))

    return {
        "groups": option_cache.cached(office, "bulk_groups", locale, lambda: (
            choices.work_group_choices(office.id, locale, keep()))),
        "users": option_cache.cached(office, "bulk_users", locale, lambda: (
            choices.assignee_choices(office.id, locale, keep()))),
    }


@bp.route("/cases/new", methods=["GET", "POST"])
def new_case():
    """Record a case that came by phone, letter, walk-in, e-mail, Facebook or LINE."""
    if not can_screen(current_user):
        abort(403)
    office = db.session.get(Office, current_user.office_id)
    form = RecordCaseForm()
    form.settings, form.category_types = intake_settings(office), tuple(CaseType)
    form.category_id.choices = category_choices(office, list(CaseType))
    form.school_id.choices = school_choices(office)
    form.channel.choices = [SelectChoice(c.value, label) for c, label in _channel_labels()]
    if request.method == "GET":
        form.received_on.data = to_local(utcnow()).date()  # most are recorded the day they come
    if form.validate_on_submit():
        try:
            submitted = workflow.record_case_from_channel(
                office, current_user, Channel(form.channel.data), form.received_on.data,
                _submission(form))
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            mark = issue_mark(OneTimePurpose.RECEIPT)
            db.session.commit()
            remember_fresh_receipt(submitted.case.number, submitted.receipt, mark)
            flash(_("บันทึกเรื่องแล้ว กรุณาแจ้งเลขรับเรื่องและรหัสติดตามแก่ผู้แจ้ง"), "success")
            return redirect(url_for("public.receipt"))
    status = 422 if form.is_submitted() else 200
    return render_template("staff/new_case.html", form=form, office=office), status


def _channel_labels():
    from portal.labels import CHANNEL

    return [(c, CHANNEL[c]) for c in workflow.OTHER_CHANNELS]


def _submission(form: RecordCaseForm) -> CaseSubmission:
    anonymous = bool(form.anonymous.data)
    return CaseSubmission(
        case_type=CaseType(form.case_type.data), subject=form.subject.data,
        description=form.description.data, category_id=form.category_id.data,
        school_id=form.school_id.data, place_text=form.place_text.data or "",
        occurred_on=form.occurred_on.data, respondent=form.respondent.data or "",
        anonymous=anonymous,
        contact=ContactDetails(name=form.name.data or "", phone=form.phone.data or "",
                               email=form.email.data or "", line_id=form.line_id.data or ""),
        files=form.attachments.clean_files, channel=Channel(form.channel.data),
    )
