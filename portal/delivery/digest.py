"""The daily digest: one e-mail a day to each officer listing what is due soon, due today,
overdue, or at its day-10 / day-15 reminder among the open cases they are responsible for.

Responsible means: the cases assigned to them; the cases of their work groups that name no
officer yet; and, for intake officers, the office's new cases nobody holds yet (and any open
case with neither a group nor an officer). Only cases they may open are listed (confidential
cases and recusals apply, :func:`portal.security.access.visible_cases_clause`), a confidential
case by its number only, and never the reporter's contact details. Cases waiting for the
reporter are not listed: their clock is stopped. Officers with nothing to list get no e-mail.

Scheduling: run the command once a day at 07:00 Bangkok time, before the office opens::

    # /etc/cron.d/sujarit — cronie (RHEL, Fedora) honours CRON_TZ
    CRON_TZ=Asia/Bangkok
    0 7 * * *  sujarit  cd /srv/sujarit && .venv/bin/flask --app wsgi digest

With a cron that ignores ``CRON_TZ`` (Debian's) and a server clock in UTC, write ``0 0 * * *``:
Thailand keeps UTC+7 all year (no daylight saving time). A systemd timer works too:
``OnCalendar=*-*-* 07:00:00 Asia/Bangkok``. The command's environment needs the same
``PORTAL_*`` settings as the web application. It only writes to the outbox; the worker
(``flask --app wsgi worker``) sends, with retries.

Running it again the same day is harmless: each digest's Message-ID is derived from the
office, the officer and the day, and that column is unique, so a second run (or two runs at
the same moment, e.g. on two servers) queues each officer's digest once. ``--date`` builds
the digest of another day (as it stood at 07:00 that day), e.g. to catch up after an outage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from email.utils import parseaddr

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from portal import clock
from portal.cases.deadlines import due_status, reminders_due, start_of_local_day
from portal.delivery.staff_mail import enqueue_staff_email
from portal.extensions import db
from portal.filters import thai_date
from portal.labels import CASE_TYPE
from portal.links import public_url
from portal.models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    Delivery,
    Office,
    Role,
    User,
    WorkGroupMember,
)
from portal.security.access import CASE_ROLES, visible_cases_clause

DUE_SOON_DAYS = 3
SEND_AT = time(7, 0)  # Bangkok time: the digest shows the cases as they stand then
STAFF_LOCALE = "th"
TEMPLATE = "staff_digest"
# Open cases whose clock runs (a case awaiting the reporter is paused).
RUNNING_STATUSES = tuple(s for s in OPEN_STATUSES if s is not CaseStatus.AWAITING_REPORTER)

SECTION_TITLES = {
    "overdue": _l("เกินกำหนด"),
    "due_today": _l("ครบกำหนดวันนี้"),
    "due_soon": _l("ใกล้ครบกำหนด (ภายใน %(days)d วัน)", days=DUE_SOON_DAYS),
    "reminder": _l("ถึงวันแจ้งเตือนตามระยะเวลาดำเนินการ"),
}


@dataclass
class DigestItem:
    case: Case
    state: str  # a key of SECTION_TITLES
    days: int  # days overdue, or days left
    reminder_day: int | None  # 10 or 15 (by default) when today is a reminder day
    unassigned: bool


@dataclass
class Digest:
    user: User
    day: date
    items: list[DigestItem]

    def sections(self) -> list[tuple[object, list[DigestItem]]]:
        """(title, items) for each non-empty section, most urgent first, each by deadline."""
        return [(title, [i for i in self.items if i.state == key])
                for key, title in SECTION_TITLES.items()
                if any(i.state == key for i in self.items)]


@dataclass
class DigestRun:
    """What one run of the command did, per office code."""

    queued: dict[str, int] = field(default_factory=dict)
    already_queued: dict[str, int] = field(default_factory=dict)
    nothing_to_list: dict[str, int] = field(default_factory=dict)


def bangkok_today(now: datetime | None = None) -> date:
    return clock.to_local(now or clock.utcnow()).date()


def digest_moment(day: date) -> datetime:
    """07:00 Bangkok time of ``day``, as a stored (naive UTC) timestamp."""
    return start_of_local_day(day) + timedelta(hours=SEND_AT.hour, minutes=SEND_AT.minute)


def responsibility_clause(user: User) -> ColumnElement[bool]:
    """The cases ``user`` answers for in the digest (SQL); combine with visibility."""
    groups = select(WorkGroupMember.work_group_id).where(WorkGroupMember.user_id == user.id)
    clauses = [
        Case.assignee_id == user.id,
        and_(Case.assignee_id.is_(None), Case.work_group_id.in_(groups)),
    ]
    if user.has_role(Role.INTAKE):
        clauses.append(and_(Case.assignee_id.is_(None),
                            or_(Case.status == CaseStatus.NEW, Case.work_group_id.is_(None))))
    return or_(*clauses)


def office_reminders(office: Office, day: date) -> dict[int, int]:
    """Case id → the reminder day (10 or 15 by default) that falls on ``day``."""
    reminders: dict[int, int] = {}
    for reminder in reminders_due(office, digest_moment(day)):
        reminders[reminder.case.id] = max(reminder.day, reminders.get(reminder.case.id, 0))
    return reminders


def build_digest(office: Office, user: User, day: date,
                 reminders: dict[int, int] | None = None) -> Digest:
    """What ``user``'s digest for ``day`` lists (possibly nothing)."""
    if reminders is None:
        reminders = office_reminders(office, day)
    moment = digest_moment(day)
    horizon = start_of_local_day(day + timedelta(days=DUE_SOON_DAYS + 1))
    wanted = Case.reply_due_at < horizon
    if reminders:
        wanted = or_(wanted, Case.id.in_(list(reminders)))
    cases = db.session.scalars(
        select(Case)
        .where(
            Case.office_id == office.id,
            Case.status.in_(RUNNING_STATUSES),
            Case.paused_since.is_(None),
            responsibility_clause(user),
            visible_cases_clause(user),
            wanted,
        )
        .order_by(Case.reply_due_at, Case.id)
    )
    items = []
    for case in cases:
        status = due_status(case, moment)
        if status is None or status.state == "paused":
            continue
        if status.state == "due_in":
            state = "due_soon" if status.days <= DUE_SOON_DAYS else "reminder"
        else:
            state = status.state
        if state == "reminder" and case.id not in reminders:
            continue
        items.append(DigestItem(case=case, state=state, days=status.days,
                                reminder_day=reminders.get(case.id),
                                unassigned=case.assignee_id is None))
    order = list(SECTION_TITLES)
    items.sort(key=lambda i: order.index(i.state))  # stable: keeps the deadline order
    return Digest(user=user, day=day, items=items)


def digest_message_id(office: Office, user: User, day: date) -> str:
    """The same Message-ID whenever the digest of ``user`` for ``day`` is queued: the unique
    column then refuses a second copy, even from a run in another process."""
    key = f"digest:{office.id}:{user.id}:{day.isoformat()}".encode()
    token = hashlib.sha256(key).hexdigest()[:32]
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or ""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "sujarit.local"
    return f"<digest-{day:%Y%m%d}-{token}@{domain}>"


def queue_digest(office: Office, digest: Digest) -> Delivery | None:
    """Write ``digest`` to the outbox (in the caller's transaction); None when it is empty."""
    if not digest.items:
        return None
    user, day = digest.user, digest.day
    subject = _l("สรุปเรื่องที่ต้องติดตาม ประจำวันที่ %(date)s",
                 date=thai_date(day, "long", STAFF_LOCALE))
    delivery = enqueue_staff_email(
        office, user.email, TEMPLATE, subject, STAFF_LOCALE,
        user=user, day=day, digest=digest, case_type=CASE_TYPE,
        case_url=lambda case: public_url("staff.case_detail", office=office, number=case.number),
        due_soon_days=DUE_SOON_DAYS,
    )
    delivery.purpose = f"digest:{day.isoformat()}"
    delivery.message_id = digest_message_id(office, user, day)
    return delivery


def digest_recipients(office: Office) -> list[User]:
    """Active staff of ``office`` who work on cases, with an e-mail address."""
    users = db.session.scalars(
        select(User)
        .where(User.office_id == office.id, User.active.is_(True))
        .options(selectinload(User.roles))
        .order_by(User.id)
    )
    return [u for u in users if u.email and u.role_set & CASE_ROLES]


def already_queued(message_ids: list[str]) -> set[str]:
    """Which of these digests are in the outbox already (whatever their state)."""
    if not message_ids:
        return set()
    return set(db.session.scalars(
        select(Delivery.message_id).where(Delivery.message_id.in_(message_ids))))


def send_daily_digests(day: date | None = None, offices: list[Office] | None = None) -> DigestRun:
    """Queue the digest of ``day`` (today in Bangkok by default) for every officer.

    A job, not a service: it commits each officer's digest on its own, so a refusal (the
    digest was queued meanwhile by another run) or an error costs only that one.
    """
    day = day or bangkok_today()
    if offices is None:
        offices = list(db.session.scalars(select(Office).order_by(Office.id)))
    run = DigestRun()
    for office in offices:
        code = office.code
        run.queued[code] = run.already_queued[code] = run.nothing_to_list[code] = 0
        reminders = office_reminders(office, day)
        users = digest_recipients(office)
        ids = {u.id: digest_message_id(office, u, day) for u in users}
        existing = already_queued(list(ids.values()))
        for user in users:
            if ids[user.id] in existing:
                run.already_queued[code] += 1
                continue
            if queue_digest(office, build_digest(office, user, day, reminders)) is None:
                run.nothing_to_list[code] += 1
                continue
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()  # another run queued this one first
                run.already_queued[code] += 1
            else:
                run.queued[code] += 1
    return run
