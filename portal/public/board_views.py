"""The public outcomes board: the list, an item's page, its share image, the Atom feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select

from portal import storage
from portal.extensions import db
from portal.links import public_url
from portal.models import CaseType, Category, District, PublicationKind, School
from portal.numbers import plain_int
from portal.public import bp
from portal.public.board_cache import board_stamp, cached, remembered
from portal.publishing.board import (
    BoardFilters,
    InvalidCursor,
    board_page,
    decode_cursor,
    feed_entries,
    published_item,
    published_version,
)
from portal.publishing.image import HEIGHT, WIDTH, cached_card
from portal.publishing.share import (
    facebook_share_url,
    image_extension,
    image_url,
    item_url,
    line_share_url,
)
from portal.tenancy import current_office

# Shared links are fetched by Facebook's and LINE's crawlers often: let caches keep them.
PUBLIC_CACHE = {"Cache-Control": "public, max-age=300"}
CHOICES_SECONDS = 60
FEED_EPOCH = datetime(2025, 10, 1)  # an empty feed's "updated": the portal's first fiscal year


def _int_arg(name: str) -> int | None:
    return plain_int(request.args.get(name), max_digits=9)


def _filters() -> BoardFilters:
    kind = request.args.get("kind", "")
    return BoardFilters(
        district_id=_int_arg("district"), school_id=_int_arg("school"),
        category_id=_int_arg("category"),
        kind=PublicationKind(kind) if kind in {k.value for k in PublicationKind} else None,
    )


def _labelled(model, office_id: int, english: bool, *conditions) -> list[tuple[int, str]]:
    """(id, name in the reader's language) of an office's reference rows, by name."""
    rows = db.session.execute(
        select(model.id, model.name_th, model.name_en)
        .where(model.office_id == office_id, *conditions)).all()
    return sorted(((i, en if english and en else th) for i, th, en in rows),
                  key=lambda row: row[1])


@dataclass(frozen=True)
class FilterChoices:
    """One filter's (id, name) rows and their <option>s, built once: a template loop over
    185 schools costs more than the rest of the page."""

    rows: list[tuple[int, str]]
    html: str

    @classmethod
    def of(cls, rows: list[tuple[int, str]]) -> FilterChoices:
        return cls(rows, "".join(f'<option value="{i}">{escape(n)}</option>' for i, n in rows))


def _school_choices(office_id: int, english: bool) -> FilterChoices:
    """Schools under their district, as on the intake form; those without one last."""
    districts = dict(_labelled(District, office_id, english))
    rows = db.session.execute(
        select(School.id, School.name_th, School.name_en, School.district_id)
        .where(School.office_id == office_id, School.active.is_(True))).all()
    named = sorted(((districts.get(d, ""), en if english and en else th, i)
                    for i, th, en, d in rows), key=lambda row: (not row[0], row[0], row[1]))
    parts, group = [], None
    for district, name, school_id in named:
        if district != group:
            if group is not None:
                parts.append("</optgroup>")
            label = str(_("อำเภอ%(name)s", name=district)) if district else str(_("อื่น ๆ"))
            parts.append(f'<optgroup label="{escape(label)}">')
            group = district
        parts.append(f'<option value="{school_id}">{escape(name)}</option>')
    if group is not None:
        parts.append("</optgroup>")
    return FilterChoices([(i, n) for _d, n, i in named], "".join(parts))


def _choices(office_id: int) -> dict[str, FilterChoices]:
    """The filters' choices, kept a minute per office and language: every board page lists
    the office's 185 schools, which change a few times a year."""
    english = str(get_locale()) == "en"

    def load() -> dict[str, FilterChoices]:
        return {
            "districts": FilterChoices.of(_labelled(District, office_id, english)),
            "schools": _school_choices(office_id, english),
            "categories": FilterChoices.of(_labelled(
                Category, office_id, english, Category.active.is_(True),
                Category.case_type != CaseType.CORRUPTION)),
        }

    return remembered(("choices", office_id, english), load, CHOICES_SECONDS)


def options(choices: FilterChoices, selected: int | None) -> Markup:
    """The <option>s of one filter with ``selected`` marked."""
    html = choices.html
    if selected is not None:
        html = html.replace(f'<option value="{selected}">',
                            f'<option value="{selected}" selected>', 1)
    return Markup(html)  # noqa: S704 (names escaped when built, ids are integers)


@bp.get("/outcomes")
def outcomes():
    office = current_office()
    filters = _filters()
    try:
        cursor = request.args.get("cursor")
        if cursor:
            decode_cursor(cursor)  # a token not ours is a 404, never a kept page
    except InvalidCursor:
        abort(404)

    def render() -> str:
        page = board_page(office, filters, cursor)
        args = {k: v for k, v in request.args.items() if k != "cursor" and v}
        choices = _choices(office.id)
        names = {kind: dict(c.rows) for kind, c in choices.items()}  # places, by id
        return render_template("public/board.html", office=office, page=page,
                               filters=filters, args=args, names=names, options=options,
                               **choices)

    key = ("board", office.id, request.host, str(get_locale()), request.full_path,
           board_stamp(office))
    return cached(key, render), 200, PUBLIC_CACHE


@bp.get("/outcomes/<int:item_id>")
def outcome_item(item_id: int):
    office = current_office()
    entry = published_item(office, item_id)
    if entry is None:
        abort(404)  # drafts and withdrawn items are not there, for anyone
    link = item_url(entry.item)
    return render_template(
        "public/board_item.html", office=office, entry=entry, page_url=link,
        image=image_url(entry.item, entry.version), image_size=_image_size(entry.version),
        image_ext=image_extension(entry.version),
        facebook_share=facebook_share_url(link), line_share=line_share_url(link),
    ), 200, PUBLIC_CACHE


@bp.get("/outcomes/<int:item_id>/image-<int:version>.<any(png, jpg):ext>")
def outcome_image(item_id: int, version: int, ext: str):
    """The news image, else the generated card with the Thai title, at an address ending as
    its type (.jpg or .png); the other ending (links shared before) redirects there."""
    office = current_office()
    entry = published_version(office, item_id, version)
    if entry is None:
        abort(404)
    if ext != image_extension(entry.version):
        return redirect(url_for("public.outcome_image", item_id=item_id, version=version,
                                ext=image_extension(entry.version)), 301)
    if entry.version.image_key:
        response = storage.send(entry.version.image_key, mimetype=entry.version.image_mimetype,
                                max_age=86400)
    else:
        with force_locale("th"):  # the card speaks the office's language to everyone
            label = _card_label(entry.item.kind)
        card = cached_card(Path(current_app.config["PORTAL_UPLOAD_DIR"]) / "cards",
                           entry.version.title, office.name_th, _board_address(), label)
        response = send_file(card, mimetype="image/png", max_age=86400)
    return response


@bp.get("/outcomes/feed.atom")
def outcomes_feed():
    office = current_office()

    def render() -> str:
        entries = feed_entries(office)
        stamps = [e.updated_at or e.published_at for e in entries]
        return render_template(
            "public/board_feed.xml", office=office, entries=entries,
            updated=max(stamps, default=FEED_EPOCH),
            item_link=lambda ident: public_url("public.outcome_item", item_id=ident),
            feed_url=public_url("public.outcomes_feed"), board_url=public_url("public.outcomes"))

    body = cached(("feed", office.id, request.host, board_stamp(office)), render)
    return Response(body, mimetype="application/atom+xml", headers=PUBLIC_CACHE)


def _card_label(kind: PublicationKind) -> str:
    if kind is PublicationKind.NEWS:
        return _("ข่าวสำนักงาน")
    return _("สรุปผลการดำเนินการ · ท่านแจ้ง เราทำ")


def _board_address() -> str:
    url = public_url("public.outcomes")
    return url.split("://", 1)[-1]


def _image_size(version) -> tuple[int, int]:
    if version.image_key:
        return version.image_width, version.image_height
    return WIDTH, HEIGHT
