"""Pages for the office's reference data: work groups, categories, schools and their import."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from portal.admin import bp, catalog
from portal.admin.catalog import CategoryFields, SchoolFields, WorkGroupFields
from portal.admin.forms import (
    CategoryForm,
    SchoolForm,
    SchoolImportForm,
    WorkGroupForm,
    values,
)
from portal.admin.scope import admin_office, owned_or_404
from portal.admin.views import render_form
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import CaseType, Category, District, School, WorkGroup, WorkGroupMember
from portal.security.inputs import database_id

MAX_CSV_BYTES = 2 * 1024 * 1024


@bp.get("/work-groups")
def work_groups():
    office = admin_office()
    rows = db.session.execute(
        select(WorkGroup, func.count(WorkGroupMember.user_id))
        .outerjoin(WorkGroupMember, WorkGroupMember.work_group_id == WorkGroup.id)
        .where(WorkGroup.office_id == office.id).group_by(WorkGroup.id).order_by(WorkGroup.name_th)
    ).all()
    return render_template("admin/work_groups.html", rows=rows)


@bp.route("/work-groups/new", methods=["GET", "POST"])
@bp.route("/work-groups/<int:group_id>", methods=["GET", "POST"])
def work_group_edit(group_id: int | None = None):
    group = owned_or_404(WorkGroup, group_id) if group_id else None
    form = WorkGroupForm(obj=group)
    if form.validate_on_submit():
        fields = values(form, WorkGroupFields)
        try:
            if group is None:
                catalog.create_work_group(admin_office(), fields)
            else:
                catalog.update_work_group(group, fields)
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกกลุ่มงาน %(name)s แล้ว", name=fields.name_th), "success")
            return redirect(url_for("admin.work_groups"))
    return render_form("admin/work_group_form.html", form, group=group)


@bp.get("/categories")
def categories():
    rows = db.session.scalars(
        select(Category).where(Category.office_id == admin_office().id)
        .options(selectinload(Category.work_group))
        .order_by(Category.sort_order, Category.name_th)
    ).all()
    grouped = [(t, [c for c in rows if c.case_type is t]) for t in CaseType]
    return render_template("admin/categories.html", grouped=grouped)


@bp.route("/categories/new", methods=["GET", "POST"])
@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
def category_edit(category_id: int | None = None):
    category = owned_or_404(Category, category_id) if category_id else None
    form = CategoryForm(data=_category_data(category))
    form.work_group_id.choices = [
        SelectChoice(None, _("— ยังไม่กำหนด (ผู้รับเรื่องมอบหมายเอง) —")),
        *(SelectChoice(g.id, g.name_th) for g in _office_groups())]
    if form.validate_on_submit():
        fields = values(form, CategoryFields)
        fields.case_type = CaseType(fields.case_type)
        try:
            if category is None:
                catalog.create_category(admin_office(), fields)
            else:
                catalog.update_category(category, fields)
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกหมวดหมู่ %(name)s แล้ว", name=fields.name_th), "success")
            return redirect(url_for("admin.categories"))
    return render_form("admin/category_form.html", form, category=category)


def _category_data(category: Category | None) -> dict:
    if category is None:
        return {"case_type": request.args.get("type", CaseType.COMPLAINT.value)}
    return {"case_type": category.case_type.value, "name_th": category.name_th,
            "name_en": category.name_en, "work_group_id": category.work_group_id,
            "sort_order": category.sort_order, "active": category.active}


SCHOOLS_PER_PAGE = 50  # 185 schools as one page of forms made a 1,900-element page


@bp.get("/schools")
def schools():
    office = admin_office()
    query = request.args.get("q", "").strip()[:100]
    district_id = request.args.get("district", type=database_id)
    statement = select(School).where(School.office_id == office.id)
    if query:
        needle = query.lower()
        statement = statement.where(or_(
            func.lower(School.name_th).contains(needle, autoescape=True),
            func.lower(School.name_en).contains(needle, autoescape=True),
            func.lower(School.code).contains(needle, autoescape=True)))
    if district_id:
        statement = statement.where(School.district_id == district_id)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    pages = max(1, -(-total // SCHOOLS_PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    rows = db.session.scalars(
        statement.options(selectinload(School.district)).order_by(School.name_th, School.id)
        .limit(SCHOOLS_PER_PAGE).offset((page - 1) * SCHOOLS_PER_PAGE)).all()
    return render_template("admin/schools.html", schools=rows, total=total, page=page,
                           pages=pages, query=query, district_id=district_id,
                           districts=_districts())


@bp.route("/schools/new", methods=["GET", "POST"])
@bp.route("/schools/<int:school_id>", methods=["GET", "POST"])
def school_edit(school_id: int | None = None):
    school = owned_or_404(School, school_id) if school_id else None
    form = SchoolForm(obj=school)
    form.district_id.choices = [SelectChoice(None, _("— เลือกอำเภอ —"))] + [
        SelectChoice(d.id, d.name_th) for d in _districts()]
    if form.validate_on_submit():
        fields = values(form, SchoolFields)
        try:
            if school is None:
                catalog.create_school(admin_office(), fields)
            else:
                catalog.update_school(school, fields)
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกโรงเรียน %(name)s แล้ว", name=fields.name_th), "success")
            return redirect(url_for("admin.schools"))
    return render_form("admin/school_form.html", form, school=school)


@bp.post("/schools/<int:school_id>/deactivate")
@bp.post("/schools/<int:school_id>/reactivate", endpoint="school_reactivate")
def school_deactivate(school_id: int):
    school = owned_or_404(School, school_id)
    active = request.endpoint == "admin.school_reactivate"
    catalog.set_school_active(school, active)
    db.session.commit()
    flash(_("เปิดใช้งาน %(name)s แล้ว", name=school.name_th) if active
          else _("ปิดใช้งาน %(name)s แล้ว โรงเรียนนี้จะไม่แสดงในแบบฟอร์มแจ้งเรื่อง",
                 name=school.name_th), "success")
    return redirect(url_for("admin.schools"))


@bp.route("/schools/import", methods=["GET", "POST"])
def school_import():
    form = SchoolImportForm()
    result = None
    if form.validate_on_submit():
        raw = form.file.data.read(MAX_CSV_BYTES + 1)
        if len(raw) > MAX_CSV_BYTES:
            form.file.errors.append(_("ไฟล์ใหญ่เกินไป: ได้ไม่เกิน 2 MB"))
        else:
            result = catalog.import_school_file(admin_office(), raw)
            db.session.commit()
    status = 422 if request.method == "POST" and (form.errors or not result) else 200
    return render_template("admin/school_import.html", form=form, result=result), status


def _office_groups() -> list[WorkGroup]:
    return list(db.session.scalars(select(WorkGroup).where(
        WorkGroup.office_id == admin_office().id).order_by(WorkGroup.name_th)))


def _districts() -> list[District]:
    return list(db.session.scalars(select(District).where(
        District.office_id == admin_office().id).order_by(District.name_th)))
