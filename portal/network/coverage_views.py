"""PR's coverage dashboard: this month's figures live, by district and by school, and the
monthly series."""

from __future__ import annotations

import re
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.network import coverage
from portal.network.forms import ButtonForm
from portal.network.labels import month_label
from portal.network.staff_views import _office, bp


def _month_asked() -> date:
    today = to_local(utcnow()).date()
    match = re.fullmatch(r"(\d{4})-(\d{2})", request.args.get("month", ""))
    if match and 1 <= int(match.group(2)) <= 12 and 2000 <= int(match.group(1)) <= 2100:
        return date(int(match.group(1)), int(match.group(2)), 1)
    return coverage.month_start(today)


@bp.get("/coverage")
def coverage_page():
    office, month = _office(), _month_asked()
    months = coverage.last_months(to_local(utcnow()).date())
    return render_template(
        "network/coverage.html",
        figures=coverage.coverage_for(office, month),
        month=month,
        months=months,
        series=coverage.series(office, months),
        button=ButtonForm(),
        month_label=month_label,
    )


@bp.post("/coverage/record")
def coverage_record():
    if ButtonForm().validate_on_submit():
        office = _office()
        read = coverage.read_channel_figures(office)
        coverage.record_month(office, coverage.month_start(to_local(utcnow()).date()))
        db.session.commit()
        flash(_("บันทึกตัวเลขของเดือนนี้แล้ว อ่านจากช่องทางได้ %(n)d ค่า", n=len(read)), "success")
    return redirect(url_for(".coverage_page"))
