"""A correspondent's news pages: send news with photos, see what became of it."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.extensions import db
from portal.network import news as school_news
from portal.network.forms import FACES_CHOICES, NewsForm
from portal.network.labels import NEWS_STATES
from portal.network.models import FacesAnswer, SchoolNews
from portal.network.news_views import photo_response
from portal.network.school_views import bp, correspondent_required
from portal.network.signin import current_correspondent
from portal.tenancy import current_office


@bp.get("/school/<int:school_id>/news")
@correspondent_required
def news_list(school_id: int):
    return render_template(
        "network/school_news.html",
        school=g.school,
        items=school_news.school_news(school_id),
        NEWS_STATES=NEWS_STATES,
    )


@bp.route("/school/<int:school_id>/news/new", methods=["GET", "POST"])
@correspondent_required
def news_new(school_id: int):
    form = NewsForm()
    if form.validate_on_submit():
        try:
            school_news.submit_news(
                current_office(),
                current_correspondent(),
                form.title.data,
                form.body.data,
                form.happened_on.data,
                form.post_url.data or "",
                form.consent.data,
                FacesAnswer(form.faces.data),
                form.photos.clean_files,
            )
        except school_news.NewsError as error:
            form.title.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("ส่งข่าวแล้ว นักประชาสัมพันธ์จะตรวจและแจ้งผลทางอีเมล"), "success")
            return redirect(url_for(".news_list", school_id=school_id))
    return render_template(
        "network/school_news_form.html", form=form, school=g.school, faces=FACES_CHOICES
    )


@bp.get("/school/<int:school_id>/news/<int:news_id>/photos/<int:photo_id>")
@correspondent_required
def news_photo(school_id: int, news_id: int, photo_id: int):
    news = db.session.get(SchoolNews, news_id)
    if news is None or news.school_id != school_id:
        abort(404)
    return photo_response(news, photo_id)
