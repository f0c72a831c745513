"""CSV export of the inbox view the officer is looking at: every page of its filters.

UTF-8 with a byte-order mark so that Excel opens Thai correctly; Thai headers; Buddhist-era
dates in Bangkok time with Arabic digits (DESIGN §9). Rows come from the same query as the
inbox — the same visibility rule, so confidential cases only for those who may see them —
read page by page with the keyset cursor and streamed. Reporter contact details, the
description, witnesses and the respondent are never exported: a spreadsheet travels.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date, datetime

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal.cases.inbox import InboxFilters, Queue, Sort, inbox_page
from portal.clock import BE_OFFSET, to_local, utcnow
from portal.extensions import db
from portal.labels import CASE_TYPE, CHANNEL
from portal.models import Case, CaseStatus, DeclineReason, Outcome, Priority, User

BOM = "\ufeff"
CHUNK_SIZE = 500

STATUS = {
    CaseStatus.NEW: _l("ใหม่"),
    CaseStatus.ACKNOWLEDGED: _l("รับเรื่องแล้ว"),
    CaseStatus.IN_PROGRESS: _l("กำลังดำเนินการ"),
    CaseStatus.AWAITING_REPORTER: _l("รอข้อมูลจากผู้แจ้ง"),
    CaseStatus.RESOLVED: _l("ดำเนินการแล้ว"),
    CaseStatus.CLOSED: _l("ยุติเรื่อง"),
    CaseStatus.DECLINED: _l("ไม่รับพิจารณา"),
    CaseStatus.REFERRED: _l("ส่งต่อหน่วยงานอื่น"),
    CaseStatus.MERGED: _l("รวมกับเรื่องอื่น"),
}
PRIORITY = {Priority.NORMAL: _l("ปกติ"), Priority.HIGH: _l("ด่วน"), Priority.URGENT: _l("ด่วนมาก")}
OUTCOME = {
    Outcome.UPHELD: _l("มีมูล ดำเนินการแล้ว"),
    Outcome.PARTLY_UPHELD: _l("มีมูลบางส่วน"),
    Outcome.NOT_UPHELD: _l("ไม่มีมูล"),
    Outcome.ANSWERED: _l("ตอบแล้ว"),
}
DECLINE_REASON = {
    DeclineReason.BEFORE_COURT: _l("อยู่ในชั้นศาลหรือศาลตัดสินแล้ว"),
    DeclineReason.MONARCHY: _l("เกี่ยวกับสถาบันพระมหากษัตริย์"),
    DeclineReason.GOVERNMENT_POLICY: _l("นโยบายของรัฐบาล"),
    DeclineReason.DECIDED_ELSEWHERE: _l("หน่วยงานอื่นวินิจฉัยแล้ว"),
    DeclineReason.INSUFFICIENT: _l("ข้อมูลไม่เพียงพอ"),
    DeclineReason.OTHER: _l("อื่น ๆ"),
}


def _name(thing) -> str:
    """The name in the exporting person's language (Thai unless they chose English)."""
    return thing.name(str(get_locale() or "th")) if thing is not None else ""


COLUMNS: list[tuple[object, Callable[[Case], object]]] = [
    (_l("เลขรับเรื่อง"), lambda c: c.number),
    (_l("วันที่รับเรื่อง"), lambda c: c.received_at),
    (_l("วันที่ได้รับจริง"), lambda c: c.original_received_on),
    (_l("ช่องทาง"), lambda c: CHANNEL[c.channel]),
    (_l("ประเภท"), lambda c: CASE_TYPE[c.case_type]),
    (_l("หมวดหมู่"), lambda c: _name(c.category)),
    (_l("เรื่อง"), lambda c: c.subject),
    (_l("โรงเรียน"), lambda c: _name(c.school)),
    (_l("อำเภอ"), lambda c: _name(c.school.district) if c.school else ""),
    (_l("สถานที่"), lambda c: c.place_text),
    (_l("สถานะ"), lambda c: STATUS[c.status]),
    (_l("ความเร่งด่วน"), lambda c: PRIORITY[c.priority]),
    (_l("กลุ่มงาน"), lambda c: _name(c.work_group)),
    (_l("ผู้รับผิดชอบ"), lambda c: c.assignee.name if c.assignee else ""),
    (_l("กำหนดตอบผู้แจ้ง"), lambda c: c.reply_due_at),
    (_l("วันที่รับเรื่องโดยเจ้าหน้าที่"), lambda c: c.acknowledged_at),
    (_l("วันที่แจ้งผลผู้แจ้ง"), lambda c: c.reporter_informed_at),
    (_l("วันที่ยุติเรื่อง"), lambda c: c.resolved_at),
    (_l("ผลการพิจารณา"), lambda c: OUTCOME[c.outcome] if c.outcome else ""),
    (_l("เหตุผลที่ไม่รับพิจารณา"), lambda c: DECLINE_REASON[c.decline_reason]
     if c.decline_reason else ""),
    (_l("ส่งต่อถึง"), lambda c: c.referred_to),
]


def export_csv(
    user: User,
    queue: Queue = Queue.ALL,
    filters: InboxFilters | None = None,
    sort: Sort = Sort.DEADLINE,
    now: datetime | None = None,
    chunk_size: int = CHUNK_SIZE,
    before_chunk: Callable[[list[int]], None] | None = None,
) -> Iterator[str]:
    """The view as CSV text in chunks (the first starts with the BOM), for a streamed response.

    Wrap it as ``Response(stream_with_context(export_csv(...)), mimetype="text/csv")``.
    ``before_chunk`` receives the ids of the confidential cases in each chunk before the chunk
    leaves, so the caller can record them as seen (and commit) first.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([str(header) for header, _ in COLUMNS])
    cursor = None
    while True:
        page = inbox_page(user, queue, filters, sort, cursor, chunk_size, now, with_places=True)
        confidential = [case.id for case in page.cases if case.confidential]
        for case in page.cases:
            writer.writerow([_cell(value(case)) for _, value in COLUMNS])
            db.session.expunge(case)  # a long export must not keep every row in memory
        if before_chunk is not None and confidential:
            before_chunk(confidential)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def export_filename(now: datetime | None = None) -> str:
    """``cases-2569-11-24.csv``: the Buddhist-era date of the export."""
    day = to_local(now or utcnow()).date()
    return f"cases-{day.year + BE_OFFSET}-{day:%m-%d}.csv"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = to_local(value)
        return f"{local.day:02d}/{local.month:02d}/{local.year + BE_OFFSET} {local:%H:%M}"
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
    text = str(value)
    # A cell that starts like a formula would run in Excel (CSV injection): make it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
