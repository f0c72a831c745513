"""The ITA item mapping: fiscal year → item code → the portal page that answers it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal import clock
from portal.admin import bp
from portal.admin.forms import values
from portal.admin.ita_forms import ItaItemForm
from portal.admin.scope import admin_office, owned_or_404
from portal.admin.views import render_form
from portal.cases.errors import CaseError
from portal.extensions import db
from portal.ita import items as ita
from portal.models import ItaItem
from portal.reports.periods import fiscal_year_of


def _year() -> int:
    year = request.args.get("year", type=int) or request.form.get("year", type=int)
    if year and ita.MIN_YEAR <= year <= ita.MAX_YEAR:
        return year
    return fiscal_year_of(clock.to_local(clock.utcnow()).date())


@bp.get("/ita")
def ita_items():
    office = admin_office()
    year = _year()
    years = sorted(set(ita.fiscal_years(office)) | {year}, reverse=True)
    form = ItaItemForm(data={"fiscal_year": year})
    items = ita.items_for_year(office, year)
    have = {i.code for i in items}
    missing = [d for d in ita.DEFAULT_ITEMS.get(year, ()) if d[0] not in have]
    source = None if items else ita.latest_year_with_items(office, year - 1)
    return render_template("admin/ita.html", year=year, years=years, form=form, items=items,
                           defaults=bool(missing), copy_from=source)


@bp.route("/ita/new", methods=["POST"])
@bp.route("/ita/<int:item_id>", methods=["GET", "POST"])
def ita_item(item_id: int | None = None):
    item = owned_or_404(ItaItem, item_id) if item_id else None
    form = ItaItemForm(obj=item)
    if form.validate_on_submit():
        try:
            saved = ita.save_item(admin_office(), item, values(form, ita.ItemFields))
        except CaseError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกข้อ %(code)s แล้ว", code=saved.code), "success")
            return redirect(url_for("admin.ita_items", year=saved.fiscal_year))
    return render_form("admin/ita_item.html", form, item=item)


@bp.post("/ita/<int:item_id>/delete")
def ita_item_delete(item_id: int):
    item = owned_or_404(ItaItem, item_id)
    year, code = item.fiscal_year, item.code
    ita.delete_item(item)
    db.session.commit()
    flash(_("ลบข้อ %(code)s แล้ว", code=code), "success")
    return redirect(url_for("admin.ita_items", year=year))


@bp.post("/ita/defaults")
def ita_defaults():
    """Add the built-in items of a year (2569) that the office does not have."""
    year = _year()
    if year not in ita.DEFAULT_ITEMS:
        flash(_("ไม่มีรายการเริ่มต้นของปีงบประมาณ %(year)d", year=year), "error")
    else:
        added = ita.seed_default_items(admin_office(), year)
        db.session.commit()
        flash(_("เพิ่มรายการเริ่มต้น %(n)d ข้อ", n=added), "success")
    return redirect(url_for("admin.ita_items", year=year))


@bp.post("/ita/copy")
def ita_copy():
    """Start a year from the latest year before it that has items (codes then checked
    against the new manual)."""
    year = _year()
    office = admin_office()
    source = ita.latest_year_with_items(office, year - 1) or year - 1
    try:
        copied = ita.copy_items(office, source, year)
    except CaseError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("คัดลอกจากปีงบประมาณ %(year)d แล้ว %(n)d ข้อ", year=source, n=copied),
              "success")
    return redirect(url_for("admin.ita_items", year=year))
