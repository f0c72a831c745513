"""Administration pages of the breach register, its drafts, and the 72-hour clock."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.admin import bp
from portal.admin.scope import admin_office
from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.models import Role
from portal.models.privacy import Breach
from portal.privacy.breaches import (
    NOTIFY_WITHIN,
    BreachError,
    BreachFields,
    breach_clock,
    close_breach,
    edits_of,
    mark_pdpc_notified,
    parse_moment,
    record_breach,
    update_breach,
)
from portal.privacy.documents import render_pdf
from portal.privacy.forms import DECISION_LABELS, RISK_LABELS, BreachForm

DECISIONS = {"": None, "yes": True, "no": False}
BREACH_ERRORS = {
    "title": _("กรุณากรอกช่องนี้"),
    "discovered_at": _("วันเวลาที่พบเหตุต้องไม่อยู่ในอนาคต"),
    "no_notify_reason": _("เมื่อตัดสินใจไม่แจ้ง ต้องบันทึกเหตุผล"),
    "no_people_reason": _("เมื่อตัดสินใจไม่แจ้ง ต้องบันทึกเหตุผล"),
    "notify_pdpc": _("ต้องตัดสินใจเรื่องการแจ้งก่อนปิดเหตุการณ์"),
    "notify_people": _("ต้องตัดสินใจเรื่องการแจ้งก่อนปิดเหตุการณ์"),
}


@bp.app_context_processor
def breach_clock_context():
    """The 72-hour clock for the staff and admin layouts, while a breach is open."""
    if (
        not has_request_context()
        or not current_user.is_authenticated
        or request.blueprint
        not in (
            "staff",
            "admin",
            "auth",
            "newsroom",
        )
    ):
        return {}
    if "breach_clock" not in g:
        g.breach_clock = breach_clock(current_user.office_id)
    may_open = current_user.has_role(Role.ADMIN)
    return {"breach_clock": g.breach_clock, "breach_clock_link": may_open}


def _breach_or_404(breach_id: int) -> Breach:
    breach = db.session.get(Breach, breach_id)
    if breach is None or breach.office_id != admin_office().id:
        abort(404)
    return breach


def _fields(form: BreachForm) -> BreachFields:
    return BreachFields(
        title=form.title.data or "",
        discovered_at=parse_moment(form.discovered_at.data),
        description=form.description.data or "",
        data_kinds=form.data_kinds.data or "",
        people_count=form.people_count.data or 0,
        risk=form.risk.data,
        risk_assessment=form.risk_assessment.data or "",
        measures=form.measures.data or "",
        notify_pdpc=DECISIONS[form.notify_pdpc.data],
        no_notify_reason=form.no_notify_reason.data or "",
        notify_people=DECISIONS[form.notify_people.data],
        no_people_reason=form.no_people_reason.data or "",
    )


def _save(form: BreachForm, breach: Breach | None):
    try:
        values = _fields(form)
    except ValueError:
        form.discovered_at.errors.append(_("กรุณากรอกวันเวลา เช่น 6/12/2569 14:30"))
        return None
    try:
        if breach is None:
            breach = record_breach(admin_office(), values, current_user)
        else:
            update_breach(breach, values, current_user)
    except BreachError as error:
        getattr(form, error.field).errors.append(BREACH_ERRORS[error.field])
        db.session.rollback()
        return None
    db.session.commit()
    return breach


@bp.route("/privacy/breaches", methods=["GET", "POST"])
def privacy_breaches():
    office = admin_office()
    form = BreachForm()
    if form.validate_on_submit():
        breach = _save(form, None)
        if breach is not None:
            flash(_("บันทึกเหตุละเมิดแล้ว นับเวลา 72 ชั่วโมงจากเวลาที่พบเหตุ"), "success")
            return redirect(url_for("admin.privacy_breach", breach_id=breach.id))
    breaches = db.session.scalars(
        select(Breach).where(Breach.office_id == office.id).order_by(Breach.discovered_at.desc())
    ).all()
    return render_template(
        "privacy/admin_breaches.html",
        form=form,
        breaches=breaches,
        risks=RISK_LABELS,
        within=NOTIFY_WITHIN,
    )


@bp.route("/privacy/breaches/<int:breach_id>", methods=["GET", "POST"])
def privacy_breach(breach_id: int):
    breach = _breach_or_404(breach_id)
    form = BreachForm(obj=breach)
    if request.method == "GET":
        form.discovered_at.data = (
            to_local(breach.discovered_at).strftime("%d/%m/")
            + str(to_local(breach.discovered_at).year + 543)
            + to_local(breach.discovered_at).strftime(" %H:%M")
        )
        form.notify_pdpc.data = {None: "", True: "yes", False: "no"}[breach.notify_pdpc]
        form.notify_people.data = {None: "", True: "yes", False: "no"}[breach.notify_people]
    saved = form.validate_on_submit() and breach.closed_at is None and _save(form, breach)
    if saved:
        flash(_("บันทึกการแก้ไขแล้ว"), "success")
        return redirect(url_for("admin.privacy_breach", breach_id=breach.id))
    return render_template(
        "privacy/admin_breach.html",
        breach=breach,
        form=form,
        edits=edits_of(breach),
        field_labels=_field_labels(form),
        risks=RISK_LABELS,
        decisions=DECISION_LABELS,
        deadline=breach.discovered_at + NOTIFY_WITHIN,
        now=utcnow(),
        office=admin_office(),
    )


def _field_labels(form: BreachForm) -> dict:
    labels = {name: field.label.text for name, field in form._fields.items()}
    labels.update(closed_at=_("ปิดเหตุการณ์"), pdpc_notified_at=_("แจ้ง สคส. แล้ว"))
    return labels


@bp.post("/privacy/breaches/<int:breach_id>/close")
def privacy_breach_close(breach_id: int):
    breach = _breach_or_404(breach_id)
    try:
        close_breach(breach, current_user)
    except BreachError as error:
        flash(BREACH_ERRORS[error.field], "error")
        return redirect(url_for("admin.privacy_breach", breach_id=breach.id))
    db.session.commit()
    flash(_("ปิดเหตุการณ์แล้ว"), "success")
    return redirect(url_for("admin.privacy_breaches"))


@bp.post("/privacy/breaches/<int:breach_id>/notified")
def privacy_breach_notified(breach_id: int):
    breach = _breach_or_404(breach_id)
    if breach.pdpc_notified_at is None:
        mark_pdpc_notified(breach, current_user)
        db.session.commit()
        flash(_("บันทึกว่าแจ้งสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคลแล้ว"), "success")
    return redirect(url_for("admin.privacy_breach", breach_id=breach.id))


@bp.get("/privacy/breaches/<int:breach_id>/pdpc.pdf")
def privacy_breach_pdpc_pdf(breach_id: int):
    return _breach_pdf(breach_id, "pdpc")


@bp.get("/privacy/breaches/<int:breach_id>/people.pdf")
def privacy_breach_people_pdf(breach_id: int):
    return _breach_pdf(breach_id, "people")


def _breach_pdf(breach_id: int, kind: str):
    breach = _breach_or_404(breach_id)
    office = admin_office()
    locale = str(get_locale() or "th")
    pdf = render_pdf(
        f"privacy/breach_{kind}_pdf.html",
        locale,
        breach=breach,
        office=office,
        office_name=office.name_th,
        deadline=breach.discovered_at + NOTIFY_WITHIN,
        risks=RISK_LABELS,
        now=utcnow(),
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="breach-{breach.id}-{kind}.pdf"'},
    )
