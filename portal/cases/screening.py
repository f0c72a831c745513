"""Screening a case: acknowledge, assign, correct its details, decline or refer it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from portal import clock
from portal.cases.deadlines import rebase_reply_due
from portal.cases.errors import CaseError
from portal.cases.routing import first_staffed, is_staffed
from portal.cases.transitions import (
    add_event,
    case_service,
    finish,
    mark_informed,
    move,
    require_act,
    require_open,
    require_screen,
    require_text,
    require_version,
    text_for,
)
from portal.extensions import db
from portal.labels import CASE_TYPE
from portal.models import (
    Case,
    CaseEvent,
    CaseStatus,
    CaseType,
    Category,
    DeclineReason,
    EventKind,
    Priority,
    School,
    User,
    Visibility,
    WorkGroup,
    WorkGroupMember,
)
from portal.publishing.reclassify import withhold_case_publications
from portal.security.access import CASE_ROLES, CONFIDENTIAL_ROLES, can_screen, is_recused

DECLINE_REASONS = {
    DeclineReason.BEFORE_COURT: _l("อยู่ระหว่างการพิจารณาของศาลหรือศาลตัดสินแล้ว"),
    DeclineReason.MONARCHY: _l("เกี่ยวกับสถาบันพระมหากษัตริย์"),
    DeclineReason.GOVERNMENT_POLICY: _l("เป็นนโยบายของรัฐบาล"),
    DeclineReason.DECIDED_ELSEWHERE: _l("หน่วยงานอื่นพิจารณาวินิจฉัยแล้ว"),
    DeclineReason.INSUFFICIENT: _l(
        "ข้อมูลไม่เพียงพอที่จะดำเนินการได้ (เช่น บัตรสนเท่ห์ที่ไม่ระบุพยานหลักฐานชัดเจน)"
    ),
    DeclineReason.OTHER: _l("เหตุอื่น"),
}

PRIORITY = {
    Priority.NORMAL: _l("ปกติ"),
    Priority.HIGH: _l("ด่วน"),
    Priority.URGENT: _l("ด่วนที่สุด"),
}


class _Keep:
    """Marks an argument of :func:`update_case_details` that was not given."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()


@case_service
def acknowledge_case(case: Case, actor: User, expected_version: int) -> CaseEvent:
    """A person has read the new case: ``new`` → ``acknowledged`` (the reporter is told)."""
    require_screen(actor, case)
    require_version(case, expected_version)
    event = move(case, actor, CaseStatus.ACKNOWLEDGED)
    finish(case, event)
    return event


@case_service
def assign_case(
    case: Case,
    actor: User,
    work_group: WorkGroup | None,
    assignee: User | None,
    expected_version: int,
) -> CaseEvent | None:
    """Give an open case to a work group and, optionally, one of its officers.

    Screeners (intake, integrity, director) assign anywhere in the office; a case officer
    may only pass a case of their group to a member of the same group (or take it).
    Assigning a ``new`` case acknowledges it too: a person has read it. Returns the
    ASSIGNED event, or None when nothing changed.
    """
    require_act(actor, case)
    require_version(case, expected_version)
    require_open(case)
    if not can_screen(actor) and (work_group is None or work_group.id != case.work_group_id):
        raise CaseError(_l("ไม่มีสิทธิ์ย้ายเรื่องไปกลุ่มงานอื่น"))
    if work_group is not None and work_group.office_id != case.office_id:
        raise CaseError(_l("ไม่พบกลุ่มงานที่เลือก"))
    if assignee is not None:
        _check_assignee(case, assignee, work_group)
    events = []
    if case.status is CaseStatus.NEW:
        events.append(move(case, actor, CaseStatus.ACKNOWLEDGED))
    group_changed = (work_group.id if work_group else None) != case.work_group_id
    assignee_changed = (assignee.id if assignee else None) != case.assignee_id
    if not (group_changed or assignee_changed):
        finish(case, *events)
        return None
    case.work_group = work_group
    case.assignee = assignee
    body = " / ".join(part for part in (
        work_group.name_th if work_group else text_for(case, _l("ไม่ระบุกลุ่มงาน")),
        assignee.name if assignee else "",
    ) if part)
    event = add_event(case, actor, EventKind.ASSIGNED, visibility=Visibility.INTERNAL, body=body)
    finish(case, *events, event)
    return event


def _check_assignee(case: Case, assignee: User, work_group: WorkGroup | None) -> None:
    if (assignee.office_id != case.office_id or not assignee.active
            or not assignee.role_set & CASE_ROLES):
        raise CaseError(
            _l("มอบหมายให้ผู้นี้ไม่ได้ เพราะไม่ใช่เจ้าหน้าที่ที่รับผิดชอบเรื่องร้องเรียนของสำนักงาน")
        )
    if is_recused(assignee, case):
        raise CaseError(_l("มอบหมายให้ผู้นี้ไม่ได้ เพราะถอนตัวจากเรื่องนี้แล้ว"))
    if case.confidential and not assignee.role_set & CONFIDENTIAL_ROLES:
        raise CaseError(_l("เรื่องนี้เป็นความลับ มอบหมายได้เฉพาะผู้ที่มีสิทธิ์เห็นเรื่องลับ"))
    # A group with nobody to take the case lends it to another group's officer.
    if work_group is not None and not db.session.scalar(select(exists().where(
            WorkGroupMember.user_id == assignee.id,
            WorkGroupMember.work_group_id == work_group.id))) and is_staffed(work_group):
        raise CaseError(_l("ผู้ที่เลือกไม่ได้อยู่ในกลุ่มงานนี้"))


@case_service
def update_case_details(
    case: Case,
    actor: User,
    expected_version: int,
    *,
    case_type: CaseType | None = None,
    category: Category | None | _Keep = KEEP,
    school: School | None | _Keep = KEEP,
    priority: Priority | None = None,
) -> CaseEvent | None:
    """Correct the type, category, school or priority; arguments not given stay as they are.

    Changing the type needs a screener. A case that becomes a corruption report becomes
    confidential and goes to the legal affairs group; its assignee stays only when allowed
    to see confidential cases. (A confidential case stays confidential if its type changes
    back: its reporter was promised confidentiality.) Returns the UPDATED event listing the
    changes, or None when nothing changed.
    """
    require_act(actor, case)
    require_version(case, expected_version)
    if case.status is CaseStatus.MERGED:
        raise CaseError(_l("เรื่องนี้รวมกับเรื่องอื่นแล้ว แก้ไขข้อมูลที่เรื่องหลักแทน"))
    changes: list[str] = []
    if case_type is not None and case_type is not case.case_type:
        _change_type(case, actor, case_type, changes)
    if category is not KEEP or (case.category and case.category.case_type is not case.case_type):
        _change_category(case, None if category is KEEP else category, changes)
    if school is not KEEP and school != case.school:
        _change_school(case, school, changes)
    if priority is not None and priority is not case.priority:
        changes.append(text_for(case, _l("ความเร่งด่วน: %(before)s → %(after)s",
                                         before=PRIORITY[case.priority], after=PRIORITY[priority])))
        case.priority = priority
    if not changes:
        return None
    event = add_event(case, actor, EventKind.UPDATED, visibility=Visibility.INTERNAL,
                      body="\n".join(changes))
    finish(case, event)
    return event


def _change_type(case: Case, actor: User, case_type: CaseType, changes: list[str]) -> None:
    if not can_screen(actor):
        raise CaseError(_l("ไม่มีสิทธิ์เปลี่ยนประเภทเรื่อง"))
    old = case.case_type
    changes.append(text_for(case, _l("ประเภท: %(before)s → %(after)s",
                                     before=CASE_TYPE[old], after=CASE_TYPE[case_type])))
    case.case_type = case_type
    rebase_reply_due(case, old)
    if case_type is CaseType.CORRUPTION:
        _route_to_legal(case, actor, changes)


def _route_to_legal(case: Case, actor: User, changes: list[str]) -> None:
    if not case.confidential:
        case.confidential = True
        changes.append(text_for(case, _l("กำหนดเป็นเรื่องลับ")))
    # Reclassification wins: no summary of a confidential case stays drafted or public.
    if withhold_case_publications(case, actor):
        changes.append(text_for(case, _l("ถอนและระงับสรุปผลที่จะเผยแพร่ของเรื่องนี้แล้ว")))
    legal_ids = list(db.session.scalars(
        select(WorkGroup.id)
        .where(WorkGroup.office_id == case.office_id, WorkGroup.receives_corruption.is_(True))
        .order_by(WorkGroup.id)))
    chosen = first_staffed(legal_ids, CONFIDENTIAL_ROLES)
    legal = db.session.get(WorkGroup, chosen) if chosen is not None else None
    if legal is not None and case.work_group_id != legal.id:
        case.work_group = legal
        changes.append(text_for(case, _l("กลุ่มงาน: %(group)s", group=legal.name_th)))
    if case.assignee is not None and not case.assignee.role_set & CONFIDENTIAL_ROLES:
        changes.append(text_for(case, _l("ยกเลิกการมอบหมาย: %(name)s", name=case.assignee.name)))
        case.assignee = None


def _change_category(case: Case, category: Category | None, changes: list[str]) -> None:
    if category is not None and (
        category.office_id != case.office_id or category.case_type is not case.case_type
    ):
        raise CaseError(_l("หมวดหมู่ที่เลือกไม่ตรงกับประเภทเรื่อง กรุณาเลือกใหม่"))
    if category == case.category:
        return
    before = case.category.name_th if case.category else "-"
    changes.append(text_for(case, _l("หมวดหมู่: %(before)s → %(after)s", before=before,
                                     after=category.name_th if category else "-")))
    case.category = category


def _change_school(case: Case, school: School | None, changes: list[str]) -> None:
    if school is not None and school.office_id != case.office_id:
        raise CaseError(_l("ไม่พบโรงเรียนที่เลือก กรุณาเลือกใหม่"))
    before = case.school.name_th if case.school else "-"
    changes.append(text_for(case, _l("โรงเรียน: %(before)s → %(after)s", before=before,
                                     after=school.name_th if school else "-")))
    case.school = school


@case_service
def decline_case(
    case: Case, actor: User, reason: DeclineReason, note: str, expected_version: int
) -> CaseEvent:
    """Decline an open case with a standard reason (free text required for OTHER).

    The reason and note are shown to the reporter; declining counts as informing them.
    """
    require_screen(actor, case)
    require_version(case, expected_version)
    note = (note or "").strip()
    if reason is DeclineReason.OTHER:
        require_text(note, _l("กรุณาระบุเหตุผลที่ไม่รับพิจารณา"))
    now = clock.utcnow()
    body = "\n".join(p for p in (text_for(case, DECLINE_REASONS[reason]), note) if p)
    event = move(case, actor, CaseStatus.DECLINED, body=body, now=now)
    case.decline_reason = reason
    mark_informed(case, now)
    finish(case, event)
    return event


@case_service
def refer_case(
    case: Case, actor: User, agency: str, note: str, expected_version: int
) -> CaseEvent:
    """Send an open case to the agency responsible for it; the reporter is told where."""
    require_screen(actor, case)
    require_version(case, expected_version)
    agency = require_text(agency, _l("กรุณาระบุหน่วยงานที่ส่งต่อ"))[:300]
    now = clock.utcnow()
    body = "\n".join(p for p in (text_for(case, _l("ส่งต่อไปยัง %(agency)s", agency=agency)),
                                 (note or "").strip()) if p)
    event = move(case, actor, CaseStatus.REFERRED, body=body, now=now)
    case.referred_to = agency
    mark_informed(case, now)
    finish(case, event)
    return event
