"""Transferring a case to another office of the installation, and finding it again."""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal import clock, storage
from portal.cases.deadlines import initial_reply_due
from portal.cases.errors import CaseError
from portal.cases.numbering import next_case_number
from portal.cases.recusal import recuse_named_staff
from portal.cases.submit import _route
from portal.cases.transitions import (
    case_service,
    finish,
    mark_informed,
    move,
    require_version,
    text_for,
)
from portal.clock import buddhist_year
from portal.delivery.outbox import enqueue_email
from portal.extensions import db
from portal.intake_settings import intake_settings
from portal.models import (
    ActorType,
    Attachment,
    Case,
    CaseEvent,
    CaseStatus,
    CaseType,
    Category,
    EventKind,
    Office,
    ReporterContact,
    Role,
    User,
    Visibility,
)
from portal.referral.models import CaseTransfer
from portal.security.access import can_view_case

# Who may transfer: the intake officer or the director; a confidential case only the
# integrity officer or the director (those who may see its reporter).
TRANSFER_ROLES = frozenset({Role.INTAKE, Role.DIRECTOR})
CONFIDENTIAL_TRANSFER_ROLES = frozenset({Role.INTEGRITY, Role.DIRECTOR})
HANDOFF_SALT = "portal.referral.handoff"
HANDOFF_SECONDS = 120


def is_confidential(case: Case) -> bool:
    return case.confidential or case.case_type is CaseType.CORRUPTION


def may_transfer(user: User, case: Case) -> bool:
    """Whether ``user`` may transfer ``case`` (an open case of their office they may see)."""
    if not case.is_open or not can_view_case(user, case):
        return False
    allowed = CONFIDENTIAL_TRANSFER_ROLES if is_confidential(case) else TRANSFER_ROLES
    return bool(user.role_set & allowed)


def receiving_offices(case: Case) -> list[Office]:
    """The installation's other offices that take new cases, by code."""
    return list(
        db.session.scalars(
            select(Office)
            .where(Office.id != case.office_id, Office.archived_at.is_(None))
            .order_by(Office.code)
        )
    )


@case_service
def transfer_case(
    case: Case, actor: User, to_office: Office, reason: str, expected_version: int
) -> CaseTransfer:
    """Move ``case`` with its history, files and reporter contact to ``to_office``.

    The receiving office gets a new case (its own number, routing and deadlines); the sending
    office keeps ``case`` closed as referred, without contact, files, evidence fields or the
    reporter's messages. Files are copied under the receiving office's keys and checked
    against their SHA-256; the sending office's copies are removed once the move commits.
    """
    if not may_transfer(actor, case):
        raise CaseError(_l("ท่านไม่มีสิทธิ์โอนเรื่องนี้"))
    require_version(case, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_l("กรุณาระบุเหตุผลที่โอนเรื่อง"))
    if to_office.id == case.office_id:
        raise CaseError(_l("โอนเรื่องไปสำนักงานเดียวกันไม่ได้"))
    if to_office.archived_at is not None:
        raise CaseError(_l("สำนักงานนี้ไม่รับเรื่องใหม่แล้ว"))
    from_office = db.session.get(Office, case.office_id)
    now = clock.utcnow()
    confidential = is_confidential(case)
    new = _receiving_case(case, to_office, confidential, now)
    copied = _copy_events(case, new)
    old_keys = _copy_files(case, new, to_office, copied)
    new.events.append(
        CaseEvent(
            kind=EventKind.STATUS_CHANGED,
            actor_type=ActorType.SYSTEM,
            to_status=CaseStatus.NEW,
            visibility=Visibility.PUBLIC,
            created_at=now,
            body=text_for(
                case,
                _l(
                    "รับโอนจาก %(office)s เหตุผล: %(reason)s",
                    office=from_office.name_th,
                    reason=reason,
                ),
            ),
        )
    )
    contact = case.contact
    if contact is not None:
        new.contact = ReporterContact(
            name=contact.name,
            phone=contact.phone,
            email=contact.email,
            line_id=contact.line_id,
            notify_by_email=contact.notify_by_email,
        )
    new.number = next_case_number(to_office, buddhist_year(now))
    db.session.add(new)
    db.session.flush()
    if new.respondent.strip():
        recuse_named_staff(new)
    transfer = CaseTransfer(
        from_case_id=case.id,
        to_case_id=new.id,
        from_office_id=case.office_id,
        to_office_id=to_office.id,
        from_number=case.number,
        receipt_hash=case.receipt_hash,
        reason=reason,
        actor_user_id=actor.id,
        confidential=confidential,
        files_copied=len(old_keys),
        events_copied=len(copied),
        created_at=now,
    )
    db.session.add(transfer)
    _close_sending_record(case, actor, to_office, reason, now)
    if new.contact is not None and new.contact.notify_by_email and new.contact.email:
        enqueue_email(
            to_office,
            new,
            new.contact.email,
            "case_transferred",
            from_office=from_office,
            reason=reason,
            old_number=case.number,
        )
    _remove_after_commit(old_keys)
    current_app.logger.info(
        "case %s of office %s transferred to office %s as %s by user %s (%d files)",
        case.number,
        from_office.code,
        to_office.code,
        new.number,
        actor.id,
        len(old_keys),
    )
    return transfer


def _receiving_case(case: Case, office: Office, confidential: bool, now) -> Case:
    settings = intake_settings(office)
    category_id = _matching_category(case, office)
    place = " · ".join(
        p for p in (case.school.name_th if case.school else "", case.place_text) if p
    )[:300]
    return Case(
        office_id=office.id,
        case_type=case.case_type,
        status=CaseStatus.NEW,
        channel=case.channel,
        category_id=category_id,
        school_id=None,
        work_group_id=_route(settings, category_id, confidential),
        place_text=place,
        subject=case.subject,
        description=case.description,
        occurred_on=case.occurred_on,
        respondent=case.respondent,
        witnesses=case.witnesses,
        is_anonymous=case.is_anonymous,
        confidential=confidential,
        locale=case.locale,
        # The receipt was hashed with the old number: only that number opens the new case
        # (see find_transferred); the content digest is the reporter's slip, unchanged.
        receipt_hash=case.receipt_hash,
        content_digest=case.content_digest,
        received_at=now,
        reply_due_at=initial_reply_due(office, case.case_type, now),
        last_activity_at=now,
    )


def _matching_category(case: Case, office: Office) -> int | None:
    """The receiving office's active category of the same type and Thai name, if any."""
    if case.category is None:
        return None
    return db.session.scalar(
        select(Category.id)
        .where(
            Category.office_id == office.id,
            Category.case_type == case.case_type,
            Category.name_th == case.category.name_th,
            Category.active,
        )
        .limit(1)
    )


def _copy_events(case: Case, new: Case) -> dict[int, CaseEvent]:
    """The timeline, entry by entry (staff of the sending office are not named)."""
    copied = {}
    for old in case.events:
        entry = CaseEvent(
            kind=old.kind,
            actor_type=old.actor_type,
            from_status=old.from_status,
            to_status=old.to_status,
            body=old.body,
            visibility=old.visibility,
            created_at=old.created_at,
        )
        new.events.append(entry)
        copied[old.id] = entry
    return copied


def _copy_files(case: Case, new: Case, office: Office, events: dict[int, CaseEvent]) -> list[str]:
    """Every file rewritten under ``office``'s keys, checked by SHA-256; the old keys."""
    old_keys = []
    for item in case.attachments:
        data = storage.read(item.storage_key)
        if hashlib.sha256(data).hexdigest() != item.sha256:
            raise CaseError(
                _l("ไฟล์แนบ %(name)s ไม่ตรงกับที่บันทึกไว้ โอนเรื่องไม่ได้", name=item.original_name)
            )
        key = storage.save(data, office=office.code, kind="attachments")
        storage.track_new_file(db.session(), key)
        if hashlib.sha256(storage.read(key)).hexdigest() != item.sha256:
            raise CaseError(_l("คัดลอกไฟล์แนบ %(name)s ไม่สำเร็จ โอนเรื่องไม่ได้", name=item.original_name))
        copy = Attachment(
            storage_key=key,
            original_name=item.original_name,
            mimetype=item.mimetype,
            size=item.size,
            sha256=item.sha256,
            uploaded_by=item.uploaded_by,
            created_at=item.created_at,
        )
        new.attachments.append(copy)
        if item.event_id in events:
            events[item.event_id].attachments.append(copy)
        old_keys.append(item.storage_key)
    return old_keys


def _close_sending_record(case: Case, actor: User, to_office: Office, reason: str, now) -> None:
    """The sending office keeps the fact of the case and the move, nothing personal."""
    body = text_for(
        case, _l("โอนไป %(office)s เหตุผล: %(reason)s", office=to_office.name_th, reason=reason)
    )
    event = move(case, actor, CaseStatus.REFERRED, body=body, now=now)
    case.referred_to = to_office.name_th[:300]
    mark_informed(case, now)
    for entry in case.events:
        if entry.kind is EventKind.REPORTER_MESSAGE:
            entry.body = ""
        entry.attachments = []
    case.attachments = []  # delete-orphan: the rows go; the files after commit
    case.contact = None
    case.description = body
    case.respondent = case.witnesses = case.place_text = ""
    finish(case, event)


_OLD_KEYS = "portal_referral_old_keys"


def _remove_after_commit(keys: list[str]) -> None:
    """Delete the sending office's copies once the move commits; a rollback keeps them."""
    if not keys:
        return
    if not event.contains(Session, "after_commit", _removed_on_commit):
        event.listen(Session, "after_commit", _removed_on_commit)
        event.listen(Session, "after_rollback", _kept_on_rollback)
    db.session().info.setdefault(_OLD_KEYS, []).extend(keys)


def _removed_on_commit(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint inside the move's transaction: not committed yet
    for key in session.info.pop(_OLD_KEYS, []):
        try:
            storage.delete(key)
        except (OSError, storage.StorageError):
            current_app.logger.warning("could not remove transferred file %s", key)


def _kept_on_rollback(session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_OLD_KEYS, None)


def outgoing(case: Case) -> CaseTransfer | None:
    return db.session.scalar(select(CaseTransfer).where(CaseTransfer.from_case_id == case.id))


def incoming(case: Case) -> CaseTransfer | None:
    return db.session.scalar(select(CaseTransfer).where(CaseTransfer.to_case_id == case.id))


def find_transferred(office: Office, number: str) -> CaseTransfer | None:
    """The transfer into ``office`` of the case that had ``number`` at its old office."""
    return db.session.scalar(
        select(CaseTransfer).where(
            CaseTransfer.to_office_id == office.id, CaseTransfer.from_number == number
        )
    )


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=HANDOFF_SALT)


def handoff_token(transfer: CaseTransfer) -> str:
    """A short-lived signed pass: the reporter proved the receipt at the old office."""
    return _serializer().dumps({"t": transfer.id, "n": transfer.from_number})


def read_handoff(token: str, office: Office) -> CaseTransfer | None:
    try:
        data = _serializer().loads(token, max_age=HANDOFF_SECONDS)
    except BadSignature:
        return None
    transfer = db.session.get(CaseTransfer, data.get("t")) if isinstance(data, dict) else None
    if (
        transfer is None
        or transfer.to_office_id != office.id
        or transfer.from_number != data.get("n")
    ):
        return None
    return transfer
