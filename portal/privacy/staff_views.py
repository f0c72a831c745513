"""Staff pages: the queue of erasure and objection requests, and what is held about oneself."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from portal.auth import bp as auth_bp
from portal.clock import utcnow
from portal.extensions import db
from portal.models import (
    AccountAuditEntry,
    Attachment,
    Case,
    CaseEvent,
    CaseView,
    Role,
    SignInRecord,
)
from portal.models.privacy import EvidenceMark, LegalHold, PrivacyRequest
from portal.privacy.forms import HOLD_KIND_LABELS, REQUEST_KIND_LABELS, CaseHoldForm, DecisionForm
from portal.privacy.holds import mark_evidence, place_hold, release_hold
from portal.privacy.rights import (
    DEFAULT_REFUSAL_GROUND,
    RequestError,
    decide_request,
    open_requests,
)
from portal.staff import bp

QUEUE_ROLES = (Role.DIRECTOR, Role.INTAKE, Role.INTEGRITY)
# Who keeps a case or a file from the purge, from the case page.
HOLD_ROLES = (Role.DIRECTOR, Role.INTEGRITY)
OWN_DATA_ROWS = 200


def _require_queue_role() -> None:
    if not current_user.has_role(*QUEUE_ROLES):
        abort(403)


@bp.get("/privacy-requests")
def privacy_requests():
    _require_queue_role()
    return render_template(
        "privacy/staff_requests.html",
        rows=open_requests(current_user.office_id),
        kinds=REQUEST_KIND_LABELS,
        now=utcnow(),
    )


@bp.route("/privacy-requests/<int:request_id>", methods=["GET", "POST"])
def privacy_request_decide(request_id: int):
    _require_queue_role()
    request = db.session.get(PrivacyRequest, request_id)
    if request is None or request.office_id != current_user.office_id:
        abort(404)
    case = db.session.get(Case, request.case_id)
    form = DecisionForm(legal_ground=DEFAULT_REFUSAL_GROUND)
    if form.validate_on_submit():
        try:
            decide_request(
                request,
                grant=form.decision.data == "grant",
                user=current_user,
                note=form.note.data or "",
                legal_ground=form.legal_ground.data or "",
            )
        except RequestError:
            form.legal_ground.errors.append(_("การปฏิเสธต้องระบุฐานทางกฎหมาย"))
        else:
            db.session.commit()
            flash(_("บันทึกผลการพิจารณาคำขอแล้ว"), "success")
            return redirect(url_for("staff.privacy_requests"))
    return render_template(
        "privacy/staff_request.html",
        request_row=request,
        case=case,
        form=form,
        kinds=REQUEST_KIND_LABELS,
        now=utcnow(),
    )


@auth_bp.get("/account/my-data")
@login_required
def my_data():
    """What the portal holds about the signed-in staff member: sign-ins, actions, views."""
    user = current_user
    sign_ins = db.session.scalars(
        select(SignInRecord)
        .where(SignInRecord.user_id == user.id)
        .order_by(SignInRecord.id.desc())
        .limit(OWN_DATA_ROWS)
    ).all()
    account = db.session.scalars(
        select(AccountAuditEntry)
        .where(or_(AccountAuditEntry.actor_id == user.id, AccountAuditEntry.target_id == user.id))
        .order_by(AccountAuditEntry.id.desc())
        .limit(OWN_DATA_ROWS)
    ).all()
    actions = db.session.execute(
        select(CaseEvent.created_at, CaseEvent.kind, Case.number)
        .join(Case, Case.id == CaseEvent.case_id)
        .where(CaseEvent.actor_user_id == user.id)
        .order_by(CaseEvent.id.desc())
        .limit(OWN_DATA_ROWS)
    ).all()
    views = db.session.execute(
        select(CaseView.created_at, CaseView.kind, CaseView.ip_address, Case.number)
        .join(Case, Case.id == CaseView.case_id)
        .where(CaseView.user_id == user.id)
        .order_by(CaseView.id.desc())
        .limit(OWN_DATA_ROWS)
    ).all()
    return render_template(
        "privacy/my_data.html",
        user=user,
        sign_ins=sign_ins,
        account=account,
        actions=actions,
        views=views,
    )


def case_privacy_panel(case: Case) -> dict | None:
    """The case page's retention panel (holds, evidence files) for a director or integrity
    officer; None for anyone else."""
    if not current_user.has_role(*HOLD_ROLES):
        return None
    holds = db.session.scalars(
        select(LegalHold)
        .where(LegalHold.case_id == case.id)
        .order_by(LegalHold.released_at.is_not(None), LegalHold.placed_at.desc())
    ).all()
    marked = set(
        db.session.scalars(
            select(EvidenceMark.attachment_id)
            .join(Attachment, Attachment.id == EvidenceMark.attachment_id)
            .where(Attachment.case_id == case.id)
        )
    )
    return {
        "holds": holds,
        "kinds": HOLD_KIND_LABELS,
        "form": CaseHoldForm(formdata=None, prefix="hold"),
        "files": [(a, a.id in marked) for a in case.attachments],
    }


bp.add_app_template_global(case_privacy_panel, "case_privacy_panel")


def _hold_case(number: str) -> Case:
    from portal.staff.case_views import load_case

    if not current_user.has_role(*HOLD_ROLES):
        abort(403)
    return load_case(number)


def _back(case: Case):
    return redirect(url_for("staff.case_detail", number=case.number) + "#retention")


@bp.post("/cases/<number>/holds")
def case_hold_place(number: str):
    case = _hold_case(number)
    form = CaseHoldForm(prefix="hold")
    if not form.validate_on_submit():
        flash(_("ระบุเหตุ รายละเอียดเหตุผล และผู้ขอให้เก็บ ให้ครบ"), "error")
        return _back(case)
    place_hold(case, form.kind.data, form.reason.data, form.holder.data, current_user)
    db.session.commit()
    flash(_("ระงับการลบข้อมูลของเรื่อง %(number)s แล้ว", number=case.number), "success")
    return _back(case)


@bp.post("/cases/<number>/holds/<int:hold_id>/release")
def case_hold_release(number: str, hold_id: int):
    case = _hold_case(number)
    hold = db.session.get(LegalHold, hold_id)
    if hold is None or hold.case_id != case.id:
        abort(404)
    release_hold(hold, current_user)
    db.session.commit()
    flash(_("ยกเลิกการระงับการลบของเรื่อง %(number)s แล้ว", number=case.number), "success")
    return _back(case)


@bp.post("/cases/<number>/attachments/<int:attachment_id>/evidence")
def case_mark_evidence(number: str, attachment_id: int):
    case = _hold_case(number)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.case_id != case.id:
        abort(404)
    mark_evidence(attachment, current_user)
    db.session.commit()
    flash(_("เก็บไฟล์ %(name)s เป็นพยานหลักฐานแล้ว", name=attachment.original_name), "success")
    return _back(case)
