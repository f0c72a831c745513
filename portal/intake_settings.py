"""An office's intake settings, kept per server process and per office version.

A submission needs the office's deadline policies and holidays, its categories (with their
work groups), its active schools and the group that receives corruption reports. They change
rarely, so each process keeps them per office, keyed by ``Office.settings_version``; that
number comes with the office row every public request reads anyway (``current_office``), so
checking it costs nothing. Any change of these rows through the ORM raises the number in the
same flush (:func:`install`), so every process, whichever one served the administrator, sees
a new number on its next request and reloads.

A transaction that has changed settings and not yet committed reads them afresh and keeps
nothing: what it sees may still be rolled back.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from flask import Flask, current_app
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    CaseType,
    Category,
    DeadlinePolicy,
    Holiday,
    Office,
    School,
    WorkGroup,
)

_WATCHED = (Office, Category, School, WorkGroup, DeadlinePolicy, Holiday)
_TOUCHED = "intake_settings_touched"  # Session.info key: settings changed, not yet committed
_EXTENSION = "intake_settings"


@dataclass(frozen=True)
class PolicyValues:
    """A deadline policy's values, detached from any session (duck-types DeadlinePolicy)."""

    reply_days: int
    acknowledge_days: int
    first_reminder_day: int
    second_reminder_day: int
    reporter_completion_days: int
    feedback_days: int
    working_days: bool


@dataclass(frozen=True)
class CategoryValues:
    case_type: CaseType
    active: bool
    work_group_id: int | None


@dataclass(frozen=True)
class IntakeSettings:
    office_id: int
    version: int
    policies: dict[CaseType, PolicyValues]
    holidays: frozenset[date]
    categories: dict[int, CategoryValues]
    active_school_ids: frozenset[int]
    corruption_group_id: int | None
    # Every group that receives corruption reports, in order: routing skips empty ones.
    corruption_group_ids: tuple[int, ...] = ()


def intake_settings(office: Office) -> IntakeSettings:
    """The settings of ``office`` as of its version; read from the database at most once per
    process and version."""
    session = db.session()
    if session.info.get(_TOUCHED):
        return _load(office)
    cache, lock = current_app.extensions[_EXTENSION]
    version = office.settings_version
    kept = cache.get(office.id)
    if kept is not None and kept.version == version:
        return kept
    loaded = _load(office)
    with lock:
        cache[office.id] = loaded
    return loaded


def _load(office: Office) -> IntakeSettings:
    from portal.cases.deadlines import default_policy

    session = db.session
    policies = {p.case_type: _values(p) for p in session.scalars(
        select(DeadlinePolicy).where(DeadlinePolicy.office_id == office.id))}
    for case_type in CaseType:
        policies.setdefault(case_type, _values(default_policy(office, case_type)))
    categories = {
        row.id: CategoryValues(row.case_type, bool(row.active), row.work_group_id)
        for row in session.execute(
            select(Category.id, Category.case_type, Category.active, Category.work_group_id)
            .where(Category.office_id == office.id))
    }
    schools = frozenset(session.scalars(
        select(School.id).where(School.office_id == office.id, School.active.is_(True))))
    holidays = frozenset(session.scalars(select(Holiday.day).where(Holiday.office_id == office.id)))
    corruption_groups = tuple(session.scalars(
        select(WorkGroup.id)
        .where(WorkGroup.office_id == office.id, WorkGroup.receives_corruption.is_(True))
        .order_by(WorkGroup.id)))
    return IntakeSettings(
        office_id=office.id, version=office.settings_version, policies=policies,
        holidays=holidays, categories=categories, active_school_ids=schools,
        corruption_group_id=corruption_groups[0] if corruption_groups else None,
        corruption_group_ids=corruption_groups,
    )


def _values(policy: DeadlinePolicy) -> PolicyValues:
    return PolicyValues(
        reply_days=policy.reply_days, acknowledge_days=policy.acknowledge_days,
        first_reminder_day=policy.first_reminder_day,
        second_reminder_day=policy.second_reminder_day,
        reporter_completion_days=policy.reporter_completion_days,
        feedback_days=policy.feedback_days, working_days=bool(policy.working_days),
    )


def _office_ids(session: Session) -> set[int]:
    """Offices whose settings this flush changes."""
    changed: set[int] = set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(instance, _WATCHED):
            continue
        if instance in session.dirty and not session.is_modified(instance):
            continue
        if isinstance(instance, Office):
            if instance.id is not None and _office_changed(session, instance):
                changed.add(instance.id)
        elif instance.office_id is not None:
            changed.add(instance.office_id)
    return changed


def _office_changed(session: Session, office: Office) -> bool:
    """True unless the only change is the version itself."""
    from sqlalchemy import inspect

    state = inspect(office)
    return any(attr.history.has_changes() for attr in state.attrs
               if attr.key != "settings_version")


def _before_flush(session: Session, _context, _instances) -> None:
    ids = _office_ids(session)
    if not ids:
        return
    session.info[_TOUCHED] = True
    for office_id in ids:
        # In the same flush, so the new number commits (or rolls back) with the change.
        session.execute(
            update(Office).where(Office.id == office_id)
            .values(settings_version=Office.settings_version + 1)
            .execution_options(synchronize_session="evaluate"))


def _forget_touch(session: Session, *_args) -> None:
    session.info.pop(_TOUCHED, None)


def install(app: Flask) -> None:
    app.extensions[_EXTENSION] = ({}, threading.Lock())
    if not getattr(install, "listening", False):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_commit", _forget_touch)
        event.listen(Session, "after_rollback", _forget_touch)
        install.listening = True
