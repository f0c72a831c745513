"""School news in: a correspondent submits, PR takes it into the publishing queue as a draft
credited to the school, a second person approves, and the school is told."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import clock, storage
from portal.delivery.staff_mail import enqueue_staff_email
from portal.extensions import db
from portal.links import public_url
from portal.models import Office, Publication, PublicationState, User
from portal.network.models import (
    Correspondent,
    CorrespondentKind,
    FacesAnswer,
    NewsState,
    SchoolNews,
    SchoolNewsPhoto,
)
from portal.network.registry import log_change, profile_of
from portal.publishing.approval import take_down
from portal.publishing.drafting import TITLE_MAX, DraftText, draft_news
from portal.publishing.errors import PublishingError
from portal.publishing.share import item_url
from portal.security.files import CleanFile

MAX_PHOTOS = 10
NEWS_TITLE_MAX = 150  # the credit "ข่าวจากโรงเรียน…: " goes before it
NEWS_BODY_MAX = 2000
PUBLISHED_SUBJECT = _l("ข่าวของโรงเรียนเผยแพร่แล้ว")
RETURNED_SUBJECT = _l("ข่าวของโรงเรียนถูกส่งกลับเพื่อแก้ไข")


class NewsError(Exception):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def submit_news(
    office: Office,
    person: Correspondent,
    title: str,
    body: str,
    happened_on: date,
    post_url: str,
    consent_confirmed: bool,
    faces: FacesAnswer,
    photos: list[CleanFile],
) -> SchoolNews:
    """Keep the news and its cleaned photos; it waits for PR in the network's queue."""
    title, body = " ".join(title.split()), body.strip()
    if not title or not body:
        raise NewsError(_l("กรุณากรอกหัวข้อและเนื้อหา"))
    if len(title) > NEWS_TITLE_MAX or len(body) > NEWS_BODY_MAX:
        raise NewsError(
            _l(
                "หัวข้อยาวได้ไม่เกิน %(t)d ตัวอักษร เนื้อหาไม่เกิน %(b)d ตัวอักษร",
                t=NEWS_TITLE_MAX,
                b=NEWS_BODY_MAX,
            )
        )
    if len(photos) > MAX_PHOTOS:
        raise NewsError(_l("แนบภาพได้ไม่เกิน %(n)d ภาพ", n=MAX_PHOTOS))
    if any(not p.mimetype.startswith("image/") for p in photos):
        raise NewsError(_l("แนบได้เฉพาะภาพ JPEG หรือ PNG"))
    if photos and faces is FacesAnswer.CONSENTED and not consent_confirmed:
        raise NewsError(
            _l("ภาพที่มีใบหน้านักเรียนต้องได้รับความยินยอมจากผู้ปกครอง กรุณายืนยันว่าโรงเรียนได้รับความยินยอมแล้ว")
        )
    news = SchoolNews(
        office_id=office.id,
        school_id=person.school_id,
        correspondent_id=person.id,
        title=title,
        body=body,
        happened_on=happened_on,
        post_url=post_url,
        consent_confirmed=consent_confirmed,
        faces=faces,
        submitted_at=clock.utcnow(),
    )
    for position, photo in enumerate(photos):
        key = storage.save(photo.data, office=office.code, kind="news")
        storage.track_new_file(db.session, key)  # removed again if the transaction rolls back
        news.photos.append(
            SchoolNewsPhoto(
                position=position, storage_key=key, mimetype=photo.mimetype, size=photo.size
            )
        )
    db.session.add(news)
    db.session.flush()
    log_change(
        office, f"news:{news.id}", "submitted", correspondent=person, school_id=person.school_id
    )
    return news


def credited_title(news: SchoolNews) -> str:
    """The board's title: the school's credit first, "ข่าวจากโรงเรียน…: ชื่อข่าว"."""
    return f"ข่าวจาก{news.school.name_th}: {news.title}"[:TITLE_MAX]


def accept_news(
    office: Office, news: SchoolNews, user: User, image_photo_id: int | None, editor_note: str = ""
) -> Publication:
    """Make the news a draft of the publishing queue, credited to the school.

    The privacy check runs on the draft as on every draft; a second person approves it.
    """
    if news.state is not NewsState.SUBMITTED:
        raise NewsError(_l("ข่าวนี้ดำเนินการไปแล้ว"))
    photo = next((p for p in news.photos if p.id == image_photo_id), None)
    image = None
    if photo is not None:
        data = storage.read(photo.storage_key)
        image = CleanFile(
            data=data,
            mimetype=photo.mimetype,
            extension="png" if photo.mimetype == "image/png" else "jpg",
            original_name="",
            sha256="",
            size=len(data),
        )
    try:
        item = draft_news(
            office,
            user,
            DraftText(credited_title(news), news.body, link_url=_link_for(news), image=image),
        )
    except PublishingError as error:
        raise NewsError(error.message) from error
    item.school_id, item.district_id = news.school_id, news.school.district_id
    news.state, news.publication_id = NewsState.ACCEPTED, item.id
    news.accepted_by_id, news.accepted_at = user.id, clock.utcnow()
    news.editor_note = editor_note.strip()
    log_change(office, f"news:{news.id}", "accepted_news", user=user, school_id=news.school_id)
    return item


def _link_for(news: SchoolNews) -> str:
    """Where the news links: the school's own post, else its Page, else the office's board."""
    if news.post_url:
        return news.post_url
    profile = profile_of(news.school)
    if profile is not None and profile.page_url:
        return profile.page_url
    return public_url("public.outcomes")


def check_photos(office: Office, news: SchoolNews, user: User) -> None:
    """PR ticks "ตรวจภาพนักเรียนแล้ว": the pupils' photos were looked at and may go out."""
    news.photos_checked_by_id, news.photos_checked_at = user.id, clock.utcnow()
    log_change(office, f"news:{news.id}", "photos_checked", user=user, school_id=news.school_id)


def return_news(office: Office, news: SchoolNews, user: User, note: str) -> None:
    """Send the news back to the school with the editor's note; a draft made of it stops."""
    note = note.strip()
    if len(note) < 5:
        raise NewsError(_l("กรุณาเขียนหมายเหตุถึงโรงเรียนว่าควรแก้ไขอะไร"))
    if news.state not in (NewsState.SUBMITTED, NewsState.ACCEPTED):
        raise NewsError(_l("ข่าวนี้ดำเนินการไปแล้ว"))
    if news.publication_id is not None:
        item = db.session.get(Publication, news.publication_id)
        if item.state is PublicationState.PUBLISHED:
            raise NewsError(_l("ข่าวนี้เผยแพร่แล้ว"))
        take_down(item, user, note)
    news.state, news.returned_at, news.editor_note = NewsState.RETURNED, clock.utcnow(), note
    log_change(office, f"news:{news.id}", "returned", user=user, school_id=news.school_id)
    _tell_school(office, news, "network_news_returned", RETURNED_SUBJECT)


def news_of(item: Publication) -> SchoolNews | None:
    return db.session.scalar(select(SchoolNews).where(SchoolNews.publication_id == item.id))


def require_photos_checked(item: Publication) -> None:
    """Approval guard: a school's news with photos waits for "ตรวจภาพนักเรียนแล้ว"."""
    news = news_of(item)
    if news is not None and news.photos and news.photos_checked_at is None:
        raise PublishingError(
            _l('ข่าวจากโรงเรียนนี้มีภาพ นักประชาสัมพันธ์ต้องทำเครื่องหมาย "ตรวจภาพนักเรียนแล้ว" ก่อนอนุมัติ')
        )


def tell_school_published(item: Publication, first_time: bool) -> None:
    """After approval: the news is published; its school is told once, with the note."""
    news = news_of(item)
    if news is None or not first_time:
        return
    news.state, news.published_at = NewsState.PUBLISHED, clock.utcnow()
    _tell_school(
        item.office, news, "network_news_published", PUBLISHED_SUBJECT, item_url=item_url(item)
    )


def _tell_school(office: Office, news: SchoolNews, template: str, subject, **extra) -> None:
    people = db.session.scalars(
        select(Correspondent)
        .where(Correspondent.school_id == news.school_id)
        .order_by(Correspondent.kind)
    )
    to = next((p for p in people if p.email and p.kind is CorrespondentKind.MAIN), None)
    if to is None:
        return
    enqueue_staff_email(
        office,
        to.email,
        template,
        subject,
        "th",
        name=to.name,
        news=news,
        school=news.school,
        **extra,
    )


def school_news(school_id: int) -> list[SchoolNews]:
    return list(
        db.session.scalars(
            select(SchoolNews)
            .where(SchoolNews.school_id == school_id)
            .order_by(SchoolNews.submitted_at.desc())
        )
    )


def queue(office: Office) -> list[SchoolNews]:
    """Submitted and accepted news first, then the rest, newest first."""
    rows = db.session.scalars(
        select(SchoolNews)
        .where(SchoolNews.office_id == office.id)
        .order_by(SchoolNews.submitted_at.desc())
    ).all()
    waiting = (NewsState.SUBMITTED, NewsState.ACCEPTED)
    return sorted(rows, key=lambda n: n.state not in waiting)
