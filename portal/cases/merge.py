"""Merging a case into another one about the same matter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.cases.errors import CaseError
from portal.cases.transitions import (
    add_event,
    case_service,
    finish,
    move,
    require_screen,
    require_version,
    text_for,
)
from portal.models import Case, CaseEvent, CaseStatus, EventKind, User, Visibility


@case_service
def merge_case(case: Case, actor: User, into: Case, expected_version: int) -> CaseEvent:
    """Merge ``case`` into the open case ``into``; work continues on ``into`` only.

    Both must be of the same office and visible to the actor, and ``case`` must be open.
    Each gets a MERGED event: the merged reporter is told the number of the case theirs
    joined (public); the target notes which case joined it (internal). Attachments stay
    with the case they were filed on.
    """
    require_screen(actor, case)
    require_version(case, expected_version)
    if into.id == case.id:
        raise CaseError(_l("รวมเรื่องเข้ากับตัวเองไม่ได้"))
    if into.office_id != case.office_id:
        raise CaseError(_l("รวมได้เฉพาะเรื่องของสำนักงานเดียวกัน"))
    require_screen(actor, into)
    if case.status is CaseStatus.MERGED:
        raise CaseError(_l("เรื่องนี้รวมกับเรื่องอื่นแล้ว"))
    if not into.is_open:
        raise CaseError(_l("รวมได้เฉพาะกับเรื่องที่ยังดำเนินการอยู่"))
    event = move(case, actor, CaseStatus.MERGED, kind=EventKind.MERGED,
                 body=text_for(case, _l("รวมกับเรื่องเลขที่ %(number)s", number=into.number)))
    case.merged_into_id = into.id
    target_event = add_event(into, actor, EventKind.MERGED, visibility=Visibility.INTERNAL,
                             body=text_for(into, _l("รวมเรื่องเลขที่ %(number)s เข้ามา",
                                                   number=case.number)))
    finish(case, event)
    finish(into, target_event)
    return event
