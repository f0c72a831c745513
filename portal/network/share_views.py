"""The share kit per school (correspondents), the public short link, and PR's share table."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.models import School
from portal.network import sharing
from portal.network.forms import ButtonForm
from portal.network.models import Correspondent
from portal.network.school_views import bp, correspondent_required
from portal.network.signin import current_correspondent
from portal.network.staff_views import _office
from portal.network.staff_views import bp as staff_bp
from portal.publishing.share import facebook_share_url, line_share_url, post_text
from portal.tenancy import current_office


@bp.get("/school/<int:school_id>/share")
@correspondent_required
def share_list(school_id: int):
    return render_template(
        "network/share_list.html",
        school=g.school,
        items=sharing.shareable_items(current_office()),
        links=sharing.links_of_school(school_id),
    )


@bp.route("/school/<int:school_id>/share/<int:item_id>", methods=["GET", "POST"])
@correspondent_required
def share_kit(school_id: int, item_id: int):
    item = sharing.shareable_item(current_office(), item_id)
    if item is None:
        abort(404)
    person = current_correspondent()
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            sharing.mark_shared(item, person, request.form.get("post_url", ""))
        except sharing.ShareError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("บันทึกว่าแชร์แล้ว ขอบคุณครับ"), "success")
        return redirect(url_for(".share_kit", school_id=school_id, item_id=item.id))
    link = sharing.open_kit(item, person)
    db.session.commit()
    url = sharing.short_url(link)
    version = item.live
    return render_template(
        "network/share_kit.html",
        school=g.school,
        item=item,
        link=link,
        url=url,
        text=f"{version.title}\n\n{post_text(item, version)}",
        facebook=facebook_share_url(url),
        line=line_share_url(url),
        form=form,
    )


@bp.get("/s/<code>")
def short_link(code: str):
    """A school's short link: one more click counted, nothing else about the visitor kept."""
    target = sharing.follow_short_link(code)
    if target is None:
        abort(404)
    db.session.commit()
    return redirect(target, code=302)


@staff_bp.get("/shares")
def shares_page():
    return render_template("network/shares.html", rows=sharing.share_summary(_office()))


@staff_bp.get("/shares/<int:item_id>")
def shares_item(item_id: int):
    item = sharing.shareable_item(_office(), item_id)
    if item is None:
        abort(404)
    links = sharing.item_shares(item)
    schools = {
        s.id: s
        for s in db.session.scalars(
            select(School).where(School.id.in_([k.school_id for k in links]))
        )
    }
    ids = {k.opened_by_id for k in links} | {k.shared_by_id for k in links}
    people = {
        p.id: p.name
        for p in db.session.scalars(select(Correspondent).where(Correspondent.id.in_(ids)))
    }
    return render_template(
        "network/shares_item.html", item=item, links=links, schools=schools, people=people
    )
