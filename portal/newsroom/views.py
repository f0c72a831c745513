"""The publishing queue, drafting pages and an item's staff page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.extensions import db
from portal.links import public_url
from portal.models import Case, Office, Publication, PublicationKind
from portal.newsroom import bp
from portal.newsroom.forms import (
    ApproveForm,
    ButtonForm,
    NewsForm,
    OutcomeForm,
    ParticipationForm,
    ReasonForm,
)
from portal.publishing import channels
from portal.publishing.checks import (
    FINDING_LABELS,
    current_findings,
    not_overridden,
    open_findings,
    stored_findings,
)
from portal.publishing.drafting import (
    DraftText,
    draft_news,
    draft_outcome,
    draft_participation,
    edit_text,
    outcome_start,
)
from portal.publishing.errors import NotAllowed, PublishingError
from portal.publishing.fingerprint import seen_of
from portal.publishing.queue import TAB_LABELS, Tab, queue_counts, queue_items
from portal.publishing.rules import (
    can_approve,
    can_draft_news,
    can_draft_outcome,
    can_draft_participation,
    can_edit,
    can_publish,
)
from portal.publishing.share import item_url
from portal.reports.periods import fiscal_year_of
from portal.security.access import can_view_case

FORMS = {PublicationKind.OUTCOME: OutcomeForm, PublicationKind.NEWS: NewsForm,
         PublicationKind.PARTICIPATION: ParticipationForm}


def _office() -> Office:
    return db.session.get(Office, current_user.office_id)


def item_or_404(item_id: int) -> Publication:
    item = db.session.get(Publication, item_id)
    if item is None or item.office_id != current_user.office_id:
        abort(404)
    return item


@bp.get("")
def queue():
    tab = request.args.get("tab", Tab.AWAITING.value)
    if tab not in {t.value for t in Tab}:
        abort(404)
    office = _office()
    return render_template("newsroom/queue.html", tab=Tab(tab), tabs=TAB_LABELS,
                           counts=queue_counts(office), items=queue_items(office, Tab(tab)),
                           may_write_news=can_draft_news(current_user),
                           may_write_participation=can_draft_participation(current_user))


def _text(form) -> DraftText:
    news = isinstance(form, NewsForm)
    participation = isinstance(form, ParticipationForm)
    return DraftText(
        title=form.title.data or "", body=form.body.data or "",
        link_url=(form.link_url.data or "") if news else "",
        image=form.image.clean_files[0] if news and form.image.clean_files else None,
        remove_image=bool(news and form.remove_image.data),
        held_on=form.held_on.data if participation else None,
        participants=(form.participants.data or "") if participation else "",
        improvement=(form.improvement.data or "") if participation else "",
    )


def public_link(item: Publication) -> str:
    """Where the public reads ``item``: the board, or the ITA page of its fiscal year."""
    if item.kind is PublicationKind.PARTICIPATION:
        held_on = (item.live or item.latest).held_on
        year = fiscal_year_of(held_on) if held_on else None
        return public_url("public.ita_participation", year=year)
    return item_url(item)


def _one_image(form) -> bool:
    if isinstance(form, NewsForm) and len(form.image.clean_files) > 1:
        form.image.errors = [_("แนบภาพประกอบได้ 1 ภาพ")]
        return False
    return True


@bp.route("/news/new", methods=["GET", "POST"])
def new_news():
    if not can_draft_news(current_user):
        abort(403)
    form = NewsForm()
    if form.validate_on_submit() and _one_image(form):
        try:
            item = draft_news(_office(), current_user, _text(form))
        except PublishingError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกร่างข่าวแล้ว"), "success")
            return redirect(url_for("newsroom.item", item_id=item.id))
    return render_template("newsroom/edit.html", form=form, item=None, case=None,
                           kind="news"), 422 if form.is_submitted() else 200


@bp.route("/participation/new", methods=["GET", "POST"])
def new_participation():
    if not can_draft_participation(current_user):
        abort(403)
    form = ParticipationForm()
    if form.validate_on_submit():
        try:
            item = draft_participation(_office(), current_user, _text(form))
        except PublishingError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกร่างรายงานการมีส่วนร่วมแล้ว"), "success")
            return redirect(url_for("newsroom.item", item_id=item.id))
    return render_template("newsroom/edit.html", form=form, item=None, case=None,
                           kind="participation"), 422 if form.is_submitted() else 200


@bp.route("/cases/<number>/outcome", methods=["GET", "POST"])
def new_outcome(number: str):
    case = db.session.scalar(select(Case).where(Case.office_id == current_user.office_id,
                                                Case.number == number))
    if case is None or not can_view_case(current_user, case):
        abort(404)
    existing = db.session.scalar(select(Publication).where(Publication.case_id == case.id))
    if existing is not None:
        return redirect(url_for("newsroom.item", item_id=existing.id))
    if not can_draft_outcome(current_user, case):
        abort(403)
    form = OutcomeForm()
    start = outcome_start(case)
    if not form.is_submitted() and start.body:
        form.body.data = start.body  # the resolution, checked: the author edits from there
    if form.validate_on_submit():
        try:
            item = draft_outcome(case, current_user, _text(form))
        except PublishingError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกร่างสรุปผลแล้ว"), "success")
            return redirect(url_for("newsroom.item", item_id=item.id))
    start_findings = start.findings if not form.is_submitted() else []
    return render_template("newsroom/edit.html", form=form, item=None, case=case,
                           kind="outcome", start_findings=start_findings,
                           labels=FINDING_LABELS), 422 if form.is_submitted() else 200


@bp.get("/<int:item_id>")
def item(item_id: int):
    return render_item(item_or_404(item_id))


def render_item(item: Publication, changed: str | None = None, status: int = 200):
    """An item's staff page; ``changed`` says the text changed under the approver (409)."""
    latest = item.latest
    # An open version shows what the check finds now (as approval will check it), not only
    # what it found at the last save; an approved one what was found and kept.
    findings = (current_findings(item, latest) if latest.is_editable
                else stored_findings(latest))
    seen = seen_of(latest)
    return render_template(
        "newsroom/item.html", item=item, latest=latest,
        form=FORMS[item.kind](formdata=None, obj=latest), button=ButtonForm(),
        approve_form=ApproveForm(formdata=None, version=seen.number, digest=seen.digest),
        reason_form=ReasonForm(formdata=None),
        withdraw_form=ReasonForm(formdata=None, prefix="withdraw"),
        findings=findings, open_findings=not_overridden(latest, findings),
        labels=FINDING_LABELS,
        may_edit=can_edit(current_user, item), may_approve=can_approve(current_user, item),
        may_publish=can_publish(current_user, item.office_id),
        may_see_case=item.case is not None and can_view_case(current_user, item.case),
        deliveries=channels.deliveries_for(item), public_link=public_link(item),
        changed=changed,
    ), status


@bp.post("/<int:item_id>/edit")
def edit(item_id: int):
    item = item_or_404(item_id)
    form = FORMS[item.kind]()
    if form.validate_on_submit() and _one_image(form):
        try:
            version = edit_text(item, current_user, _text(form))
        except NotAllowed:
            abort(403)
        except PublishingError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            if open_findings(version):
                flash(_("บันทึกแล้ว แต่ยังพบข้อความที่อาจระบุตัวบุคคล กรุณาตรวจสอบ"), "warning")
            else:
                flash(_("บันทึกแล้ว ไม่พบข้อความที่อาจระบุตัวบุคคล"), "success")
            return redirect(url_for("newsroom.item", item_id=item.id))
    else:
        for field in form:
            for message in field.errors:
                flash(f"{field.label.text}: {message}", "error")
    return redirect(url_for("newsroom.item", item_id=item.id))
