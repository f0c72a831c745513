"""Writing what will be published: outcome summaries, news links, new versions, overrides."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from PIL import Image
from sqlalchemy import select

from portal import clock, storage
from portal.extensions import db
from portal.models import (
    Case,
    CaseEvent,
    CaseStatus,
    Office,
    Publication,
    PublicationKind,
    PublicationVersion,
    User,
    VersionState,
)
from portal.publishing.checks import check_version, dump_findings, known_people_of, open_findings
from portal.publishing.errors import NotAllowed, PublishingError
from portal.publishing.privacy import Finding, check_text
from portal.publishing.rules import (
    can_draft_news,
    can_draft_outcome,
    can_draft_participation,
    can_edit,
    may_summarise,
)
from portal.security.files import CleanFile

TITLE_MAX = 200
BODY_MAX = 2000
# A participation report: its topic had 300 characters before it was a publication.
TOPIC_MAX = 300
PARTICIPATION_MAX = 5000


@dataclass
class DraftText:
    """What the author typed; ``image`` only for news, already cleaned like attachments."""

    title: str
    body: str
    link_url: str = ""
    image: CleanFile | None = None
    remove_image: bool = False
    # A participation report's: the outcome is ``body``, the topic ``title``.
    held_on: date | None = None
    participants: str = ""
    improvement: str = ""


@dataclass
class OutcomeStart:
    """Where a new outcome summary starts: the case's resolution text and what the privacy
    check found in it, so the author sees what to take out before the first save."""

    body: str = ""
    findings: list[Finding] = field(default_factory=list)


def outcome_start(case: Case) -> OutcomeStart:
    """The text the case was resolved with (the newest resolution), already checked."""
    body = db.session.scalar(
        select(CaseEvent.body).where(CaseEvent.case_id == case.id,
                                     CaseEvent.to_status == CaseStatus.RESOLVED)
        .order_by(CaseEvent.created_at.desc(), CaseEvent.id.desc()).limit(1))
    body = (body or "").strip()[:BODY_MAX]
    if not body:
        return OutcomeStart()
    return OutcomeStart(body, check_text(body, known_people_of(case.office, case)))


def draft_outcome(case: Case, author: User, text: DraftText) -> Publication:
    """Start the public summary of ``case``; its first version is a draft, checked at once."""
    if not may_summarise(case):
        raise PublishingError(_l("สรุปผลเผยแพร่ได้เฉพาะเรื่องที่ดำเนินการแล้วหรือยุติแล้ว "
                                 "และไม่ใช่เรื่องลับหรือเรื่องทุจริต"))
    if not can_draft_outcome(author, case):
        raise NotAllowed(_l("ท่านไม่มีสิทธิ์เขียนสรุปผลของเรื่องนี้"))
    existing = db.session.scalar(select(Publication).where(Publication.case_id == case.id))
    if existing is not None:
        raise PublishingError(_l("เรื่องนี้มีสรุปผลแล้ว กรุณาแก้ไขฉบับเดิม"))
    item = Publication(
        office=case.office, kind=PublicationKind.OUTCOME, case=case, author_id=author.id,
        case_type=case.case_type, category_id=case.category_id, school_id=case.school_id,
        district_id=case.school.district_id if case.school else None,
    )
    db.session.add(item)
    _add_version(item, author, text, number=1)
    db.session.flush()  # the item's id and defaults, for the pages and rules that follow
    return item


def draft_news(office: Office, author: User, text: DraftText) -> Publication:
    """Start a news link (title, summary, http(s) link, optional image)."""
    if not can_draft_news(author) or author.office_id != office.id:
        raise NotAllowed(_l("เฉพาะนักประชาสัมพันธ์เขียนข่าวได้"))
    _require_link(text.link_url)
    item = Publication(office=office, kind=PublicationKind.NEWS, author_id=author.id)
    db.session.add(item)
    _add_version(item, author, text, number=1)
    db.session.flush()  # the item's id and defaults, for the pages and rules that follow
    return item


def draft_participation(office: Office, author: User, text: DraftText) -> Publication:
    """Start a participation report for the ITA: public only once a second person approves."""
    if not can_draft_participation(author) or author.office_id != office.id:
        raise NotAllowed(_l("ท่านไม่มีสิทธิ์บันทึกรายงานการมีส่วนร่วม"))
    item = Publication(office=office, kind=PublicationKind.PARTICIPATION, author_id=author.id)
    db.session.add(item)
    _add_version(item, author, text, number=1)
    db.session.flush()
    return item


def edit_text(item: Publication, editor: User, text: DraftText) -> PublicationVersion:
    """Change the text: the open draft in place, else a new version that needs approval again."""
    if not can_edit(editor, item):
        raise NotAllowed(_l("ท่านไม่มีสิทธิ์แก้ไขรายการนี้"))
    if item.kind is PublicationKind.NEWS:
        _require_link(text.link_url)
    latest = item.latest
    if not latest.is_editable:
        return _add_version(item, editor, text, number=latest.number + 1, previous=latest)
    _fill(latest, text)
    latest.author_id = editor.id  # who wrote these words: they may not approve them
    latest.state = VersionState.DRAFT  # changed text goes back for a look before approval
    latest.submitted_at = None
    latest.updated_at = clock.utcnow()
    check_version(item, latest)
    return latest


def submit_for_approval(item: Publication, user: User) -> PublicationVersion:
    if not can_edit(user, item):
        raise NotAllowed(_l("ท่านไม่มีสิทธิ์ส่งรายการนี้"))
    version = item.latest
    if version.state is not VersionState.DRAFT:
        raise PublishingError(_l("ฉบับนี้ส่งขออนุมัติไปแล้ว"))
    version.state = VersionState.AWAITING_APPROVAL
    version.submitted_at = clock.utcnow()
    return version


def override_findings(item: Publication, user: User, reason: str) -> list[Finding]:
    """Keep the current findings on purpose, with the reason recorded (who, when, why)."""
    if not can_edit(user, item):
        raise NotAllowed(_l("ท่านไม่มีสิทธิ์แก้ไขรายการนี้"))
    reason = reason.strip()
    if len(reason) < 5:
        raise PublishingError(_l("กรุณาระบุเหตุผลที่คงข้อความที่ตรวจพบไว้"))
    version = item.latest
    if not version.is_editable:
        raise PublishingError(_l("ฉบับนี้อนุมัติแล้ว"))
    findings = check_version(item, version)
    version.overridden_flags = dump_findings(findings)
    version.override_reason = reason
    version.override_by_id = user.id
    version.override_at = clock.utcnow()
    return findings


def _add_version(item: Publication, author: User, text: DraftText, *, number: int,
                 previous: PublicationVersion | None = None) -> PublicationVersion:
    version = PublicationVersion(number=number, author_id=author.id, state=VersionState.DRAFT,
                                 title="", body="")
    if previous is not None:  # a new version keeps the image unless told otherwise
        version.image_key = previous.image_key
        version.image_mimetype = previous.image_mimetype
        version.image_width, version.image_height = previous.image_width, previous.image_height
    item.versions.append(version)
    _fill(version, text)
    check_version(item, version)
    return version


def _fill(version: PublicationVersion, text: DraftText) -> None:
    title, body = " ".join(text.title.split()), text.body.strip()
    if version.publication.kind is PublicationKind.PARTICIPATION:
        _fill_participation(version, title, body, text)
        return
    if not title or not body:
        raise PublishingError(_l("กรุณากรอกหัวข้อและเนื้อหา"))
    if len(title) > TITLE_MAX or len(body) > BODY_MAX:
        raise PublishingError(_l("หัวข้อยาวได้ไม่เกิน %(title)d ตัวอักษร เนื้อหาไม่เกิน "
                                 "%(body)d ตัวอักษร", title=TITLE_MAX, body=BODY_MAX))
    version.title, version.body, version.link_url = title, body, text.link_url.strip()
    if text.remove_image:
        version.image_key, version.image_mimetype = None, ""
        version.image_width = version.image_height = 0
    if text.image is not None:
        _store_image(version, text.image)


def _fill_participation(version: PublicationVersion, title: str, body: str,
                        text: DraftText) -> None:
    participants, improvement = text.participants.strip(), text.improvement.strip()
    if not (title and body and participants and improvement and text.held_on):
        raise PublishingError(_l("กรุณากรอกวันที่ หัวข้อ ผู้เข้าร่วม ผลที่ได้ "
                                 "และสิ่งที่ปรับปรุงให้ครบ"))
    if len(title) > TOPIC_MAX or max(map(len, (body, participants, improvement))) > \
            PARTICIPATION_MAX:
        raise PublishingError(_l("หัวข้อยาวได้ไม่เกิน %(title)d ตัวอักษร ช่องอื่นไม่เกิน "
                                 "%(body)d ตัวอักษร", title=TOPIC_MAX, body=PARTICIPATION_MAX))
    version.title, version.body, version.held_on = title, body, text.held_on
    version.participants, version.improvement = participants, improvement


def _store_image(version: PublicationVersion, image: CleanFile) -> None:
    if not image.mimetype.startswith("image/"):
        raise PublishingError(_l("ภาพประกอบต้องเป็นไฟล์ JPEG หรือ PNG"))
    key = storage.save(image.data, office=version.publication.office.code, kind="images")
    storage.track_new_file(db.session, key)  # removed again if the transaction rolls back
    with Image.open(io.BytesIO(image.data)) as picture:
        version.image_width, version.image_height = picture.size
    version.image_key, version.image_mimetype = key, image.mimetype


def _require_link(url: str) -> None:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublishingError(_l("ลิงก์ข่าวต้องขึ้นต้นด้วย http:// หรือ https://"))


def unresolved(item: Publication) -> list[Finding]:
    """The latest version's findings that still stand in the way of approval."""
    return open_findings(item.latest)
