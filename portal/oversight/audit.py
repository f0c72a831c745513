"""The account audit log: every change to a staff account's roles, groups, activation and
two-factor, appended, never edited (the database refuses UPDATE and DELETE)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import AccountAction, AccountAuditEntry, Office, User

PAGE_SIZE = 100


def record_account_change(actor: User | None, target: User, action: AccountAction,
                          **detail: object) -> AccountAuditEntry:
    """Append one entry; ``actor`` None means the command line. The caller commits."""
    entry = AccountAuditEntry(
        office_id=target.office_id, actor_id=actor.id if actor else None, target_id=target.id,
        action=action, detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
    )
    db.session.add(entry)
    return entry


def role_values(roles: Iterable) -> list[str]:
    return sorted(str(role) for role in roles)


def account_log_page(office: Office, before_id: int | None = None,
                     size: int = PAGE_SIZE) -> list[AccountAuditEntry]:
    """The office's entries, newest first, ``size`` at a time below ``before_id``."""
    query = (select(AccountAuditEntry).where(AccountAuditEntry.office_id == office.id)
             .options(selectinload(AccountAuditEntry.actor),
                      selectinload(AccountAuditEntry.target))
             .order_by(AccountAuditEntry.id.desc()).limit(size))
    if before_id is not None:
        query = query.where(AccountAuditEntry.id < before_id)
    return list(db.session.scalars(query))


def entry_detail(entry: AccountAuditEntry) -> dict:
    try:
        detail = json.loads(entry.detail or "{}")
    except ValueError:
        return {}
    return detail if isinstance(detail, dict) else {}
