"""The live report for staff: this office's figures for any period, before publishing.

Everyone sees the public view (small cells hidden, the confidential stream as office totals)
by default. The unsuppressed view (``?view=full``) is only for the director and integrity
officers, is marked "ไม่เผยแพร่", and each opening (page or PDF) is recorded in the
append-only report view log; anyone else asking for it gets 403.
"""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from portal import clock
from portal.extensions import db
from portal.models import Office, ReportViewKind
from portal.oversight.report_views import may_view_unsuppressed, record_report_view
from portal.reports.figures import compute_figures, period_is_over
from portal.reports.period_choices import GROUPS, period_choices, picker_label
from portal.reports.periods import Period, PeriodError, month_of, parse_period
from portal.reports.render import render_report_pdf
from portal.staff import bp


def _period(key: str) -> Period:
    try:
        return parse_period(key)
    except PeriodError:
        abort(404)


@bp.get("/reports")
def reports():
    """The period chosen in the picker (or a range of days), or the last complete month."""
    key = (request.args.get("period") or "").strip()
    start, end = (request.args.get(name, "").strip() for name in ("start", "end"))
    if start or end:
        key = f"{start}..{end}"
    if key:
        try:
            key = parse_period(key).key
        except PeriodError:
            return render_template("reports/preview.html", figures=None, period=None,
                                   shortcuts=_shortcuts(), choices=_choices(None),
                                   bad_period=key), 400
    else:
        key = month_of(clock.to_local(clock.utcnow()).date()).previous().key
    return redirect(url_for("staff.report_preview", period_key=key))


FULL_VIEW = "full"


def _public_view(period: Period, kind: ReportViewKind) -> bool:
    """True for the public view; the unsuppressed one is checked and recorded here."""
    view = request.args.get("view") or "public"
    if view == "public":
        return True
    if view != FULL_VIEW:
        abort(404)
    if not may_view_unsuppressed(current_user):
        abort(403)
    record_report_view(current_user, period.key, kind, request.remote_addr or "")
    db.session.commit()  # recorded before anything is shown
    return False


@bp.get("/reports/<period_key>")
def report_preview(period_key: str):
    period = _period(period_key)
    public = _public_view(period, ReportViewKind.PAGE)
    figures = compute_figures(current_user.office_id, period, public=public)
    return render_template("reports/preview.html", figures=figures, period=period,
                           public=public, final=period_is_over(period),
                           may_see_full=may_view_unsuppressed(current_user),
                           shortcuts=_shortcuts(), choices=_choices(period))


@bp.get("/reports/<period_key>.pdf")
def report_pdf(period_key: str):
    period = _period(period_key)
    public = _public_view(period, ReportViewKind.PDF)
    office = db.session.get(Office, current_user.office_id)
    figures = compute_figures(office.id, period, public=public)
    pdf = render_report_pdf(office, figures, locale=str(get_locale() or "th"),
                            restricted=not public)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="report-{office.code}-{period.key}.pdf"')
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _choices(period: Period | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The picker's periods in words, with the one shown even when older than the list."""
    locale = str(get_locale() or "th")
    today = clock.to_local(clock.utcnow()).date()
    groups = period_choices(current_user.office_id, today, locale)
    if period is not None and period.kind != "range" and not any(
            key == period.key for _label, options in groups for key, _text in options):
        kinds = [kind for kind, _label in GROUPS]
        groups[min(kinds.index(period.kind), len(groups) - 1)][1].insert(
            0, (period.key, picker_label(period, locale)))
    return groups


def _shortcuts() -> list[Period]:
    """This month, last month, this quarter, this half and this fiscal year."""
    today = clock.to_local(clock.utcnow()).date()
    month = month_of(today)
    keys = [month.key, month.previous().key, f"{today.year}-Q{(today.month - 1) // 3 + 1}"]
    fiscal = parse_period(f"fy{month.fiscal_year_be}")
    half = "h1" if today.month >= 10 or today.month <= 3 else "h2"
    keys += [f"fy{fiscal.fiscal_year_be}-{half}", fiscal.key]
    return [parse_period(k) for k in keys]
