"""The breach register: record, assess, decide whom to notify, within 72 hours (PDPA s.37(4)).

Every change is a row of ``breach_edits`` (append-only in the database): who changed which
field from what to what. A decision not to notify the PDPC or the people keeps its reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal import thai
from portal.clock import BANGKOK, utcnow
from portal.extensions import db
from portal.models import Office, User
from portal.models.privacy import Breach, BreachEdit

NOTIFY_WITHIN = timedelta(hours=72)


class BreachError(ValueError):
    """A record that cannot be kept as given; ``field`` names the form field at fault."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


@dataclass
class BreachFields:
    title: str
    discovered_at: datetime
    description: str = ""
    data_kinds: str = ""
    people_count: int = 0
    risk: str = "unknown"
    risk_assessment: str = ""
    measures: str = ""
    notify_pdpc: bool | None = None
    no_notify_reason: str = ""
    notify_people: bool | None = None
    no_people_reason: str = ""


def parse_moment(text: str) -> datetime:
    """``6/12/2569 14:30`` (Bangkok; Thai or Arabic digits, either era) as naive UTC."""
    text = thai.arabic_digits((text or "").strip())
    match = re.fullmatch(r"(\S+)(?:\s+(\d{1,2})[:.](\d{2})(?:\s*น\.)?)?", text)
    if not match:
        raise ValueError(text)
    day = thai.parse_date(match.group(1))
    if day is None:
        raise ValueError(text)
    clock = time(int(match.group(2) or 0), int(match.group(3) or 0))
    local = datetime.combine(day, clock, BANGKOK)
    return (local - local.utcoffset()).replace(tzinfo=None)


def _check(values: BreachFields, now: datetime) -> None:
    if not values.title.strip():
        raise BreachError("title")
    if values.discovered_at > now + timedelta(minutes=5):
        raise BreachError("discovered_at")
    if values.notify_pdpc is False and not values.no_notify_reason.strip():
        raise BreachError("no_notify_reason")
    if values.notify_people is False and not values.no_people_reason.strip():
        raise BreachError("no_people_reason")


def record_breach(office: Office, values: BreachFields, user: User) -> Breach:
    """A new suspected breach, its first edit row holding every field; the caller commits."""
    now = utcnow()
    _check(values, now)
    breach = Breach(office_id=office.id, recorded_by_id=user.id, recorded_at=now, **asdict(values))
    db.session.add(breach)
    db.session.flush()
    _log(breach, user, {k: [None, _plain(v)] for k, v in asdict(values).items()})
    return breach


def update_breach(breach: Breach, values: BreachFields, user: User) -> dict:
    """Change the record; returns the changes (also appended to the edit log)."""
    _check(values, utcnow())
    changes = {}
    for key, value in asdict(values).items():
        before = getattr(breach, key)
        if before != value:
            changes[key] = [_plain(before), _plain(value)]
            setattr(breach, key, value)
    if changes:
        _log(breach, user, changes)
    return changes


def close_breach(breach: Breach, user: User) -> None:
    """Close a breach once both decisions are made (a "no" keeps its reason)."""
    if breach.notify_pdpc is None:
        raise BreachError("notify_pdpc")
    if breach.notify_people is None:
        raise BreachError("notify_people")
    if breach.closed_at is None:
        breach.closed_at = utcnow()
        _log(breach, user, {"closed_at": [None, _plain(breach.closed_at)]})


def mark_pdpc_notified(breach: Breach, user: User, when: datetime | None = None) -> None:
    breach.pdpc_notified_at = when or utcnow()
    _log(breach, user, {"pdpc_notified_at": [None, _plain(breach.pdpc_notified_at)]})


def _log(breach: Breach, user: User, changes: dict) -> None:
    db.session.add(
        BreachEdit(
            breach_id=breach.id,
            user_id=user.id,
            created_at=utcnow(),
            changes=json.dumps(changes, ensure_ascii=False),
        )
    )


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


MOMENTS = ("discovered_at", "occurred_at", "closed_at", "pdpc_notified_at")


def edits_of(breach: Breach) -> list[tuple[BreachEdit, str, dict]]:
    """Each edit with its author's name and its changes; times read back as datetimes."""
    rows = db.session.execute(
        select(BreachEdit, User.name)
        .join(User, User.id == BreachEdit.user_id)
        .where(BreachEdit.breach_id == breach.id)
        .order_by(BreachEdit.id)
    ).all()
    edits = []
    for edit, name in rows:
        changes = json.loads(edit.changes)
        for key in MOMENTS:
            if key in changes:
                changes[key] = [datetime.fromisoformat(v) if v else v for v in changes[key]]
        edits.append((edit, name, changes))
    return edits


@dataclass
class Clock:
    """The 72-hour clock of the open breach whose deadline comes first."""

    breach_id: int
    title: str
    deadline: datetime
    hours_left: int  # negative once past
    open_count: int

    @property
    def overdue(self) -> bool:
        return self.hours_left < 0


def breach_clock(office_id: int, now: datetime | None = None) -> Clock | None:
    """None when no breach of the office is open (or every open one was notified)."""
    now = now or utcnow()
    breaches = db.session.scalars(
        select(Breach)
        .where(Breach.office_id == office_id, Breach.closed_at.is_(None))
        .order_by(Breach.discovered_at)
    ).all()
    waiting = [b for b in breaches if b.pdpc_notified_at is None]
    if not waiting:
        return None
    first = waiting[0]
    deadline = first.discovered_at + NOTIFY_WITHIN
    seconds = (deadline - now).total_seconds()
    hours = int(seconds // 3600)
    return Clock(first.id, first.title, deadline, hours, len(waiting))
