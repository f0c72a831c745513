"""The staff inbox: queues with counts, filters, Thai search, sort and keyset pagination.

Every list is restricted by :func:`portal.security.access.visible_cases_clause`; nothing here
widens it. Pages are found by the last row's sort key and id (keyset), never by OFFSET, so
page 50 costs what page 1 costs. A page is one query whatever its size: the category, school
(with district), work group and assignee come in the same query; a text search adds one to
three queries that choose the cheaper plan (:func:`_search_page`), never one per row.
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, bindparam, func, or_, select, true
from sqlalchemy.orm import joinedload, load_only, with_expression
from sqlalchemy.sql.elements import ColumnElement

from portal.cases.activity import reporter_wrote_since_seen

# The inbox's bulk action lives in its own module; importable from here too.
from portal.cases.bulk import BulkAssignResult, SkippedCase, bulk_assign  # noqa: F401
from portal.cases.deadlines import PAUSED_STATUS
from portal.cases.errors import CaseError
from portal.clock import BANGKOK, to_local, utcnow
from portal.extensions import db
from portal.models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    CaseType,
    Channel,
    School,
    User,
    WorkGroupMember,
)
from portal.search import TextSearch, case_text_condition, text_search
from portal.security.access import (
    CONFIDENTIAL_ROLES,
    visible_cases_clause,
)
from portal.security.inputs import MAX_ID


class Queue(enum.StrEnum):
    OPEN = "open"  # every case not yet answered for good: the inbox's first view
    NEW = "new"
    UNASSIGNED = "unassigned"
    MINE = "mine"
    MY_GROUPS = "my_groups"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    AWAITING_REPORTER = "awaiting_reporter"
    CONFIDENTIAL = "confidential"
    ALL = "all"


class Sort(enum.StrEnum):
    DEADLINE = "deadline"  # soonest reply deadline first (the default)
    RECEIVED_DESC = "received_desc"
    RECEIVED_ASC = "received_asc"
    ACTIVITY = "activity"  # the latest activity (any timeline entry) first


QUEUE_LABELS = {
    Queue.OPEN: _l("ยังไม่ยุติ"),
    Queue.NEW: _l("เรื่องใหม่"),
    Queue.UNASSIGNED: _l("ยังไม่มีผู้รับผิดชอบ"),
    Queue.MINE: _l("เรื่องของฉัน"),
    Queue.MY_GROUPS: _l("เรื่องของกลุ่มงานฉัน"),
    Queue.DUE_SOON: _l("ใกล้ครบกำหนด"),
    Queue.OVERDUE: _l("เกินกำหนด"),
    Queue.AWAITING_REPORTER: _l("รอข้อมูลจากผู้แจ้ง"),
    Queue.CONFIDENTIAL: _l("เรื่องลับ"),
    Queue.ALL: _l("ทั้งหมด"),
}
SORT_LABELS = {
    Sort.DEADLINE: _l("ใกล้ครบกำหนดก่อน"),
    Sort.RECEIVED_DESC: _l("รับเรื่องล่าสุดก่อน"),
    Sort.RECEIVED_ASC: _l("รับเรื่องก่อนหน้าก่อน"),
    Sort.ACTIVITY: _l("ความเคลื่อนไหวล่าสุดก่อน"),
}
DESCENDING = frozenset({Sort.RECEIVED_DESC, Sort.ACTIVITY})
PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 500  # the CSV export reads in chunks of this size
DUE_SOON_DAYS = 3
# A common word is checked row by row over this many cases per row wanted (1.25 % of them must
# match to fill the page) before the text index takes over; per row, so that whether the
# fallback runs does not depend on the page size.
SEARCH_WINDOW_PER_ROW = 80


# What is loaded with each case: an inbox row shows the school, the work group and the
# assignee; the CSV export and the whole-view query also the category and the district.
INBOX_ROW = (
    joinedload(Case.school),
    joinedload(Case.work_group),
    joinedload(Case.assignee).load_only(User.id, User.name, User.email, User.active),
)
FULL_ROW = (*INBOX_ROW, joinedload(Case.category),
            joinedload(Case.school).joinedload(School.district))

# What an inbox row shows or its page needs (the cursor, the confidential-view record); the
# long texts stay in the database until a case is opened.
ROW_COLUMNS = (
    Case.id, Case.office_id, Case.number, Case.case_type, Case.status, Case.channel,
    Case.category_id, Case.school_id, Case.work_group_id, Case.assignee_id, Case.subject,
    Case.confidential, Case.received_at, Case.reply_due_at, Case.last_activity_at,
    Case.reporter_activity_at, Case.priority, Case.lock_version,
)


@dataclass(frozen=True)
class InboxFilters:
    """What the officer narrowed the list to; every field is optional."""

    case_type: CaseType | None = None
    status: CaseStatus | None = None
    category_id: int | None = None
    school_id: int | None = None
    district_id: int | None = None
    channel: Channel | None = None
    assignee_id: int | None = None
    date_from: date | None = None  # received on or after (Bangkok calendar day)
    date_to: date | None = None  # received on or before
    text: str = ""  # Thai words, any part of a word, or a case number
    from_reporter: bool = False  # only cases the reporter wrote in since this user looked


@dataclass
class InboxPage:
    cases: list[Case]
    next_cursor: str | None  # pass back as ``cursor`` for the next page; None on the last
    queue: Queue
    sort: Sort
    page_size: int
    filters: InboxFilters = field(default_factory=InboxFilters)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


class InvalidCursor(CaseError):
    """A page link was altered or belongs to another sort order."""

    def __init__(self) -> None:
        super().__init__(_l("ลิงก์หน้ารายการไม่ถูกต้อง กรุณาเริ่มจากหน้าแรก"))


def available_queues(user: User) -> list[Queue]:
    """The queues ``user`` is offered; the confidential one only to integrity and director."""
    return [q for q in Queue if q is not Queue.CONFIDENTIAL or user.role_set & CONFIDENTIAL_ROLES]


def inbox_page(
    user: User,
    queue: Queue = Queue.ALL,
    filters: InboxFilters | None = None,
    sort: Sort = Sort.DEADLINE,
    cursor: str | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
    now: datetime | None = None,
    *,
    with_places: bool = False,
) -> InboxPage:
    """One page of ``queue`` as ``user`` may see it; ``cursor`` is the previous page's.

    One query; a text search adds at most three (see :func:`_search_page`), whatever the size.
    Each case comes with its school, work group and assignee (what an inbox row shows);
    ``with_places`` adds its category and its school's district (the CSV export's columns).
    """
    filters = filters or InboxFilters()
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    conditions = [visible_cases_clause(user), queue_condition(user, queue, now),
                  *filter_conditions(filters, user)]
    if cursor:
        conditions.append(_after(sort, decode_cursor(cursor, sort)))
    search = text_search(filters.text, db.session.get_bind().dialect.name)
    related = FULL_ROW if with_places else INBOX_ROW
    if search is None:
        rows = _load(conditions, sort, page_size + 1, reader=user, related=related)
    else:
        rows = _search_page(conditions, sort, search, page_size + 1, reader=user,
                            related=related)
    next_cursor = encode_cursor(sort, rows[page_size - 1]) if len(rows) > page_size else None
    return InboxPage(cases=rows[:page_size], next_cursor=next_cursor, queue=queue, sort=sort,
                     page_size=page_size, filters=filters)


def inbox_select(
    user: User,
    queue: Queue,
    filters: InboxFilters,
    sort: Sort = Sort.DEADLINE,
    now: datetime | None = None,
) -> Select[tuple[Case]]:
    """The whole ordered view as one query, related rows eagerly loaded (no pages)."""
    conditions = [visible_cases_clause(user), queue_condition(user, queue, now),
                  *filter_conditions(filters, user)]
    text_condition = case_text_condition(filters.text, db.session.get_bind().dialect.name)
    if text_condition is not None:
        conditions.append(text_condition)
    return _select(conditions, sort)


def _select(conditions: list[ColumnElement[bool]], sort: Sort, *, index_first: bool = False,
            reader: User | None = None, related: tuple = FULL_ROW):
    """The ordered cases; with ``reader``, only the columns a row shows and whether the
    reporter wrote since that user last opened each case (``Case.new_from_reporter``)."""
    key = _sort_key(sort)
    if index_first:  # an expression no index provides: the planner starts from the text index
        key = func.coalesce(key, key)
    stmt = select(Case)
    if reader is not None:  # a page: the columns a row shows; refresh what another read loaded
        stmt = stmt.options(load_only(*ROW_COLUMNS),
                            with_expression(Case.new_from_reporter,
                                            reporter_wrote_since_seen(reader))
                            ).execution_options(populate_existing=True)
    return (
        stmt
        .where(*conditions)
        .options(*related)
        .order_by(*_order(sort in DESCENDING, key, Case.id))
    )


def _order(descending: bool, key, ident) -> tuple:
    return (key.desc(), ident.desc()) if descending else (key, ident)


def _load(conditions: list[ColumnElement[bool]], sort: Sort, limit: int,
          *, index_first: bool = False, reader: User | None = None,
          related: tuple = FULL_ROW) -> list[Case]:
    stmt = _select(conditions, sort, index_first=index_first, reader=reader,
                   related=related).limit(limit)
    return list(db.session.scalars(stmt).unique())


def _search_page(conditions: list[ColumnElement[bool]], sort: Sort, search: TextSearch,
                 limit: int, reader: User | None = None,
                 related: tuple = FULL_ROW) -> list[Case]:
    """The first ``limit`` matches in order, by the plan that reads the fewest rows.

    Few matches: the text index finds them, the database sorts them. A common word: check the
    view's next ``SEARCH_WINDOW_PER_ROW * limit`` cases row by row; if the page is not full
    there, the matches are sparse among the cases this user may see (e.g. a word of
    confidential reports), so fall back to the text index, whose cost grows with the matches
    rather than with the table.
    """
    if not search.common:
        return _load([*conditions, search.by_index], sort, limit, index_first=True,
                     reader=reader, related=related)
    key, descending = _sort_key(sort), sort in DESCENDING
    size = SEARCH_WINDOW_PER_ROW * limit
    window = (select(key.label("key"), Case.id.label("id")).where(*conditions)
              .order_by(*_order(descending, key, Case.id)).limit(size).subquery())
    last = db.session.execute(  # the window's last case, and how many it holds
        select(window.c.key, window.c.id, func.count().over())
        .order_by(*_order(not descending, window.c.key, window.c.id)).limit(1)
    ).first()
    if last is None:
        return []
    within = _after(sort, (last[0], last[1]), through=True)
    rows = _load([*conditions, search.by_row, within], sort, limit, reader=reader,
                 related=related)
    if len(rows) >= limit or last[2] < size:
        return rows
    return _load([*conditions, search.by_index], sort, limit, index_first=True, reader=reader,
                 related=related)


def queue_counts(
    user: User, now: datetime | None = None, *, include_all: bool = False
) -> dict[str, int]:
    """How many cases each of the user's queues holds, in one query.

    The work queues hold open cases only, which a small partial index serves. ``all`` needs a
    pass over every case the user may see (about a second at a million cases), so it is
    counted only when ``include_all`` asks for it.
    """
    queues = [q for q in available_queues(user) if include_all or q is not Queue.ALL]
    columns = []
    for q in queues:
        if q is Queue.ALL or (q is Queue.OPEN and not include_all):
            columns.append(func.count().label(q.value))
        else:  # without "all", every row read is open: each queue adds only its own test
            own = _queue_rule(user, q, now) if not include_all else queue_condition(user, q, now)
            columns.append(func.count().filter(own).label(q.value))
    stmt = select(*columns).where(visible_cases_clause(user))
    if not include_all:
        stmt = stmt.where(open_condition())
    row = db.session.execute(stmt).one()
    return {q.value: int(row._mapping[q.value]) for q in queues}


def queue_condition(user: User, queue: Queue, now: datetime | None = None) -> ColumnElement[bool]:
    """Membership of ``queue``; every queue but ``all`` holds open cases only."""
    if queue is Queue.ALL:
        return true()
    return and_(open_condition(), _queue_rule(user, queue, now))


def _queue_rule(user: User, queue: Queue, now: datetime | None) -> ColumnElement[bool]:
    """What sets ``queue`` apart among the open cases."""
    today = _start_of_local_day(now or utcnow())
    clock_running = Case.status != PAUSED_STATUS  # the badges' rule too (clock_paused)
    conditions: dict[Queue, Callable[[], ColumnElement[bool]]] = {
        Queue.OPEN: true,
        Queue.NEW: lambda: Case.status == CaseStatus.NEW,
        Queue.UNASSIGNED: lambda: Case.assignee_id.is_(None),
        Queue.MINE: lambda: Case.assignee_id == user.id,
        Queue.MY_GROUPS: lambda: Case.work_group_id.in_(
            select(WorkGroupMember.work_group_id).where(WorkGroupMember.user_id == user.id)
        ),
        Queue.DUE_SOON: lambda: and_(
            clock_running, Case.reply_due_at >= today,
            Case.reply_due_at < today + timedelta(days=DUE_SOON_DAYS + 1),
        ),
        Queue.OVERDUE: lambda: and_(clock_running, Case.reply_due_at < today),
        Queue.AWAITING_REPORTER: lambda: Case.status == CaseStatus.AWAITING_REPORTER,
        Queue.CONFIDENTIAL: lambda: (
            Case.confidential.is_(True) if user.role_set & CONFIDENTIAL_ROLES
            else Case.id.is_(None)  # never true; the queue is not offered
        ),
    }
    return conditions[queue]()


def open_condition() -> ColumnElement[bool]:
    """``status IN ('new', …)`` with the values written into the SQL, not bound.

    The planners (SQLite always, PostgreSQL in generic plans) match a partial index's WHERE
    clause only against literal values; see portal.search.schema.INBOX_INDEXES.
    """
    statuses = bindparam("open_statuses", list(OPEN_STATUSES), expanding=True,
                         literal_execute=True)
    return Case.status.in_(statuses)


def filter_conditions(filters: InboxFilters,
                      user: User | None = None) -> list[ColumnElement[bool]]:
    """The WHERE conditions for the officer's filters, except the text (see portal.search);
    ``user``: whose reading "new from the reporter" means."""
    f = filters
    equal = [
        (Case.case_type, f.case_type), (Case.status, f.status), (Case.category_id, f.category_id),
        (Case.school_id, f.school_id), (Case.channel, f.channel), (Case.assignee_id, f.assignee_id),
    ]
    conditions = [column == value for column, value in equal if value is not None]
    if f.district_id is not None:
        conditions.append(
            Case.school_id.in_(select(School.id).where(School.district_id == f.district_id))
        )
    if f.date_from is not None:
        conditions.append(Case.received_at >= _local_midnight_utc(f.date_from))
    if f.date_to is not None:
        conditions.append(Case.received_at < _local_midnight_utc(f.date_to + timedelta(days=1)))
    if f.from_reporter and user is not None:
        conditions.append(reporter_wrote_since_seen(user))
    return conditions


def encode_cursor(sort: Sort, last: Case) -> str:
    """An opaque, URL-safe token for the page after ``last``."""
    payload = [sort.value, _sort_value(sort, last).isoformat(), last.id]
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str, sort: Sort) -> tuple[datetime, int]:
    """The (sort key, id) inside ``token``; :class:`InvalidCursor` if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        kind, key, ident = json.loads(raw)
        position = datetime.fromisoformat(key)
        if (kind != sort.value or type(ident) is not int or not 0 < ident <= MAX_ID
                or position.tzinfo is not None):
            raise ValueError(kind)
        return position, ident
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
        raise InvalidCursor() from error


def _sort_key(sort: Sort):
    if sort is Sort.ACTIVITY:
        return Case.last_activity_at
    return Case.reply_due_at if sort is Sort.DEADLINE else Case.received_at


def _sort_value(sort: Sort, case_: Case) -> datetime:
    if sort is Sort.ACTIVITY:
        return case_.last_activity_at
    return case_.reply_due_at if sort is Sort.DEADLINE else case_.received_at


def _after(sort: Sort, position: tuple[datetime, int], *, through: bool = False):
    """Rows after ``position`` in the sort order; ``through``: the rows up to and including it.

    "key >= v AND (key > v OR id > last)" seeks the index on both backends; ties go by id.
    """
    key, (value, ident) = _sort_key(sort), position
    if (sort not in DESCENDING) != through:  # the wanted rows have larger keys
        return and_(key >= value, or_(key > value, Case.id >= ident if through
                                      else Case.id > ident))
    return and_(key <= value, or_(key < value, Case.id <= ident if through else Case.id < ident))


def _local_midnight_utc(day: date) -> datetime:
    """The stored (naive UTC) timestamp of midnight in Bangkok at the start of ``day``."""
    return datetime.combine(day, time.min, tzinfo=BANGKOK).astimezone(UTC).replace(tzinfo=None)


def _start_of_local_day(moment: datetime) -> datetime:
    return _local_midnight_utc(to_local(moment).date())

