"""Cases that ended some years ago, with contact details, a file and personal data in text."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from portal import storage
from portal.cases.submit import CaseSubmission, ContactDetails, submit_case
from portal.chat.inbound import user_key
from portal.chat.models import ChatCase, ChatInboundEvent, ChatOutgoing, ChatUser
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


def chatter(office, platform_id: str, name: str, *, years_ago: float) -> ChatUser:
    """Someone who wrote to the office's LINE OA ``years_ago`` (and a little before)."""
    user = ChatUser(
        office_id=office.id,
        platform="line",
        user_key=user_key(office.id, "line", platform_id),
        user_id=platform_id,
        display_name=name,
        draft=json.dumps({"subject": f"เรื่องของ{name}"}, ensure_ascii=False),
        state="asking_subject",
        created_at=NOW - timedelta(days=365.25 * years_ago + 30),
        last_inbound_at=NOW - timedelta(days=365.25 * years_ago + 20),
    )
    db.session.add(user)
    db.session.flush()
    return user


def case_by_chat(office, user: ChatUser, case: Case, *, years_ago: float) -> None:
    """The case came by chat: its chat link, the event it came from, a reply sent."""
    at = NOW - timedelta(days=365.25 * years_ago)
    db.session.add(ChatCase(case_id=case.id, chat_user_id=user.id, platform="line"))
    db.session.add(
        ChatInboundEvent(
            office_id=office.id,
            platform="line",
            event_key=f"evt-{case.id}",
            payload=json.dumps({"message": {"text": f"{user.display_name} แจ้งเรื่อง"}}),
            status="done",
            case_event_id=case.events[0].id,
            received_at=at,
            processed_at=at,
        )
    )
    db.session.add(
        ChatOutgoing(
            office_id=office.id,
            chat_user_id=user.id,
            case_id=case.id,
            event_id=case.events[0].id,
            platform="line",
            purpose="case_replied",
            messages=json.dumps([{"text": f"เรียน คุณ{user.display_name}"}], ensure_ascii=False),
            reply_token="reply-token-secret",
            retry_key=f"00000000-0000-0000-0000-{case.id:012d}",
            status="sent",
            sent_via="reply",
            created_at=at,
            sent_at=at,
        )
    )
    db.session.flush()
