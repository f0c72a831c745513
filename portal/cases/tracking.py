"""What a reporter can do with a case number and a receipt."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.cases.deadlines import resume_clock
from portal.cases.errors import CaseError
from portal.cases.submit import store_attachments
from portal.extensions import db
from portal.models import (
    ActorType,
    Case,
    CaseEvent,
    CaseStatus,
    EventKind,
    Office,
    Visibility,
)
from portal.security.files import CleanFile
from portal.security.tokens import hash_receipt, new_receipt, verify_receipt

# Verifying against a decoy hash keeps an unknown case number as costly as a wrong receipt: the
# same MAC is computed and compared. It is made once, never on the request that verifies.
_DECOY: list[str] = []

REPORTER_MAY_WRITE = (
    CaseStatus.NEW,
    CaseStatus.ACKNOWLEDGED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.AWAITING_REPORTER,
)


def normalise_number(text: str) -> str:
    return "".join(text.split()).upper()


def find_case_by_receipt(office: Office, number: str, receipt: str) -> Case | None:
    """The office's case with this number when ``receipt`` is its receipt, else None."""
    number = normalise_number(number)
    case = db.session.scalar(
        select(Case).where(Case.office_id == office.id, Case.number == number)
    )
    if case is None:
        verify_receipt(decoy_hash(), receipt, number)
        return None
    return case if verify_receipt(case.receipt_hash, receipt, case.number) else None


def decoy_hash() -> str:
    """A receipt hash of the current kind that no receipt matches, made once and kept."""
    if not _DECOY:
        _DECOY.append(hash_receipt(new_receipt(), "DECOY"))
    return _DECOY[0]


def add_reporter_message(case: Case, body: str, files: list[CleanFile]) -> CaseEvent:
    """The reporter adds information or files; an awaited answer puts the case back to work."""
    if case.status not in REPORTER_MAY_WRITE:
        raise CaseError(
            _l("เรื่องนี้ดำเนินการเสร็จสิ้นแล้ว หากมีข้อมูลใหม่ กรุณาแจ้งเป็นเรื่องใหม่")
        )
    event = CaseEvent(
        kind=EventKind.REPORTER_MESSAGE,
        actor_type=ActorType.REPORTER,
        body=body,
        visibility=Visibility.PUBLIC,
    )
    case.events.append(event)
    store_attachments(case, event, files, ActorType.REPORTER)
    if case.status is CaseStatus.AWAITING_REPORTER:
        resume_clock(case)  # the reply deadline moves by the time spent waiting
        case.events.append(
            CaseEvent(
                kind=EventKind.STATUS_CHANGED,
                actor_type=ActorType.SYSTEM,
                from_status=CaseStatus.AWAITING_REPORTER,
                to_status=CaseStatus.IN_PROGRESS,
                visibility=Visibility.PUBLIC,
            )
        )
        case.status = CaseStatus.IN_PROGRESS
    db.session.flush()
    return event
