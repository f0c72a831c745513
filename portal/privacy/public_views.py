"""The reporter's privacy page: a copy of their data, correction, erasure or objection.

Reached from the case page after the receipt was given (the tracking session's grant).
"""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from portal.cases.submit import ContactDetails
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Visibility
from portal.privacy.documents import render_pdf
from portal.privacy.forms import REQUEST_KIND_LABELS, CorrectionForm, ErasureForm
from portal.privacy.rights import (
    case_data,
    correct_contact,
    export_zip,
    request_erasure,
    requests_of,
)
from portal.tenancy import current_office
from portal.tracking import bp
from portal.tracking.views import NO_STORE, _granted_case


def _page(case, correction=None, erasure=None, status=200):
    contact = case.contact
    correction = correction or CorrectionForm(
        name=contact.name if contact else "",
        phone=contact.phone if contact else "",
        email=contact.email if contact else "",
        line_id=contact.line_id if contact else "",
    )
    return (
        render_template(
            "privacy/track_privacy.html",
            case=case,
            office=current_office(),
            correction=correction,
            erasure=erasure or ErasureForm(),
            requests=requests_of(case),
            kinds=REQUEST_KIND_LABELS,
        ),
        status,
        NO_STORE,
    )


@bp.get("/<number>/privacy")
def privacy_page(number: str):
    return _page(_granted_case(number))


@bp.get("/<number>/privacy/my-data.zip")
def privacy_export(number: str):
    case = _granted_case(number)
    office = current_office()
    locale = str(get_locale() or "th")
    pdf = render_pdf(
        "privacy/export_pdf.html",
        locale,
        data=case_data(case),
        case=case,
        case_events=[e for e in case.events if e.visibility is Visibility.PUBLIC],
        generated=utcnow(),
        office_name=office.name_en if locale == "en" and office.name_en else office.name_th,
    )
    body = export_zip(case, pdf)
    return Response(
        body,
        mimetype="application/zip",
        headers={
            **NO_STORE,
            "Content-Disposition": f'attachment; filename="{case.number}-data.zip"',
        },
    )


@bp.post("/<number>/privacy/contact")
def privacy_correct(number: str):
    case = _granted_case(number)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return _page(case, correction=form, status=422)
    correct_contact(
        case,
        ContactDetails(
            name=form.name.data or "",
            phone=form.phone.data or "",
            email=form.email.data or "",
            line_id=form.line_id.data or "",
        ),
    )
    db.session.commit()
    flash(_("แก้ไขข้อมูลติดต่อของท่านแล้ว"), "success")
    return redirect(url_for("tracking.privacy_page", number=case.number))


@bp.post("/<number>/privacy/request")
def privacy_request(number: str):
    case = _granted_case(number)
    form = ErasureForm()
    if not form.validate_on_submit():
        return _page(case, erasure=form, status=422)
    request = request_erasure(case, form.kind.data, form.reason.data or "")
    db.session.commit()
    flash(
        _("ได้รับคำขอของท่านแล้ว หน่วยงานจะแจ้งผลภายใน %(when)s", when=_date(request.due_at)), "success"
    )
    return redirect(url_for("tracking.privacy_page", number=case.number))


def _date(value) -> str:
    from portal.filters import thai_date

    return thai_date(value)
