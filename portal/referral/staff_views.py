"""Staff: transfer a case to another office; the page of either side says so."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from portal.cases.errors import CaseError, StaleCase
from portal.extensions import db
from portal.models import Office
from portal.referral.forms import TransferForm
from portal.referral.services import (
    incoming,
    is_confidential,
    may_transfer,
    outgoing,
    receiving_offices,
    transfer_case,
)
from portal.staff import bp
from portal.staff.case_views import load_case


@bp.context_processor
def referral_context():
    """For staff/case.html: the transfer that brought or took a case, and who may move it."""
    return {
        "case_transfer": _transfer_facts,
        "may_transfer_case": lambda case: may_transfer(current_user, case),
    }


def _transfer_facts(case) -> dict | None:
    came = incoming(case)
    if came is not None:
        return {
            "incoming": True,
            "office": came.from_office,
            "reason": came.reason,
            "at": came.created_at,
            "old_number": came.from_number,
        }
    went = outgoing(case)
    if went is not None:  # the other office's case is not linked: its staff only see it
        return {
            "incoming": False,
            "office": went.to_office,
            "reason": went.reason,
            "at": went.created_at,
            "old_number": None,
        }
    return None


@bp.route("/cases/<number>/transfer", methods=["GET", "POST"])
def transfer(number: str):
    case = load_case(number)
    if not may_transfer(current_user, case):
        abort(403)
    offices = receiving_offices(case)
    form = TransferForm(version=case.lock_version)
    form.office_id.choices = [(0, _("— เลือกสำนักงาน —"))] + [
        (o.id, f"{o.code} · {o.name_th}") for o in offices
    ]
    if form.validate_on_submit():
        target = db.session.get(Office, form.office_id.data)
        if target is None or target not in offices:
            abort(400)
        try:
            moved = transfer_case(
                case, current_user, target, form.reason.data or "", form.version.data
            )
        except (StaleCase, StaleDataError):
            db.session.rollback()
            flash(str(StaleCase().message), "error")
        except CaseError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(
                _(
                    "โอนเรื่องไป %(office)s แล้ว ผู้แจ้งใช้รหัสติดตามเดิมได้ที่สำนักงานใหม่",
                    office=moved.to_office.name_th,
                ),
                "success",
            )
            return redirect(url_for("staff.case_detail", number=case.number))
    status = 422 if form.errors else 200
    return render_template(
        "referral/transfer.html", case=case, form=form, confidential=is_confidential(case)
    ), status
