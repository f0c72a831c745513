"""The reporter's verdict on a resolved case: confirm, dispute, rate."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.cases import workflow
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.tenancy import current_office
from portal.tracking import bp
from portal.tracking.forms import RatingForm, ReporterMessageForm, VerdictForm
from portal.tracking.limits import take_reporter_write
from portal.tracking.views import NO_STORE, _granted_case


@bp.post("/<number>/verdict/<choice>")
def verdict(number: str, choice: str):
    case = _granted_case(number)
    if not take_reporter_write(case.number):
        abort(429)
    form = VerdictForm()
    if choice not in ("confirm", "dispute") or not form.validate_on_submit():
        return _again(case, verdict_form=form)
    try:
        if choice == "confirm":
            workflow.confirm_outcome(case)
        else:
            workflow.dispute_outcome(case, form.reason.data or "")
    except CaseError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _again(case, verdict_form=form)
    db.session.commit()
    flash(_("ขอบคุณ เราได้รับคำยืนยันของท่านแล้ว") if choice == "confirm" else
          _("เราเปิดเรื่องของท่านอีกครั้งเพื่อพิจารณาข้อโต้แย้ง"), "success")
    return redirect(url_for("tracking.show", number=number))


@bp.post("/<number>/rating")
def rate(number: str):
    case = _granted_case(number)
    if not take_reporter_write(case.number):
        abort(429)
    form = RatingForm()
    if form.validate_on_submit():
        try:
            workflow.rate_handling(case, int(form.rating.data), form.comment.data or "")
        except CaseError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            edited = len(workflow.rating_history(case)) > 1
            db.session.commit()
            flash(_("บันทึกการแก้ไขการประเมินแล้ว") if edited
                  else _("ขอบคุณสำหรับการประเมิน"), "success")
            return redirect(url_for("tracking.show", number=number))
    return _again(case, rating_form=form)


def _again(case, **forms):
    return render_template(
        "tracking/case.html", case=case, form=ReporterMessageForm(), office=current_office(),
        **feedback_forms(case, **forms)), 422, NO_STORE


def feedback_forms(case, verdict_form=None, rating_form=None) -> dict:
    """What the tracking page offers once a case is resolved."""
    open_ = workflow.feedback_open(case)
    given = workflow.satisfaction_of(case)
    if rating_form is None:
        # An edit starts from what was given: a new score never blanks the comment unasked.
        data = {"rating": str(given.rating), "comment": given.comment} if given else None
        rating_form = RatingForm(formdata=None, data=data)
    return {
        "feedback_open": open_,
        "verdict_open": open_ and case.status.value == "resolved"
        and not workflow.answered_this_round(case),
        "verdict_form": verdict_form or VerdictForm(formdata=None),
        "rating_form": rating_form,
        "satisfaction": given,
        "rating_labels": dict(RatingForm.rating_labels()),
    }
