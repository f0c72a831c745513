"""Tracking views: look up, read the public timeline, reply, download files."""

from __future__ import annotations

import time

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import storage
from portal.cases.errors import CaseError
from portal.cases.idempotency import remember_reply, reply_already_sent
from portal.cases.tracking import add_reporter_message, find_case_by_receipt, normalise_number
from portal.extensions import db
from portal.models import Attachment, Case, Visibility
from portal.publishing.board import published_outcome_of
from portal.referral import tracking_views as referral
from portal.security import throttle
from portal.tenancy import current_office
from portal.tracking import bp
from portal.tracking.forms import LookupForm, ReporterMessageForm
from portal.tracking.limits import take_reporter_write

GRANT_KEY = "tracking"
GRANT_SECONDS = 30 * 60
MAX_GRANTS = 5
NO_STORE = {"Cache-Control": "no-store"}


def _grant(number: str) -> None:
    now = time.time()
    grants = {n: t for n, t in session.get(GRANT_KEY, {}).items() if t > now}
    grants[number] = now + GRANT_SECONDS
    session[GRANT_KEY] = dict(sorted(grants.items(), key=lambda kv: kv[1])[-MAX_GRANTS:])


class NotGranted(Exception):
    """This browser has not opened the case with its receipt lately (or never did)."""


def _granted_case(number: str) -> Case:
    """The case this browser opened with its receipt in the last half hour.

    Raises NotGranted otherwise, whether or not the case exists: the answer (the lookup form
    with the number filled in) must not tell the two apart.
    """
    expiry = session.get(GRANT_KEY, {}).get(number)
    if expiry is None or expiry < time.time():
        raise NotGranted
    case = db.session.scalar(
        select(Case).where(Case.office_id == current_office().id, Case.number == number)
    )
    if case is None:
        raise NotGranted
    return case


@bp.errorhandler(NotGranted)
def ask_for_receipt_again(_error):
    """An expired (or never opened) tracking session: the lookup form, number filled in."""
    number = normalise_number(request.view_args.get("number", "") if request.view_args else "")
    form = LookupForm(formdata=None, number=number[:32], pending=_unsent_message())
    return render_template(
        "tracking/lookup.html", form=form, office=current_office(), expired=True,
    ), 403, NO_STORE


def _unsent_message() -> str:
    """The message a reporter sent from their own case page after the session ran out.

    CSRFProtect has already refused a post from another site, so the words are the reporter's.
    """
    if request.method != "POST" or request.endpoint != "tracking.add_message":
        return ""
    return (request.form.get("body") or "").strip()[:5000]


@bp.route("", methods=["GET", "POST"])
def lookup():
    form = LookupForm()
    if request.method == "GET" and request.args.get("number"):
        form.number.data = normalise_number(request.args["number"])[:32]
    if form.validate_on_submit():
        number = normalise_number(form.number.data)[:32]
        keys = throttle.receipt_keys(get_remote_address(), number)
        if throttle.blocked(*keys):
            abort(429)
        case = find_case_by_receipt(current_office(), number, form.receipt.data) \
            or referral.case_by_old_receipt(current_office(), number, form.receipt.data)
        if case is None:
            throttle.record_failure(*keys)
            form.receipt.errors.append(
                _("เลขรับเรื่องหรือรหัสติดตามไม่ถูกต้อง กรุณาตรวจสอบแล้วลองอีกครั้ง")
            )
            return render_template("tracking/lookup.html", form=form, office=current_office(),
                                   expired=bool(form.pending.data)), 422, NO_STORE
        _grant(case.number)
        if (moved := referral.moved_to(case)) is not None:
            return moved
        if form.pending.data:
            return _show_unsent(case, form.pending.data)
        return redirect(url_for("tracking.show", number=case.number))
    status = 422 if request.method == "POST" else 200
    return render_template("tracking/lookup.html", form=form, office=current_office(),
                           expired=bool(form.pending.data)), status, NO_STORE


@bp.get("/<number>")
def show(number: str):
    case = _granted_case(number)
    if (moved := referral.moved_to(case)) is not None:
        return moved
    from portal.tracking.feedback_views import feedback_forms

    return render_template(
        "tracking/case.html", case=case, form=ReporterMessageForm(), office=current_office(),
        published_outcome=published_outcome_of(case), **feedback_forms(case),
    ), 200, NO_STORE


def _show_unsent(case: Case, body: str):
    """The case page with the message typed before the session ran out, ready to send."""
    from portal.tracking.feedback_views import feedback_forms

    flash(_("ข้อความที่ท่านพิมพ์ไว้ยังไม่ได้ส่ง กรุณาตรวจสอบแล้วกดปุ่มส่งข้อมูลเพิ่มเติมอีกครั้ง "
            "(ไฟล์แนบต้องเลือกใหม่)"), "info")
    return render_template(
        "tracking/case.html", case=case, form=ReporterMessageForm(formdata=None, body=body),
        office=current_office(), published_outcome=published_outcome_of(case),
        **feedback_forms(case),
    ), 200, NO_STORE


@bp.post("/<number>/messages")
def add_message(number: str):
    case = _granted_case(number)
    if not take_reporter_write(case.number):
        abort(429)
    form = ReporterMessageForm()
    if form.validate_on_submit():
        key = form.reply_key.data or None
        if key and reply_already_sent(key):  # the same form again: added once already
            return _reply_sent(number)
        try:
            add_reporter_message(case, form.body.data or "", form.attachments.clean_files)
            if key:
                remember_reply(key, case)
            db.session.commit()
        except CaseError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        except IntegrityError:
            db.session.rollback()  # sent twice at once: the other request added it
            if not (key and reply_already_sent(key)):
                raise
            return _reply_sent(number)
        else:
            return _reply_sent(number)
    from portal.tracking.feedback_views import feedback_forms

    return render_template(
        "tracking/case.html", case=case, form=form, office=current_office(),
        published_outcome=published_outcome_of(case), **feedback_forms(case),
    ), 422, NO_STORE


def _reply_sent(number: str):
    flash(_("ส่งข้อมูลเพิ่มเติมเรียบร้อยแล้ว เจ้าหน้าที่จะเห็นข้อมูลนี้ในเรื่องของท่าน"), "success")
    return redirect(url_for("tracking.show", number=number))


@bp.get("/<number>/files/<int:attachment_id>")
def attachment(number: str, attachment_id: int):
    case = _granted_case(number)
    item = db.session.get(Attachment, attachment_id)
    public = item is not None and (
        item.event is None or item.event.visibility is Visibility.PUBLIC
    )
    if item is None or item.case_id != case.id or not public:
        abort(404)
    response = storage.send(item.storage_key, mimetype=item.mimetype,
                            as_attachment=not item.is_image, download_name=item.original_name)
    response.headers["Cache-Control"] = "private, no-store"
    # A PDF opened in the browser must not run script or reach anything.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response


@bp.post("/signout")
def sign_out():
    session.pop(GRANT_KEY, None)
    flash(_("ปิดการติดตามเรื่องในเครื่องนี้แล้ว"), "info")
    return redirect(url_for("public.home"))
