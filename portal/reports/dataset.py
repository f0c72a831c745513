"""The k-anonymous case-level data set of a period, for researchers.

Rows are the general stream only: a corruption report, or a case that is or ever was on the
confidential track, never appears (the confidential stream is published as office totals
only). Each case is first *generalised* to a few coarse values — the month, the case type,
the channel's group, completed or in progress, the reply deadline's state — with no school,
district or category (the aggregate tables publish those with complementary
suppression, and a case-level file's exact counts would undo it by subtraction), no day, no
text and no number that leads back to a case. Then rows whose combination of all published
values is shared by fewer than k cases are dropped (*suppressed*), so every combination of
any of the columns is shared by at least k published rows. How many were dropped is
published with the rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import or_, select

from portal import clock
from portal.cases.deadlines import on_time
from portal.extensions import db
from portal.models import OPEN_STATUSES, Case, CaseStatus, CaseType, Channel, Office
from portal.reports.dictionary import DATASET_COLUMNS
from portal.reports.periods import Period

DEFAULT_K = 5
COLUMNS: tuple[str, ...] = tuple(c.name for c in DATASET_COLUMNS)

# Channels by how the reporter reached the office: typed online, or came, called or wrote.
ONLINE = "online"
OFFLINE = "offline"
CHANNEL_GROUPS = {
    Channel.WEB: ONLINE, Channel.EMAIL: ONLINE, Channel.FACEBOOK: ONLINE, Channel.LINE: ONLINE,
    Channel.WALK_IN: OFFLINE, Channel.PHONE: OFFLINE, Channel.LETTER: OFFLINE,
}
COMPLETED = "completed"
IN_PROGRESS = "in_progress"
ON_TIME, LATE, PENDING, NOT_JUDGED = "on_time", "late", "pending", "not_judged"

# What the data set does to each case before counting, in the words of its "about" sheet.
GENERALISATIONS = (
    ("received", "วันที่รับเรื่อง → เดือน (YYYY-MM)", "Day received → month (YYYY-MM)"),
    ("channel", "ช่องทาง → กลุ่มช่องทาง: online (เว็บไซต์ อีเมล Facebook LINE) หรือ offline "
                "(มาด้วยตนเอง โทรศัพท์ หนังสือ)",
     "Channel → channel group: online (web, e-mail, Facebook, LINE) or offline (walk-in, "
     "phone, letter)"),
    ("status", "สถานะ → completed (ดำเนินการแล้วเสร็จ) หรือ in_progress (อยู่ระหว่างดำเนินการ)",
     "Status → completed or in_progress"),
    ("reply", "กำหนดแจ้งผล → on_time, late, pending หรือ not_judged (เรื่องที่รวมกับเรื่องอื่น)",
     "Reply deadline → on_time, late, pending or not_judged (merged cases)"),
    ("category", "หมวดหมู่ → ไม่เผยแพร่ (มีเพียงประเภทเรื่อง)",
     "Category → not published (the case type only)"),
    ("outcome", "ผลการพิจารณา → ไม่เผยแพร่ (เผยแพร่เป็นจำนวนรวมในรายงาน)",
     "Outcome → not published (the report gives its counts)"),
    ("place", "โรงเรียนและอำเภอ → ไม่เผยแพร่", "School and district → not published"),
    ("satisfaction", "คะแนนความพึงพอใจ → ไม่เผยแพร่ (เผยแพร่เป็นจำนวนรวมในรายงาน)",
     "Satisfaction → not published (the report gives its distribution)"),
)


@dataclass(frozen=True)
class Dataset:
    """The published rows (dicts keyed by column, in a fixed order), k and the rows dropped."""

    rows: list[dict[str, str]]
    k: int
    dropped: int

    @property
    def considered(self) -> int:
        return len(self.rows) + self.dropped


def open_data_k() -> int:
    return int(current_app.config.get("PORTAL_OPEN_DATA_K", DEFAULT_K))


# What generalising a case reads (``on_time`` reads the deadline columns): not whole rows.
CASE_COLUMNS = (Case.case_type, Case.channel, Case.status, Case.original_received_on,
                Case.received_at, Case.reply_due_at, Case.reporter_informed_at,
                Case.paused_since)


def general_stream_cases(office: Office, period: Period) -> list:
    """The period's cases that were never confidential (by the report's counting rule), as
    rows of ``CASE_COLUMNS``."""
    query = (
        select(*CASE_COLUMNS)
        .where(Case.office_id == office.id,
               Case.case_type != CaseType.CORRUPTION, Case.confidential.is_(False),
               or_(Case.original_received_on.between(period.start, period.end),
                   (Case.original_received_on.is_(None)
                    & (Case.received_at >= period.start_utc)
                    & (Case.received_at < period.end_utc))))
        .order_by(Case.id)
    )
    return list(db.session.execute(query))


def generalise(case, now: datetime) -> tuple[str, ...]:
    """One case as the published values, in the order of ``COLUMNS``."""
    received = case.original_received_on or clock.to_local(case.received_at).date()
    status = IN_PROGRESS if case.status in OPEN_STATUSES else COMPLETED
    return (_month(received), case.case_type.value, CHANNEL_GROUPS[case.channel], status,
            _reply_state(case, now))


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _reply_state(case, now: datetime) -> str:
    if case.status is CaseStatus.MERGED:
        return NOT_JUDGED
    state = on_time(case, now)
    return PENDING if state is None else (ON_TIME if state else LATE)


def k_anonymous(records: Iterable[Sequence[str]], k: int) -> tuple[list[tuple[str, ...]], int]:
    """The records whose whole tuple at least ``k`` records share, sorted; and how many not.

    Every combination of columns then groups at least ``k`` kept records too: a group on some
    columns is a union of whole-tuple groups. Sorting leaves no trace of the order received.
    """
    counts = Counter(tuple(r) for r in records)
    kept = sorted(t for t, n in counts.items() if n >= k for _ in range(n))
    dropped = sum(n for n in counts.values() if n < k)
    return kept, dropped


def case_dataset(office: Office, period: Period, now: datetime | None = None,
                 k: int | None = None) -> Dataset:
    """The published data set of ``period``: generalised, then k-anonymous."""
    now = now or clock.utcnow()
    k = k or open_data_k()
    kept, dropped = k_anonymous((generalise(c, now) for c in general_stream_cases(office, period)),
                                k)
    return Dataset(rows=[dict(zip(COLUMNS, t, strict=True)) for t in kept], k=k, dropped=dropped)
