"""The daily purge: personal data past the office's retention schedule is removed for good.

Each stage walks the office's ended cases by id in batches, and each batch is its own short
transaction, so a submission never waits behind the purge for more than one batch. What is
removed is really gone: contact columns are set to NULL (not flagged), files are deleted
from storage, masked text replaces the original (SQLite's ``secure_delete`` zeroes the freed
pages and the WAL is emptied afterwards; the search index follows the update through its
triggers). A case under a legal hold is skipped.

The purge log (:class:`PurgeRun`, :class:`PurgeLogEntry`) keeps counts and case numbers,
never the data. The report figures read none of the purged columns (README, "Retention").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import String, and_, delete, exists, func, literal, or_, select, text, update
from sqlalchemy import case as when
from sqlalchemy.orm import selectinload

from portal import storage
from portal.chat.models import ChatCase, ChatInboundEvent, ChatOutgoing, ChatUser
from portal.clock import utcnow
from portal.extensions import db
from portal.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseStatus,
    CaseView,
    Delivery,
    DeliveryStatus,
    Office,
    ReporterContact,
    Satisfaction,
    SignInRecord,
    User,
)
from portal.models.privacy import (
    CasePurgeState,
    EvidenceMark,
    LegalHold,
    PurgeLogEntry,
    PurgeRun,
)
from portal.network.models import CommitteeMember, Correspondent, Invitation
from portal.privacy.masking import MASK, mask_text
from portal.privacy.schedule import schedule_of
from portal.publishing.privacy import KnownPeople

BATCH = 100  # rows per transaction: short enough that a submission hardly waits
ENDED_STATUSES = (CaseStatus.CLOSED, CaseStatus.DECLINED, CaseStatus.REFERRED, CaseStatus.MERGED)
CASE_STAGES = ("contacts", "attachments", "text")
FINAL_DELIVERY = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SHARED)
FINAL_INBOUND = ("done", "failed")
FINAL_OUTGOING = ("sent", "failed", "undeliverable")
# A committee member's contact details are kept this long after their term ended (ROPA).
NETWORK_AFTER_DAYS = 365


@dataclass
class PurgeResult:
    """What a purge removed (or, in a dry run, would remove): counts and case numbers."""

    dry_run: bool
    numbers: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in CASE_STAGES})
    held: set[str] = field(default_factory=set)
    view_logs: int = 0
    access_logs: int = 0
    deliveries: int = 0
    chat_users: int = 0
    chat_messages: int = 0
    network_contacts: int = 0
    run_id: int | None = None

    def count(self, stage: str) -> int:
        return len(self.numbers[stage])


def ended_at():
    """When a case ended: closed, else resolved, else its last activity (declined, referred)."""
    return func.coalesce(Case.closed_at, Case.resolved_at, Case.last_activity_at)


def _held():
    return exists().where(LegalHold.case_id == Case.id, LegalHold.released_at.is_(None))


def _stage_column(stage: str):
    return {
        "contacts": CasePurgeState.contacts_at,
        "attachments": CasePurgeState.files_at,
        "text": CasePurgeState.text_at,
    }[stage]


def _due(office_id: int, stage: str, cutoff: datetime):
    done = exists().where(CasePurgeState.case_id == Case.id, _stage_column(stage).is_not(None))
    return and_(
        Case.office_id == office_id, Case.status.in_(ENDED_STATUSES), ended_at() < cutoff, ~done
    )


def _batches(
    office_id: int, stage: str, cutoff: datetime, batch: int
) -> Iterator[list[tuple[int, str]]]:
    """The due, unheld cases of a stage, by id, ``batch`` at a time (keyset, one pass)."""
    last = 0
    while True:
        rows = db.session.execute(
            select(Case.id, Case.number)
            .where(_due(office_id, stage, cutoff), ~_held(), Case.id > last)
            .order_by(Case.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        yield [(r.id, r.number) for r in rows]
        last = rows[-1].id


def held_numbers(office_id: int, cutoff: datetime) -> set[str]:
    """Cases due for their first stage but kept by a legal hold."""
    return set(
        db.session.scalars(select(Case.number).where(_due(office_id, "contacts", cutoff), _held()))
    )


def purge_office(
    office: Office,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    batch: int = BATCH,
    pause: Callable[[], None] | None = None,
) -> PurgeResult:
    """Purge what the office's schedule says is past keeping; each batch commits on its own.

    ``pause`` is called between batches (the benchmark yields the database there).
    """
    now = now or utcnow()
    schedule = schedule_of(office)
    result = PurgeResult(dry_run=dry_run)
    run = None
    if not dry_run:
        run = PurgeRun(office_id=office.id, started_at=now)
        db.session.add(run)
        db.session.commit()
        result.run_id = run.id
    cutoffs = {
        "contacts": now - timedelta(days=schedule.contact_days),
        "attachments": now - timedelta(days=schedule.attachment_days),
        "text": now - timedelta(days=schedule.text_mask_days),
    }
    result.held = held_numbers(office.id, max(cutoffs.values()))  # the first stage due
    for stage in CASE_STAGES:
        for rows in _batches(office.id, stage, cutoffs[stage], batch):
            ids = [case_id for case_id, _number in rows]
            touched = _STAGES[stage](ids, dry_run)
            numbers = [number for case_id, number in rows if case_id in touched]
            result.numbers[stage].extend(numbers)
            if not dry_run:
                _mark_done(ids, stage, now)
                db.session.add_all(
                    PurgeLogEntry(run_id=run.id, stage=stage, case_number=n, count=touched[i])
                    for i, n in rows
                    if i in touched
                )
                db.session.commit()
                if pause:
                    pause()
            else:
                db.session.rollback()
    result.view_logs = _delete_old(
        CaseView,
        CaseView.created_at < now - timedelta(days=schedule.view_log_days),
        CaseView.case_id.in_(select(Case.id).where(Case.office_id == office.id)),
        dry_run=dry_run,
        batch=batch * 5,
    )
    result.access_logs = _delete_old(
        SignInRecord,
        SignInRecord.created_at < now - timedelta(days=schedule.access_log_days),
        or_(
            SignInRecord.user_id.is_(None),
            SignInRecord.user_id.in_(select(User.id).where(User.office_id == office.id)),
        ),
        dry_run=dry_run,
        batch=batch * 5,
    )
    result.deliveries = _empty_deliveries(
        office.id, now - timedelta(days=schedule.delivery_days), dry_run, batch
    )
    result.chat_users = _purge_chat_users(office.id, cutoffs["contacts"], now, dry_run, batch)
    result.chat_messages = _empty_chat_messages(
        office.id, now - timedelta(days=schedule.delivery_days), now, dry_run, batch
    )
    result.network_contacts = _purge_network_contacts(office.id, now, dry_run)
    if run is not None:
        run = db.session.get(PurgeRun, run.id)
        run.contacts = result.count("contacts")
        run.attachments = result.count("attachments")
        run.texts = result.count("text")
        run.view_logs, run.access_logs = result.view_logs, result.access_logs
        run.deliveries, run.held = result.deliveries, len(result.held)
        run.chat_users, run.chat_messages = result.chat_users, result.chat_messages
        run.network_contacts = result.network_contacts
        run.finished_at = utcnow()
        db.session.commit()
        settle_files()
    return result


def _mark_done(ids: list[int], stage: str, now: datetime) -> None:
    column = _stage_column(stage).key
    states = {
        s.case_id: s
        for s in db.session.scalars(select(CasePurgeState).where(CasePurgeState.case_id.in_(ids)))
    }
    for case_id in ids:
        state = states.get(case_id)
        if state is None:
            state = CasePurgeState(case_id=case_id)
            db.session.add(state)
        setattr(state, column, now)


def _purge_contacts(ids: list[int], dry_run: bool) -> dict[int, int]:
    """Contact details set to NULL; returns {case id: fields removed} for cases that had any.

    The fields are counted in SQL: nothing is decrypted to be removed.
    """
    held = sum(
        (
            when((column.is_not(None), 1), else_=0)
            for column in (
                ReporterContact.name,
                ReporterContact.phone,
                ReporterContact.email,
                ReporterContact.line_id,
            )
        ),
        start=literal(0),
    )
    touched = {
        row.case_id: row.held
        for row in db.session.execute(
            select(ReporterContact.case_id, held.label("held")).where(
                ReporterContact.case_id.in_(ids), held > 0
            )
        )
    }
    if not dry_run and touched:
        db.session.execute(
            update(ReporterContact)
            .where(ReporterContact.case_id.in_(list(touched)))
            .values(name=None, phone=None, email=None, line_id=None, notify_by_email=False)
        )
    return touched


def _purge_attachments(ids: list[int], dry_run: bool) -> dict[int, int]:
    """Files not marked as evidence: deleted from storage, then their rows."""
    kept = select(EvidenceMark.attachment_id)
    files = db.session.execute(
        select(Attachment.id, Attachment.case_id, Attachment.storage_key).where(
            Attachment.case_id.in_(ids), Attachment.id.not_in(kept)
        )
    ).all()
    touched: dict[int, int] = {}
    for row in files:
        touched[row.case_id] = touched.get(row.case_id, 0) + 1
    if not dry_run and files:
        for row in files:
            storage.delete(row.storage_key)  # a crash before commit: the next run retries
        db.session.execute(delete(Attachment).where(Attachment.id.in_([r.id for r in files])))
    return touched


def _mask_cases(ids: list[int], dry_run: bool) -> dict[int, int]:
    """Personal data in the case's text, messages and comments replaced by a mark."""
    touched: dict[int, int] = {}
    cases = db.session.scalars(
        select(Case)
        .where(Case.id.in_(ids))
        .options(selectinload(Case.events))
        .execution_options(populate_existing=True)
    ).all()
    comments = {
        s.case_id: s
        for s in db.session.scalars(select(Satisfaction).where(Satisfaction.case_id.in_(ids)))
    }
    for case in cases:
        known = KnownPeople(respondent=case.respondent)
        changes = 0
        for owner, attr in _text_fields(case, comments.get(case.id)):
            before = getattr(owner, attr)
            after = mask_text(before, known)
            if after != before:
                changes += 1
                if not dry_run:
                    setattr(owner, attr, after)
        if case.respondent.strip() or case.witnesses.strip():
            changes += 1
            if not dry_run:
                case.respondent = MASK if case.respondent.strip() else ""
                case.witnesses = MASK if case.witnesses.strip() else ""
        if changes:
            touched[case.id] = changes
    if not dry_run:
        db.session.flush()
    return touched


def _text_fields(case: Case, satisfaction: Satisfaction | None):
    yield case, "subject"
    yield case, "description"
    yield case, "place_text"
    for event in case.events:
        yield event, "body"
    if satisfaction is not None:
        yield satisfaction, "comment"


_STAGES = {"contacts": _purge_contacts, "attachments": _purge_attachments, "text": _mask_cases}


def _delete_old(model, *conditions, dry_run: bool, batch: int) -> int:
    """Delete old log rows ``batch`` at a time; returns how many went (or would go)."""
    if dry_run:
        return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
    removed = 0
    while True:
        ids = db.session.scalars(select(model.id).where(*conditions).limit(batch)).all()
        if not ids:
            return removed
        db.session.execute(delete(model).where(model.id.in_(ids)))
        db.session.commit()
        removed += len(ids)


def _empty_deliveries(office_id: int, cutoff: datetime, dry_run: bool, batch: int) -> int:
    """Case messages sent (or given up) before ``cutoff``: recipient and bodies emptied."""
    conditions = (
        Delivery.office_id == office_id,
        Delivery.case_id.is_not(None),
        Delivery.created_at < cutoff,
        Delivery.status.in_(FINAL_DELIVERY),
        or_(Delivery.stored_text != "", Delivery.stored_html != "", Delivery.payload != ""),
    )
    if dry_run:
        return db.session.scalar(select(func.count()).select_from(Delivery).where(*conditions)) or 0
    emptied = 0
    while True:
        ids = db.session.scalars(select(Delivery.id).where(*conditions).limit(batch)).all()
        if not ids:
            return emptied
        db.session.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids))
            .values(recipient="", stored_text="", stored_html="", payload="")
        )
        db.session.commit()
        emptied += len(ids)


def _in_batches(model, conditions, values: dict, dry_run: bool, batch: int) -> int:
    """``values`` written to the rows matching ``conditions``, ``batch`` rows a transaction."""
    if dry_run:
        return _count(model, conditions)
    done = 0
    while True:
        ids = db.session.scalars(
            select(model.id).where(*conditions).order_by(model.id).limit(batch)
        ).all()
        if not ids:
            return done
        db.session.execute(
            update(model)
            .where(model.id.in_(ids))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        done += len(ids)


def _chat_user_needed(cutoff: datetime):
    """A case of the chat user still running, ended since ``cutoff``, or under a legal hold;
    or a school's correspondent who joined in this chat (reminded there while they serve:
    replacing or removing them ends the link, and the identity then goes as any other)."""
    return or_(
        exists().where(
            ChatCase.chat_user_id == ChatUser.id,
            Case.id == ChatCase.case_id,
            or_(
                Case.status.not_in(ENDED_STATUSES),
                ended_at() >= cutoff,
                _held(),
            ),
        ),
        exists().where(Correspondent.chat_user_id == ChatUser.id),
    )


def _purge_chat_users(
    office_id: int, cutoff: datetime, now: datetime, dry_run: bool, batch: int
) -> int:
    """Chat identities (platform id, its keyed hash, display name, draft) of people whose
    cases all ended before ``cutoff`` (the contact period) and who have not written since;
    a person who wrote but filed no case goes once their last message is that old.

    The row stays, so a case still shows that it came by chat; the hash is replaced by a
    key no platform id hashes to, so the same person writing again starts afresh.
    """
    conditions = (
        ChatUser.office_id == office_id,
        ChatUser.purged_at.is_(None),
        func.coalesce(ChatUser.last_inbound_at, ChatUser.created_at) < cutoff,
        ~_chat_user_needed(cutoff),
    )
    return _in_batches(
        ChatUser,
        conditions,
        {
            "user_id": "",
            "display_name": None,
            "draft": None,
            "state": "idle",
            "user_key": literal("purged:") + ChatUser.id.cast(String),
            "purged_at": now,
        },
        dry_run,
        batch,
    )


def _empty_chat_messages(
    office_id: int, cutoff: datetime, now: datetime, dry_run: bool, batch: int
) -> int:
    """Chat events received and chat replies written before ``cutoff`` (the delivery
    period), once processed or sent (or given up): their content emptied. The rows stay for
    the case's timeline (came by chat, reply sent); a held case's messages stay whole."""
    held_case = exists().where(LegalHold.case_id == Case.id, LegalHold.released_at.is_(None))
    inbound = _in_batches(
        ChatInboundEvent,
        (
            ChatInboundEvent.office_id == office_id,
            ChatInboundEvent.purged_at.is_(None),
            ChatInboundEvent.status.in_(FINAL_INBOUND),
            ChatInboundEvent.received_at < cutoff,
            ~exists().where(
                CaseEvent.id == ChatInboundEvent.case_event_id,
                Case.id == CaseEvent.case_id,
                held_case,
            ),
        ),
        {"payload": "{}", "purged_at": now},
        dry_run,
        batch,
    )
    outgoing = _in_batches(
        ChatOutgoing,
        (
            ChatOutgoing.office_id == office_id,
            ChatOutgoing.purged_at.is_(None),
            ChatOutgoing.status.in_(FINAL_OUTGOING),
            ChatOutgoing.created_at < cutoff,
            ~exists().where(Case.id == ChatOutgoing.case_id, held_case),
        ),
        {"messages": "[]", "reply_token": None, "purged_at": now},
        dry_run,
        batch,
    )
    return inbound + outgoing


def _count(model, conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def _purge_network_contacts(office_id: int, now: datetime, dry_run: bool) -> int:
    """PR committee members whose term ended more than :data:`NETWORK_AFTER_DAYS` ago: phone,
    e-mail and LINE ID removed (the name and role stay, as in the appointment order).
    Details typed on a join form whose invitation expired or was revoked: removed.

    A school's correspondent needs nothing here: replacing one overwrites the details and
    removing one deletes the row, at once.
    """
    ended = (now - timedelta(days=NETWORK_AFTER_DAYS)).date()
    members = (
        CommitteeMember.office_id == office_id,
        CommitteeMember.term_end.is_not(None),
        CommitteeMember.term_end < ended,
        or_(
            CommitteeMember.phone.is_not(None),
            CommitteeMember.email.is_not(None),
            CommitteeMember.line_id.is_not(None),
        ),
    )
    invitations = (
        Invitation.office_id == office_id,
        Invitation.pending.is_not(None),
        Invitation.used_at.is_(None),
        or_(Invitation.expires_at < now, Invitation.revoked_at.is_not(None)),
    )
    removed = _count(CommitteeMember, members) + _count(Invitation, invitations)
    if not dry_run and removed:
        db.session.execute(
            update(CommitteeMember)
            .where(*members)
            .values(phone=None, email=None, line_id=None)
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            update(Invitation)
            .where(*invitations)
            .values(pending=None, code_digest=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    return removed


def settle_files() -> None:
    """SQLite: copy the WAL back into the database and empty it, so that the pages as they
    were before the purge are left in neither file (``secure_delete`` zeroed the freed ones).

    The text index needs nothing here: the triggers told FTS5 of every masked text, so
    no search finds the old words; FTS5's automerge folds the deleted entries out of its
    segments as the index is written to. PostgreSQL's GIN index and heap drop the old
    versions when autovacuum cleans the dead rows (README, "Retention and purge").
    """
    if db.engine.dialect.name != "sqlite":
        return
    db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    db.session.commit()
