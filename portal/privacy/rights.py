"""The reporter's rights (PDPA ss.30–36): a copy of what is held, correction, erasure.

A request is tracked like a case: it has a 30-day deadline, its own staff queue, and a
decision; a refusal names its legal ground (the office's public task, s.24(4), is the usual
one while the case may still be needed).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timedelta

from sqlalchemy import select

from portal import storage
from portal.cases.submit import ContactDetails
from portal.chat.models import ChatCase, ChatUser
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Case, ReporterContact, User, Visibility
from portal.models.privacy import PrivacyRequest

ANSWER_DAYS = 30
REQUEST_KINDS = ("erasure", "objection")
DEFAULT_REFUSAL_GROUND = (
    "การประมวลผลจำเป็นเพื่อปฏิบัติหน้าที่ในการดำเนินภารกิจเพื่อประโยชน์สาธารณะของหน่วยงาน "
    "(พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 มาตรา 24(4))"
)


class RequestError(ValueError):
    """A request or decision that cannot be made (a refusal without its legal ground …)."""


def case_data(case: Case) -> dict:
    """Everything the portal holds about the reporter's case, as they may see it."""
    contact = case.contact
    events = [e for e in case.events if e.visibility is Visibility.PUBLIC]
    return {
        "case": {
            "number": case.number,
            "type": case.case_type.value,
            "status": case.status.value,
            "subject": case.subject,
            "description": case.description,
            "place": case.place_text,
            "occurred_on": _iso(case.occurred_on),
            "respondent": case.respondent,
            "witnesses": case.witnesses,
            "anonymous": case.is_anonymous,
            "received_at": _iso(case.received_at),
            "closed_at": _iso(case.closed_at),
        },
        "contact": {
            "name": contact.name if contact else None,
            "phone": contact.phone if contact else None,
            "email": contact.email if contact else None,
            "line_id": contact.line_id if contact else None,
            "notify_by_email": bool(contact and contact.notify_by_email),
        },
        "chat": _chat_identity(case),
        "messages": [
            {
                "at": _iso(e.created_at),
                "from": e.actor_type.value,
                "kind": e.kind.value,
                "text": e.body,
                "files": [a.original_name for a in e.attachments],
            }
            for e in events
        ],
        "files": [_file_entry(a) for a in _reporter_files(case)],
        "requests": [
            {
                "kind": r.kind,
                "status": r.status,
                "received_at": _iso(r.received_at),
                "due_at": _iso(r.due_at),
                "legal_ground": r.legal_ground,
            }
            for r in requests_of(case)
        ],
        "generated_at": _iso(utcnow()),
    }


def _chat_identity(case: Case) -> dict | None:
    """How the case came by chat (LINE or Messenger) and the name shown there; None when it
    did not. The platform's own id is the office's key to the chat, not shown to anyone."""
    row = db.session.execute(
        select(ChatUser.platform, ChatUser.display_name, ChatUser.purged_at)
        .join(ChatCase, ChatCase.chat_user_id == ChatUser.id)
        .where(ChatCase.case_id == case.id)
    ).first()
    if row is None:
        return None
    return {
        "platform": row.platform,
        "display_name": row.display_name,
        "removed_at": _iso(row.purged_at),
    }


def export_zip(case: Case, pdf: bytes) -> bytes:
    """A ZIP of the case's data: ``data.json``, the readable ``data.pdf`` and the files."""
    data = case_data(case)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("data.pdf", pdf)
        for attachment in _reporter_files(case):
            try:
                archive.writestr(
                    f"files/{_file_entry(attachment)['name']}", storage.read(attachment.storage_key)
                )
            except storage.StorageError:
                continue  # purged after its retention period: the JSON says so
    return out.getvalue()


def correct_contact(case: Case, details: ContactDetails) -> ReporterContact:
    """Replace the reporter's contact details with the corrected ones; the caller commits."""
    contact = case.contact
    if contact is None:
        contact = ReporterContact()
        case.contact = contact
    contact.name = details.name.strip() or None
    contact.phone = details.phone.strip() or None
    contact.email = details.email.strip() or None
    contact.line_id = details.line_id.strip() or None
    if not contact.email:
        contact.notify_by_email = False
    db.session.add(
        PrivacyRequest(
            office_id=case.office_id,
            case_id=case.id,
            kind="correction",
            status="granted",
            due_at=utcnow(),
            decided_at=utcnow(),
            decision_note="corrected by the reporter",
        )
    )
    return contact


def request_erasure(
    case: Case, kind: str, reason: str, now: datetime | None = None
) -> PrivacyRequest:
    """Open an erasure or objection request, due in 30 days; the caller commits."""
    if kind not in REQUEST_KINDS:
        raise RequestError(kind)
    now = now or utcnow()
    request = PrivacyRequest(
        office_id=case.office_id,
        case_id=case.id,
        kind=kind,
        status="open",
        reason=reason.strip(),
        received_at=now,
        due_at=now + timedelta(days=ANSWER_DAYS),
    )
    db.session.add(request)
    return request


def decide_request(
    request: PrivacyRequest, *, grant: bool, user: User, note: str = "", legal_ground: str = ""
) -> None:
    """Grant (the contact details are erased at once) or refuse with the legal ground."""
    if request.status != "open":
        raise RequestError("decided")
    if not grant and not legal_ground.strip():
        raise RequestError("ground")
    request.status = "granted" if grant else "refused"
    request.legal_ground = "" if grant else legal_ground.strip()
    request.decision_note = note.strip()
    request.decided_at = utcnow()
    request.decided_by_id = user.id
    if grant and request.kind == "erasure":
        contact = db.session.scalar(
            select(ReporterContact).where(ReporterContact.case_id == request.case_id)
        )
        if contact is not None:
            contact.name = contact.phone = contact.email = contact.line_id = None
            contact.notify_by_email = False


def requests_of(case: Case) -> list[PrivacyRequest]:
    return list(
        db.session.scalars(
            select(PrivacyRequest)
            .where(PrivacyRequest.case_id == case.id)
            .order_by(PrivacyRequest.received_at)
        )
    )


def open_requests(office_id: int) -> list[tuple[PrivacyRequest, str]]:
    """The office's erasure and objection requests, open first, the nearest deadline first."""
    rows = db.session.execute(
        select(PrivacyRequest, Case.number)
        .join(Case, Case.id == PrivacyRequest.case_id)
        .where(PrivacyRequest.office_id == office_id, PrivacyRequest.kind.in_(REQUEST_KINDS))
        .order_by(PrivacyRequest.status != "open", PrivacyRequest.due_at)
    ).all()
    return [(r, n) for r, n in rows]


def _reporter_files(case: Case):
    public = {e.id for e in case.events if e.visibility is Visibility.PUBLIC}
    return [a for a in case.attachments if a.event_id is None or a.event_id in public]


def _file_entry(attachment) -> dict:
    name = attachment.original_name.replace("/", "_").replace("\\", "_")
    return {
        "name": f"{attachment.id}-{name}",
        "type": attachment.mimetype,
        "size": attachment.size,
        "uploaded_at": _iso(attachment.created_at),
    }


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None
