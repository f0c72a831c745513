"""Cases that ended some years ago, with contact details, a file and personal data in text."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from portal import storage
from portal.cases.submit import CaseSubmission, ContactDetails, submit_case
from portal.extensions import db
from portal.models import ActorType, Attachment, Case, CaseStatus, CaseType, Office

NOW = datetime(2026, 11, 1, 3, 0)
JPEG = b"\xff\xd8\xff\xe0 sample photo \xff\xd9"


def ended_case(
    office: Office,
    *,
    years_ago: float,
    phone: str = "0812345678",
    word: str = "กระดานดำ",
    status: CaseStatus = CaseStatus.CLOSED,
    name: str = "สมศรี",
) -> Case:
    """A complaint received and ended ``years_ago`` before :data:`NOW`, with a file."""
    ended = NOW - timedelta(days=365.25 * years_ago)
    received = ended - timedelta(days=20)
    submitted = submit_case(
        office,
        CaseSubmission(
            case_type=CaseType.COMPLAINT,
            subject=f"ครู{name} มีสุข ทำ{word}หัก",
            description=f"นาง{name} มีสุข ครูประจำชั้น{word} โทร 0891234567 ตีนักเรียน",
            respondent=f"นาง{name} มีสุข",
            witnesses="ด.ญ.มาลี ศรีสุข",
            contact=ContactDetails(
                name="นายประยุทธ ทดสอบ",
                phone=phone,
                email="parent@example.com",
                line_id="parent_line",
            ),
            received_at=received,
        ),
    )
    case = submitted.case
    key = storage.save(JPEG)
    case.attachments.append(
        Attachment(
            storage_key=key,
            original_name="photo.jpg",
            mimetype="image/jpeg",
            size=len(JPEG),
            sha256=hashlib.sha256(JPEG).hexdigest(),
            uploaded_by=ActorType.REPORTER,
            event=case.events[0],
        )
    )
    case.status = status
    case.acknowledged_at = received + timedelta(days=1)
    case.reporter_informed_at = received + timedelta(days=10)
    case.resolved_at = ended - timedelta(days=7)
    case.closed_at = ended if status is CaseStatus.CLOSED else None
    case.last_activity_at = ended
    db.session.flush()
    return case
