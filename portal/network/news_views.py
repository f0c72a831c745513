"""PR's pages for the schools' news: the queue, an item, taking it in, returning it."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal import storage
from portal.extensions import db
from portal.network import news as school_news
from portal.network.forms import FACES_CHOICES, AcceptForm, ButtonForm, ReturnForm
from portal.network.labels import NEWS_STATES
from portal.network.models import SchoolNews
from portal.network.staff_views import _office, bp
from portal.numbers import plain_int


def _news_or_404(news_id: int) -> SchoolNews:
    news = db.session.get(SchoolNews, news_id)
    if news is None or news.office_id != current_user.office_id:
        abort(404)
    return news


@bp.get("/news")
def news_queue():
    return render_template(
        "network/news_queue.html", items=school_news.queue(_office()), NEWS_STATES=NEWS_STATES
    )


def _accept_form(news: SchoolNews) -> AcceptForm:
    form = AcceptForm()
    form.image.choices = [SelectChoice("", _("ไม่ใช้ภาพ"))] + [
        SelectChoice(str(p.id), _("ภาพที่ %(n)d", n=p.position + 1)) for p in news.photos
    ]
    if not form.is_submitted() and news.photos:
        form.image.data = str(news.photos[0].id)
    return form


@bp.get("/news/<int:news_id>")
def news_item(news_id: int):
    news = _news_or_404(news_id)
    return render_template(
        "network/news_item.html",
        news=news,
        accept=_accept_form(news),
        returning=ReturnForm(),
        button=ButtonForm(),
        NEWS_STATES=NEWS_STATES,
        FACES=dict(FACES_CHOICES),
    )


@bp.post("/news/<int:news_id>/accept")
def news_accept(news_id: int):
    news = _news_or_404(news_id)
    form = _accept_form(news)
    if not form.validate_on_submit():
        abort(400)
    image = plain_int(form.image.data)
    try:
        item = school_news.accept_news(_office(), news, current_user, image, form.note.data or "")
    except school_news.NewsError as error:
        flash(str(error.message), "error")
        return redirect(url_for(".news_item", news_id=news.id))
    db.session.commit()
    flash(_("รับข่าวเป็นร่างในคิวการเผยแพร่แล้ว แก้ไขข้อความแล้วส่งให้ผู้อนุมัติได้"), "success")
    return redirect(url_for("newsroom.item", item_id=item.id))


@bp.post("/news/<int:news_id>/check-photos")
def news_check_photos(news_id: int):
    news = _news_or_404(news_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    school_news.check_photos(_office(), news, current_user)
    db.session.commit()
    flash(_("บันทึกว่าตรวจภาพนักเรียนแล้ว"), "success")
    return redirect(url_for(".news_item", news_id=news.id))


@bp.post("/news/<int:news_id>/return")
def news_return(news_id: int):
    news = _news_or_404(news_id)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            school_news.return_news(_office(), news, current_user, form.note.data)
        except school_news.NewsError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("ส่งข่าวกลับไปให้โรงเรียนแก้ไขแล้ว"), "success")
    else:
        flash(_("กรุณาเขียนหมายเหตุถึงโรงเรียนว่าควรแก้ไขอะไร"), "error")
    return redirect(url_for(".news_item", news_id=news.id))


@bp.get("/news/<int:news_id>/photos/<int:photo_id>")
def news_photo(news_id: int, photo_id: int):
    news = _news_or_404(news_id)
    return photo_response(news, photo_id)


def photo_response(news: SchoolNews, photo_id: int) -> Response:
    """A stored photo of ``news``: cleaned already, served only to those allowed."""
    photo = next((p for p in news.photos if p.id == photo_id), None)
    if photo is None:
        abort(404)
    return Response(
        storage.read(photo.storage_key),
        mimetype=photo.mimetype,
        headers={"X-Content-Type-Options": "nosniff", "Content-Disposition": "inline"},
    )
