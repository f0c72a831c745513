"""The publishing queue, drafting pages and an item's staff page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Office, Publication, PublicationKind
from portal.newsroom import bp
from portal.newsroom.forms import ButtonForm, NewsForm, OutcomeForm, ReasonForm
from portal.publishing import channels
from portal.publishing.checks import FINDING_LABELS, open_findings, stored_findings
from portal.publishing.drafting import DraftText, draft_news, draft_outcome, edit_text
from portal.publishing.errors import NotAllowed, PublishingError
from portal.publishing.queue import TAB_LABELS, Tab, queue_counts, queue_items
from portal.publishing.rules import (
    can_approve,
    can_draft_news,
    can_draft_outcome,
    can_edit,
    can_publish,
)
from portal.publishing.share import item_url
from portal.security.access import can_view_case


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
                           may_write_news=can_draft_news(current_user))


def _text(form) -> DraftText:
    news = isinstance(form, NewsForm)
    return DraftText(
        title=form.title.data or "", body=form.body.data or "",
        link_url=(form.link_url.data or "") if news else "",
        image=form.image.clean_files[0] if news and form.image.clean_files else None,
        remove_image=bool(news and form.remove_image.data),
    )


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
                           news=True), 422 if form.is_submitted() else 200


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
    if form.validate_on_submit():
        try:
            item = draft_outcome(case, current_user, _text(form))
        except PublishingError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกร่างสรุปผลแล้ว"), "success")
            return redirect(url_for("newsroom.item", item_id=item.id))
    return render_template("newsroom/edit.html", form=form, item=None, case=case,
                           news=False), 422 if form.is_submitted() else 200


@bp.get("/<int:item_id>")
def item(item_id: int):
    item = item_or_404(item_id)
    latest = item.latest
    form_cls = NewsForm if item.kind is PublicationKind.NEWS else OutcomeForm
    form = form_cls(formdata=None, obj=latest)
    return render_template(
        "newsroom/item.html", item=item, latest=latest, form=form, button=ButtonForm(),
        reason_form=ReasonForm(formdata=None),
        withdraw_form=ReasonForm(formdata=None, prefix="withdraw"),
        findings=stored_findings(latest), open_findings=open_findings(latest),
        labels=FINDING_LABELS,
        may_edit=can_edit(current_user, item), may_approve=can_approve(current_user, item),
        may_publish=can_publish(current_user, item.office_id),
        may_see_case=item.case is not None and can_view_case(current_user, item.case),
        deliveries=channels.deliveries_for(item), public_link=item_url(item),
    )


@bp.post("/<int:item_id>/edit")
def edit(item_id: int):
    item = item_or_404(item_id)
    form = (NewsForm if item.kind is PublicationKind.NEWS else OutcomeForm)()
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
