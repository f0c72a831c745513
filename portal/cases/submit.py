"""Filing a new case from the public forms (and, later, from staff for other channels)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from portal import storage
from portal.cases.deadlines import initial_reply_due
from portal.cases.errors import AttachmentsNotSaved, CaseError
from portal.cases.numbering import next_case_number
from portal.cases.recusal import recuse_named_staff
from portal.cases.routing import first_staffed
from portal.clock import buddhist_year, utcnow
from portal.delivery.outbox import enqueue_email
from portal.extensions import db
from portal.intake_settings import IntakeSettings, intake_settings
from portal.models import (
    ActorType,
    Attachment,
    Case,
    CaseEvent,
    CaseStatus,
    CaseType,
    Channel,
    EventKind,
    Office,
    ReporterContact,
    Visibility,
)
from portal.security.access import CONFIDENTIAL_ROLES
from portal.security.files import CleanFile
from portal.security.tokens import hash_receipt, new_receipt


@dataclass
class ContactDetails:
    name: str = ""
    phone: str = ""
    email: str = ""
    line_id: str = ""


@dataclass
class CaseSubmission:
    """What a reporter filed, already validated by the form."""

    case_type: CaseType
    subject: str
    description: str
    category_id: int | None = None
    school_id: int | None = None
    place_text: str = ""
    occurred_on: date | None = None
    respondent: str = ""
    witnesses: str = ""
    anonymous: bool = False
    contact: ContactDetails = field(default_factory=ContactDetails)
    files: list[CleanFile] = field(default_factory=list)
    locale: str = "th"
    channel: Channel = Channel.WEB
    # Staff recording a phone call, letter …: when the office received it (deadlines count
    # from then) and that day; None for web reports (now).
    received_at: datetime | None = None
    original_received_on: date | None = None


@dataclass
class SubmittedCase:
    case: Case
    receipt: str  # shown to the reporter once; only its hash is stored


def submit_case(office: Office, submission: CaseSubmission) -> SubmittedCase:
    """Record a new case with its first timeline event, files and acknowledgement e-mail.

    The slow parts (hashing the receipt, writing files) come before the case number is
    reserved: reserving it locks the office's counter until commit, and submissions wait
    for one another only during that short last step. The category, school, work group and
    deadline policy come from the office's kept settings (:mod:`portal.intake_settings`), so
    a plain submission reads nothing but the counter, and its rows are written in one flush
    (the caller's commit, or an earlier flush of the caller's).
    """
    if office.archived_at is not None:
        raise CaseError(_l("สำนักงานนี้ไม่รับเรื่องใหม่แล้ว"))
    settings = intake_settings(office)
    category_id = _category(settings, submission)
    school_id = _school(settings, submission.school_id)
    received_at = submission.received_at or utcnow()
    receipt = new_receipt()
    is_corruption = submission.case_type is CaseType.CORRUPTION
    with db.session.no_autoflush:
        case = Case(
            office_id=office.id,
            case_type=submission.case_type,
            status=CaseStatus.NEW,
            channel=submission.channel,
            category_id=category_id,
            school_id=school_id,
            work_group_id=_route(settings, category_id, is_corruption),
            place_text=submission.place_text,
            subject=submission.subject,
            description=submission.description,
            occurred_on=submission.occurred_on,
            respondent=submission.respondent,
            witnesses=submission.witnesses,
            is_anonymous=submission.anonymous,
            confidential=is_corruption,
            locale=submission.locale,
            received_at=received_at,
            original_received_on=submission.original_received_on,
            reply_due_at=initial_reply_due(office, submission.case_type, received_at),
        )
        event = CaseEvent(
            kind=EventKind.SUBMITTED,
            actor_type=ActorType.REPORTER,
            to_status=CaseStatus.NEW,
            visibility=Visibility.PUBLIC,
        )
        case.events.append(event)
        store_attachments(case, event, submission.files, ActorType.REPORTER)
        contact = _contact(submission)
        if contact is not None:
            case.contact = contact
        case.number = next_case_number(office, buddhist_year(received_at))
        case.receipt_hash = hash_receipt(receipt, case.number)
        case.content_digest = content_digest(case.number, received_at.isoformat(), submission)
        db.session.add(case)
        if submission.respondent.strip():
            recuse_named_staff(case)  # flushes: the case needs its id
        if contact is not None and contact.notify_by_email:
            enqueue_email(office, case, contact.email, "case_received")
    return SubmittedCase(case=case, receipt=receipt)


def store_attachments(
    case: Case, event: CaseEvent, files: list[CleanFile], uploaded_by: ActorType
) -> None:
    """Write cleaned files to storage and attach them to ``event`` of ``case``.

    A file the case already holds is not stored again; the files must fit the uploader's
    storage budget of the case (:class:`CaseError` otherwise).
    """
    from portal.cases.attachment_limits import check_storage_budget, files_not_yet_kept

    files = files_not_yet_kept(case, files)
    check_storage_budget(case, files, uploaded_by)
    office = case.office or db.session.get(Office, case.office_id)  # keys carry the office
    for clean in files:
        try:
            key = storage.save(clean.data, office=office.code, kind="attachments")
        except storage.StorageError as exc:
            storage.discard_new_files(db.session())  # this request's files written so far
            raise AttachmentsNotSaved() from exc
        storage.track_new_file(db.session(), key)
        attachment = Attachment(
            storage_key=key,
            original_name=clean.original_name,
            mimetype=clean.mimetype,
            size=clean.size,
            sha256=clean.sha256,
            uploaded_by=uploaded_by,
        )
        case.attachments.append(attachment)
        event.attachments.append(attachment)


def content_digest(number: str, received_iso: str, submission: CaseSubmission) -> str:
    """SHA-256 over what was filed (no identity), printed on the acknowledgement slip."""
    payload = {
        "number": number,
        "received_at": received_iso,
        "type": submission.case_type.value,
        "subject": submission.subject,
        "description": submission.description,
        "respondent": submission.respondent,
        "witnesses": submission.witnesses,
        "occurred_on": submission.occurred_on.isoformat() if submission.occurred_on else None,
        "files": [f.sha256 for f in submission.files],
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _category(settings: IntakeSettings, submission: CaseSubmission) -> int | None:
    if submission.category_id is None:
        return None
    category = settings.categories.get(submission.category_id)
    if (
        category is None
        or category.case_type is not submission.case_type
        or not category.active
    ):
        raise CaseError(_l("หมวดหมู่ที่เลือกไม่ตรงกับประเภทเรื่อง กรุณาเลือกใหม่"))
    return submission.category_id


def _school(settings: IntakeSettings, school_id: int | None) -> int | None:
    if school_id is None:
        return None
    if school_id not in settings.active_school_ids:
        raise CaseError(_l("ไม่พบโรงเรียนที่เลือก กรุณาเลือกใหม่"))
    return school_id


def _route(settings: IntakeSettings, category_id: int | None, is_corruption: bool) -> int | None:
    if is_corruption:
        return first_staffed(settings.corruption_group_ids, CONFIDENTIAL_ROLES)
    return settings.categories[category_id].work_group_id if category_id is not None else None


def _contact(submission: CaseSubmission) -> ReporterContact | None:
    if submission.anonymous:
        return None  # an anonymous reporter follows the case with the receipt alone
    c = submission.contact
    contact = ReporterContact(
        name=c.name or None,
        phone=c.phone or None,
        email=c.email or None,
        line_id=c.line_id or None,
        notify_by_email=bool(c.email),
    )
    return None if contact.is_empty() else contact
