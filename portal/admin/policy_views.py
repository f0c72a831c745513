"""Pages for the rules the administrator sets: deadlines, holidays, response templates."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.admin import bp, policies
from portal.admin.forms import values
from portal.admin.policies import TemplateFields
from portal.admin.policy_forms import DeadlineForm, HolidayForm, ResponseTemplateForm
from portal.admin.scope import admin_office, owned_or_404
from portal.admin.views import render_form
from portal.cases.errors import CaseError
from portal.clock import BE_OFFSET, to_local, utcnow
from portal.extensions import db
from portal.labels import CASE_TYPE
from portal.models import CaseType, Category, Holiday, ResponseTemplate
from portal.security.inputs import database_id


@bp.get("/deadlines")
def deadlines():
    return render_template("admin/deadlines.html", rows=policies.deadline_rows(admin_office()))


@bp.route("/deadlines/<case_type>", methods=["GET", "POST"])
def deadline_edit(case_type: str):
    try:
        kind = CaseType(case_type)
    except ValueError:
        abort(404)
    form = DeadlineForm()
    if request.method == "GET":
        form.load(policies.deadline_fields(admin_office(), kind))
    if form.validate_on_submit():
        try:
            policies.set_deadline_policy(admin_office(), kind, form.deadline_fields())
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกกำหนดเวลาของเรื่องประเภท%(type)s แล้ว มีผลกับเรื่องที่รับใหม่",
                    type=CASE_TYPE[kind]), "success")
            return redirect(url_for("admin.deadlines"))
    return render_form("admin/deadline_form.html", form, case_type=kind)


@bp.route("/holidays", methods=["GET", "POST"])
def holidays():
    office = admin_office()
    form = HolidayForm()
    if form.validate_on_submit():
        try:
            holiday = policies.add_holiday(office, form.day.data, form.name.data)
        except CaseError as error:
            form.day.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("เพิ่มวันหยุด %(name)s แล้ว", name=holiday.name), "success")
            return redirect(url_for("admin.holidays", year=holiday.day.year + BE_OFFSET))
    be_year = request.args.get("year", type=database_id) or to_local(utcnow()).year + BE_OFFSET
    if not 2500 <= be_year <= 2700:
        abort(404)
    rows = policies.holidays_in(office, be_year - BE_OFFSET)
    return render_form("admin/holidays.html", form, holidays=rows, be_year=be_year)


@bp.post("/holidays/<int:holiday_id>/delete")
def holiday_delete(holiday_id: int):
    holiday = owned_or_404(Holiday, holiday_id)
    be_year = holiday.day.year + BE_OFFSET
    name = holiday.name
    policies.delete_holiday(holiday)
    db.session.commit()
    flash(_("ลบวันหยุด %(name)s แล้ว", name=name), "success")
    return redirect(url_for("admin.holidays", year=be_year))


@bp.get("/templates")
def templates():
    rows = db.session.execute(
        select(ResponseTemplate, Category)
        .outerjoin(Category, Category.id == ResponseTemplate.category_id)
        .where(ResponseTemplate.office_id == admin_office().id)
        .order_by(ResponseTemplate.active.desc(), ResponseTemplate.title)
    ).all()
    return render_template("admin/templates.html", rows=rows)


@bp.route("/templates/new", methods=["GET", "POST"])
@bp.route("/templates/<int:template_id>", methods=["GET", "POST"])
def template_edit(template_id: int | None = None):
    template = owned_or_404(ResponseTemplate, template_id) if template_id else None
    form = ResponseTemplateForm(obj=template)
    form.category_id.choices = _category_choices()
    if form.validate_on_submit():
        fields = values(form, TemplateFields)
        try:
            if template is None:
                policies.create_response_template(admin_office(), fields)
            else:
                policies.update_response_template(template, fields)
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกแม่แบบ %(title)s แล้ว", title=fields.title), "success")
            return redirect(url_for("admin.templates"))
    return render_form("admin/template_form.html", form, template=template)


def _category_choices() -> list[SelectChoice]:
    rows = db.session.scalars(select(Category).where(Category.office_id == admin_office().id)
                              .order_by(Category.sort_order, Category.name_th))
    by_type = {t: [] for t in CaseType}
    for category in rows:
        by_type[category.case_type].append(category)
    choices = [SelectChoice(None, _("— ใช้ได้ทุกหมวดหมู่ —"))]
    for case_type, categories in by_type.items():
        group = str(CASE_TYPE[case_type])
        choices += [SelectChoice(c.id, c.name_th if c.active else f"{c.name_th} ({_('ปิดใช้งาน')})",
                                 optgroup=group) for c in categories]
    return choices
