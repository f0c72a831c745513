"""The national pages: public figures across offices; offices and case grants for members;
requests for an office's director. Default deny: every route but the public figures needs a
signed-in national member, except the director's requests page."""

from __future__ import annotations

import csv
import io
import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal import clock
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import Case, CaseType, GrantStatus, NationalCaseGrant, Office, Role
from portal.national import grants, rollups
from portal.national.forms import ButtonForm, DecisionForm, GrantRequestForm, OfficeForm
from portal.national.members import is_member, log
from portal.offices.provisioning import NewOffice, archive_office, create_office, reopen_office
from portal.offices.routing import office_base
from portal.public.board_cache import cached
from portal.reports.periods import fiscal_year_of, parse_period
from portal.security.headers import no_store

bp = Blueprint("national", __name__, url_prefix="/national")
PUBLIC_ENDPOINTS = {"national.figures", "national.figures_data"}
DIRECTOR_ENDPOINTS = {"national.requests", "national.decide"}


@bp.before_request
def require_member():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in", next=request.path))
    if request.endpoint in DIRECTOR_ENDPOINTS:
        if not current_user.has_role(Role.DIRECTOR):
            abort(403)
    elif not is_member(current_user):
        abort(403)
    return None


@bp.after_request
def private_pages_are_not_stored(response):
    return response if request.endpoint in PUBLIC_ENDPOINTS else no_store(response)


def _year() -> int:
    today = (clock.utcnow()).date()
    year = request.args.get("year", type=int) or fiscal_year_of(today)
    if not 2560 <= year <= 2700:
        abort(404)
    return year


@bp.get("/figures")
def figures():
    """Received, finished, on time and satisfaction by office and month, and the ITA league.

    The page is kept rendered (``portal.public.board_cache``: Redis when several hosts share
    it) until the worker refreshes a rollup or an office comes or goes; it grows with the
    number of offices, 245 of them being a table of several thousand cells.
    """
    year = _year()
    locale = str(get_locale())

    def render() -> str:
        offices, computed_at = rollups.national_figures(year)
        league = sorted(
            (o for o in offices if o.ita and o.ita["items"]),
            key=lambda o: (-o.ita["with_evidence"], o.office.code),
        )
        months = [
            (parse_period(key).label(locale), sums)
            for key, sums in rollups.month_totals(offices)
        ]
        return render_template(
            "national/figures.html",
            year=year,
            offices=offices,
            months=months,
            league=league,
            computed_at=computed_at,
            office=None,
        )

    key = ("national", year, locale, request.host, rollups.figures_stamp(year))
    return cached(key, render)


@bp.get("/figures-<int:year>.<any(csv, json):suffix>")
def figures_data(year: int, suffix: str):
    """Open data: one row per office and period (month or fiscal year)."""
    if not 2560 <= year <= 2700:
        abort(404)
    offices, computed_at = rollups.national_figures(year)
    rows = []
    for entry in offices:
        periods = [
            *sorted(entry.months.items()),
            *([(f"fy{year}", entry.year)] if entry.year else []),
        ]
        for period, row in periods:
            rows.append(
                {
                    "office_code": entry.office.code,
                    "office_name_th": entry.office.name_th,
                    "province_th": entry.office.province_th,
                    "period": period,
                    **row,
                }
            )
    if suffix == "json":
        body = json.dumps(
            {
                "fiscal_year": year,
                "computed_at": computed_at.isoformat() if computed_at else None,
                "rows": rows,
            },
            ensure_ascii=False,
        )
        return Response(body, mimetype="application/json")
    out = io.StringIO()
    columns = list(rows[0]) if rows else ["office_code", "period"]
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="national-fy{year}.csv"'},
    )


@bp.get("/")
def index():
    offices = db.session.scalars(select(Office).order_by(Office.code)).all()
    mine = {
        g.office_id: g
        for g in db.session.scalars(
            select(NationalCaseGrant)
            .where(NationalCaseGrant.user_id == current_user.id)
            .order_by(NationalCaseGrant.requested_at)
        )
    }
    return render_template(
        "national/index.html",
        offices=offices,
        form=OfficeForm(),
        button=ButtonForm(),
        grant_form=GrantRequestForm(),
        grants=mine,
        now=clock.utcnow(),
        reach={o.id: office_base(o) or "" for o in offices},
        office=None,
    )


def _office(code: str) -> Office:
    office = db.session.scalar(select(Office).where(Office.code == code))
    if office is None:
        abort(404)
    return office


@bp.post("/offices")
def create():
    form = OfficeForm()
    if form.validate_on_submit():
        template = db.session.scalar(
            select(Office).where(Office.code == current_app.config["PORTAL_DEFAULT_OFFICE"])
        )
        try:
            office = create_office(
                NewOffice(
                    code=form.code.data.strip().upper(),
                    name_th=form.name_th.data.strip(),
                    name_en=(form.name_en.data or "").strip(),
                    province_th=(form.province_th.data or "").strip(),
                    hostname=(form.hostname.data or "").strip().lower() or None,
                ),
                template,
            )
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            log(current_user, office, "office_created", code=office.code)
            db.session.commit()
            flash(_("สร้างสำนักงาน %(code)s แล้ว", code=office.code), "success")
    else:
        flash(_("กรุณากรอกรหัสและชื่อภาษาไทย"), "error")
    return redirect(url_for("national.index"))


@bp.post("/offices/<code>/archive")
def archive(code: str):
    return _change_state(_office(code), archive_office, "office_archived")


@bp.post("/offices/<code>/reopen")
def reopen(code: str):
    return _change_state(_office(code), reopen_office, "office_reopened")


def _change_state(office: Office, change, action: str):
    if ButtonForm().validate_on_submit():
        change(office)
        log(current_user, office, action)
        db.session.commit()
    return redirect(url_for("national.index"))


@bp.post("/offices/<code>/grant")
def ask_grant(code: str):
    office = _office(code)
    form = GrantRequestForm()
    if form.validate_on_submit():
        try:
            grants.request_grant(current_user, office, form.reason.data)
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("ส่งคำขอถึงผู้อำนวยการของ %(code)s แล้ว", code=office.code), "success")
    return redirect(url_for("national.index"))


def _granted(office: Office) -> NationalCaseGrant:
    grant = grants.active_grant(current_user, office)
    if grant is None:
        abort(403)
    return grant


def _general_cases():
    return select(Case).where(Case.confidential.is_(False), Case.case_type != CaseType.CORRUPTION)


@bp.get("/offices/<code>/cases")
def cases(code: str):
    office = _office(code)
    grant = _granted(office)
    rows = db.session.scalars(
        _general_cases()
        .where(Case.office_id == office.id)
        .order_by(Case.received_at.desc())
        .limit(100)
    ).all()
    log(current_user, office, "cases_listed", grant=grant.id, shown=len(rows))
    db.session.commit()
    return render_template("national/cases.html", office=office, cases=rows, grant=grant)


@bp.get("/offices/<code>/cases/<number>")
def case(code: str, number: str):
    office = _office(code)
    grant = _granted(office)
    found = db.session.scalar(
        _general_cases().where(Case.office_id == office.id, Case.number == number)
    )
    if found is None:
        abort(404)
    log(current_user, office, "case_opened", grant=grant.id, number=number)
    db.session.commit()
    from portal.staff.labels import EVENT, STATUS

    return render_template(
        "national/case.html", office=office, case=found, grant=grant, STATUS=STATUS, EVENT=EVENT
    )


@bp.get("/requests")
def requests():
    office = db.session.get(Office, current_user.office_id)
    return render_template(
        "national/requests.html",
        office=office,
        requests=grants.requests_for(office),
        form=DecisionForm(),
        PENDING=GrantStatus.PENDING,
        now=clock.utcnow(),
    )


@bp.post("/requests/<int:grant_id>")
def decide(grant_id: int):
    grant = db.session.get(NationalCaseGrant, grant_id)
    if grant is None or grant.office_id != current_user.office_id:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            grants.decide_grant(current_user, grant, confirm=bool(form.confirm.data))
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
    return redirect(url_for("national.requests"))
