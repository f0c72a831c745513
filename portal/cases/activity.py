"""Each case's last activity, the reporter's latest word, and what each staff member has seen.

``cases.last_activity_at`` follows the latest timeline entry of any kind and
``cases.reporter_activity_at`` the latest one the reporter wrote after submitting (a message,
more information, a confirmation, a dispute, a rating). Entries are appended in several places
(the services, bulk assignment, the demo); the session hooks below keep both columns true for
every one of them, whoever adds it:

* a new case gets them as attribute values, in its own INSERT;
* an existing case gets one UPDATE after the flush, which leaves ``lock_version`` alone: a
  note or a message is not an edit of the case, and must not make another officer's open form
  stale.

``case_reads`` holds when a staff member last opened a case (:func:`mark_seen`); the inbox
marks a case whose reporter wrote after that (:func:`reporter_wrote_since_seen`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, event, exists, inspect, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.base import NO_VALUE
from sqlalchemy.sql.elements import ColumnElement

from portal.clock import utcnow
from portal.extensions import db
from portal.models import ActorType, Case, CaseEvent, CaseRead, EventKind, User

_PENDING = "portal_case_activity"


def is_reporter_activity(entry: CaseEvent) -> bool:
    """Whether ``entry`` is the reporter writing after the submission itself."""
    return entry.actor_type is ActorType.REPORTER and entry.kind is not EventKind.SUBMITTED


def _later(current: datetime | None, moment: datetime | None) -> datetime | None:
    if moment is None:
        return current
    return moment if current is None or moment > current else current


def _case_of(session: Session, entry: CaseEvent) -> Case | None:
    loaded = inspect(entry).attrs.case.loaded_value
    if loaded is not NO_VALUE and loaded is not None:
        return loaded
    if entry.case_id is None:
        return None
    return session.identity_map.get(inspect(Case).identity_key_from_primary_key((entry.case_id,)))


def _before_flush(session: Session, _context, _instances) -> None:
    pending: dict[int, list[datetime | None]] = session.info.setdefault(_PENDING, {})
    for entry in session.new:
        if not isinstance(entry, CaseEvent):
            continue
        if entry.created_at is None:
            entry.created_at = utcnow()  # the same moment in the entry and on its case
        reporter = entry.created_at if is_reporter_activity(entry) else None
        case_ = _case_of(session, entry)
        if case_ is not None and case_ in session.new:  # inserted in this flush
            case_.last_activity_at = _later(case_.last_activity_at, entry.created_at)
            case_.reporter_activity_at = _later(case_.reporter_activity_at, reporter)
            continue
        case_id = case_.id if case_ is not None else entry.case_id
        if case_id is None:
            continue
        latest = pending.setdefault(case_id, [None, None])
        latest[0] = _later(latest[0], entry.created_at)
        latest[1] = _later(latest[1], reporter)


def _after_flush(session: Session, _context) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    table = Case.__table__
    connection = session.connection()
    for case_id, (last, reporter) in sorted(pending.items()):
        values = {"last_activity_at": case(
            (table.c.last_activity_at < last, last), else_=table.c.last_activity_at)}
        if reporter is not None:
            values["reporter_activity_at"] = case(
                (table.c.reporter_activity_at.is_(None), reporter),
                (table.c.reporter_activity_at < reporter, reporter),
                else_=table.c.reporter_activity_at)
        connection.execute(update(table).where(table.c.id == case_id).values(**values))
        loaded = session.identity_map.get(inspect(Case).identity_key_from_primary_key((case_id,)))
        if loaded is not None:  # keep the copy in memory as the row now is
            state = inspect(loaded)
            if "last_activity_at" not in state.unloaded:
                set_committed_value(loaded, "last_activity_at",
                                    _later(loaded.last_activity_at, last))
            if reporter is not None and "reporter_activity_at" not in state.unloaded:
                set_committed_value(loaded, "reporter_activity_at",
                                    _later(loaded.reporter_activity_at, reporter))


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def init_app(_app) -> None:
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_soft_rollback", lambda s, _t: _after_rollback(s))


def mark_seen(user: User, case_: Case, now: datetime | None = None) -> None:
    """Remember that ``user`` opened ``case_`` now (one statement; the caller commits)."""
    now = now or utcnow()
    table = CaseRead.__table__
    insert = sqlite_insert if db.session.get_bind().dialect.name == "sqlite" else postgresql_insert
    stmt = insert(table).values(user_id=user.id, case_id=case_.id, seen_at=now)
    db.session.execute(stmt.on_conflict_do_update(index_elements=["user_id", "case_id"],
                                                  set_={"seen_at": now}))


def reporter_wrote_since_seen(user: User) -> ColumnElement[bool]:
    """The reporter wrote after ``user`` last opened the case, or ``user`` never opened it."""
    seen = exists().where(CaseRead.case_id == Case.id, CaseRead.user_id == user.id,
                          CaseRead.seen_at >= Case.reporter_activity_at)
    return and_(Case.reporter_activity_at.is_not(None), ~seen)
