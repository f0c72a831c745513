"""The inbox: queues, filters, search, pages, CSV export."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.cases.errors import CaseError
from portal.cases.export import export_csv, export_filename
from portal.cases.inbox import (
    PAGE_SIZES,
    QUEUE_LABELS,
    InboxFilters,
    InvalidCursor,
    Queue,
    Sort,
    available_queues,
    inbox_page,
    queue_counts,
)
from portal.extensions import db
from portal.labels import CASE_TYPE
from portal.models import (
    CaseStatus,
    CaseType,
    CaseViewKind,
    Channel,
    Office,
)
from portal.oversight.case_views import confidential_ids, record_confidential_views
from portal.staff import bp, choices, option_cache
from portal.staff.forms import InboxFilterForm
from portal.staff.inbox_rows import row_dates, row_ratings
from portal.staff.labels import STATUS
from portal.staff.more_views import bulk_choices


def _filter_form() -> InboxFilterForm:
    """The filters as sent; the option lists come from :func:`filter_options`, not the form."""
    form = InboxFilterForm(request.args)
    form.validate()  # fills errors for malformed dates; the rest coerces to None
    return form


# The filters whose options are the office's own lists, and how each is built.
_OFFICE_LISTS = {
    "category_id": choices.category_choices,
    "school_id": choices.school_choices,
    "district_id": choices.district_choices,
    "assignee_id": choices.assignee_choices,
}
_FIXED_LISTS = ("case_type", "status", "channel", "sort", "size")


def filter_options(form: InboxFilterForm, office: Office) -> dict[str, option_cache.Options]:
    """Every filter's options, rendered once per office, language and change of the lists."""
    locale = str(get_locale() or "th")
    lists = {
        name: option_cache.cached(
            office, f"inbox_{name}", locale,
            lambda build=build: build(office.id, locale, SelectChoice("", _("ทั้งหมด"))))
        for name, build in _OFFICE_LISTS.items()
    }
    for name in _FIXED_LISTS:
        lists[name] = option_cache.static(f"inbox_{name}", locale,
                                          lambda name=name: list(form[name].choices))
    return lists


def member(enum_cls, value):
    """The member of ``enum_cls`` whose value is ``value``, or None (never raises)."""
    try:
        return enum_cls(value)
    except ValueError:
        return None


def _filters(form: InboxFilterForm) -> InboxFilters:
    return InboxFilters(
        case_type=member(CaseType, form.case_type.data),
        status=member(CaseStatus, form.status.data),
        channel=member(Channel, form.channel.data),
        category_id=form.category_id.data, school_id=form.school_id.data,
        district_id=form.district_id.data, assignee_id=form.assignee_id.data,
        date_from=form.date_from.data, date_to=form.date_to.data, text=form.q.data or "",
        from_reporter=bool(form.from_reporter.data),
    )


def _queue() -> Queue:
    queue = member(Queue, request.args.get("queue", ""))
    # Open cases by default: closed ones would crowd the deadline order.
    return queue if queue in available_queues(current_user) else Queue.OPEN


@bp.get("/")
def inbox():
    form = _filter_form()
    queue = _queue()
    sort = member(Sort, form.sort.data) or Sort.DEADLINE
    size = _page_size(form.size.data)
    status = 422 if form.errors else 200  # e.g. a date outside 1900–2600, shown on its field
    try:
        page = inbox_page(current_user, queue, _filters(form), sort,
                          request.args.get("cursor"), size)
    except InvalidCursor as error:
        # An altered page link: say so in Thai and show the first page, as a 400.
        flash(str(error.message), "error")
        page = inbox_page(current_user, queue, _filters(form), sort, None, size)
        status = 400
    except CaseError as error:
        flash(str(error.message), "error")
        return redirect(url_for("staff.inbox", queue=queue.value))
    args = {k: v for k, v in request.args.items() if k not in ("cursor", "queue")}
    office, locale = current_user_office(), str(get_locale() or "th")
    html = render_template(
        "staff/inbox.html", form=form, page=page, queue=queue, args=args,
        queues=[(q, QUEUE_LABELS[q]) for q in available_queues(current_user)],
        counts=queue_counts(current_user), office=office,
        lists=filter_options(form, office), bulk_form=bulk_choices(office),
        dates=row_dates(page.cases, locale), ratings=row_ratings(page.cases),
        row_type=option_cache.translated("case_type", locale, CASE_TYPE),
        row_status=option_cache.translated("staff_status", locale, STATUS),
    )
    # A confidential case listed is a confidential case seen: recorded like opening one.
    if _record_seen(confidential_ids(page.cases), CaseViewKind.LISTED):
        db.session.commit()
    return html, status


def _page_size(value: str | None) -> int:
    """One of the offered page sizes; anything else (huge, negative, text) is the first."""
    return next((n for n in PAGE_SIZES if str(n) == value), PAGE_SIZES[0])


@bp.get("/export.csv")
def export():
    form = _filter_form()
    queue = _queue()
    sort = member(Sort, form.sort.data) or Sort.DEADLINE

    def record_exported(case_ids: list[int]) -> None:
        _record_seen(case_ids, CaseViewKind.EXPORTED)
        db.session.commit()  # before the rows leave the server

    return Response(
        stream_with_context(export_csv(current_user, queue, _filters(form), sort,
                                       before_chunk=record_exported)),
        content_type="text/csv; charset=utf-8",  # as is: `mimetype=` would add a second charset
        headers={"Content-Disposition": f'attachment; filename="{export_filename()}"',
                 "Cache-Control": "no-store"},
    )


def _record_seen(case_ids: list[int], kind: CaseViewKind) -> int:
    return record_confidential_views(current_user, case_ids, kind, request.remote_addr or "")


def current_user_office() -> Office:
    return db.session.get(Office, current_user.office_id)
