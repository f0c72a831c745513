"""Joining confirmed in the office's LINE chat instead of by an e-mailed code.

The join page shows a short code; the correspondent adds the office's LINE OA as a friend and
sends it "เข้าร่วม <code>". The chat offers that message to :func:`join_in_chat` (registered
by ``portal.network.hooks``) before its conversation; a matching open invitation of the office
is spent exactly as by e-mail (:func:`portal.network.joining.accept_join`) and the
correspondent is linked to the chat user, so that reminders reach them in LINE.

The code's digest is of the office and the code (the chat does not know the invitation), in
the invitation's ``code_digest``: single use (a digest of another kind once spent, which only
the page that showed the code matches), ``code_expires_at``, and sending a new e-mail code or
LINE code replaces it. A code that matches nothing is told so
in the chat without a word of any school; 8 characters of 32 (40 bits) against the chat's
per-person rate limit leave guessing hopeless within the code's life.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import timedelta
from urllib.parse import quote

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.chat.conversation import Turn
from portal.chat.hooks import chat_open
from portal.clock import utcnow
from portal.extensions import db
from portal.models import Office
from portal.network.details import PersonDetails, token_digest
from portal.network.invitations import InvitationState, state_of
from portal.network.joining import MAX_CODE_FAILURES, JoinError, accept_join, require_open
from portal.network.models import Correspondent, CorrespondentKind, Invitation

JOIN_WORD = "เข้าร่วม"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a phone and typed
CODE_LENGTH = 8
LINE_CODE_MINUTES = 30  # adding the OA as a friend first takes a moment longer than e-mail
JOIN_TEXT = re.compile(rf"^\s*{JOIN_WORD}\s*[:：]?\s*([A-Za-z0-9][A-Za-z0-9 \-]{{0,20}})\s*$")

CONFIRMED = _l(
    "ยืนยันการเข้าร่วมแล้ว ท่านเป็นผู้ประสานงานประชาสัมพันธ์ของ%(school)s "
    "กรุณากลับไปที่หน้าเข้าร่วมบนเว็บแล้วกด “ตรวจสอบอีกครั้ง” เพื่อดำเนินการต่อ "
    "สำนักงานจะส่งข้อความเตือนเรื่องข่าวของโรงเรียนถึงท่านทาง LINE นี้ด้วย"
)
WRONG_CODE = _l(
    "รหัสเข้าร่วมไม่ถูกต้องหรือใช้ไปแล้ว กรุณาตรวจสอบรหัสบนหน้าเข้าร่วมเครือข่ายประชาสัมพันธ์ "
    "แล้วส่งข้อความ “เข้าร่วม” ตามด้วยรหัสอีกครั้ง"
)
EXPIRED_CODE = _l("รหัสเข้าร่วมนี้หมดอายุแล้ว กรุณากลับไปที่หน้าเข้าร่วมบนเว็บเพื่อขอรหัสใหม่")
CLOSED = _l(
    "รหัสเข้าร่วมนี้ใช้ไม่ได้แล้ว เพราะหนังสือเชิญถูกยกเลิกหรือหมดอายุ "
    "กรุณาใช้หนังสือเชิญฉบับล่าสุด หรือติดต่อกลุ่มงานประชาสัมพันธ์ของเขตพื้นที่"
)


def line_join_offered(office: Office) -> bool:
    """The office's LINE OA takes chat: the join page may offer a LINE code."""
    return chat_open(office.id, "line")


def line_code_digest(office_id: int, code: str) -> str:
    return token_digest(f"line-code:{office_id}:{code}")


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def start_line_join(
    office: Office,
    invitation: Invitation,
    person: PersonDetails,
    page_url: str,
    joined_groups: bool,
) -> str:
    """Keep the typed details with the invitation and return a new code for the chat."""
    require_open(invitation)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        digest = line_code_digest(office.id, code)
        taken = db.session.scalar(
            select(Invitation.id).where(
                Invitation.office_id == office.id, Invitation.code_digest == digest
            )
        )
        if taken is None:
            break
    invitation.pending = json.dumps(
        {**person.__dict__, "page_url": page_url, "joined_groups": joined_groups, "via": "line"},
        ensure_ascii=False,
    )
    invitation.code_digest = digest
    invitation.code_expires_at = utcnow() + timedelta(minutes=LINE_CODE_MINUTES)
    invitation.code_failures = 0
    return code


def join_message(code: str) -> str:
    return f"{JOIN_WORD} {code}"


def oa_message_url(office: Office, code: str) -> str:
    """LINE's link that opens the OA's chat with the join message typed in, or ""."""
    if not office.line_id:
        return ""
    return f"https://line.me/R/oaMessage/{quote(office.line_id)}/?{quote(join_message(code))}"


def spent_digest(office_id: int, code: str) -> str:
    """Kept on an invitation spent in the chat: the page that showed ``code`` may go on."""
    return token_digest(f"line-spent:{office_id}:{code}")


def joined_by_line(invitation: Invitation, code: str) -> Correspondent | None:
    """The correspondent the chat made from ``invitation`` with ``code`` (the one this page
    showed, not another browser's, nor an e-mailed one), or None."""
    if invitation.used_at is None or invitation.code_digest != spent_digest(
        invitation.office_id, code
    ):
        return None
    return db.session.scalar(
        select(Correspondent).where(
            Correspondent.school_id == invitation.school_id,
            Correspondent.kind == CorrespondentKind.MAIN,
            Correspondent.joined_at == invitation.used_at,
        )
    )


def join_in_chat(turn: Turn) -> bool:
    """The chat's interceptor: "เข้าร่วม <code>" in the office's LINE OA confirms a join."""
    incoming = turn.incoming
    if incoming.platform != "line":
        return False
    match = JOIN_TEXT.match(incoming.text)
    if match is None:
        return False
    with force_locale("th"):  # the chat speaks Thai
        turn.say({"text": str(_answer(turn, normalise_code(match.group(1)))), "quick": []})
    return True


def _answer(turn: Turn, code: str):
    office = turn.office
    invitation = None
    if len(code) == CODE_LENGTH:
        invitation = db.session.scalar(
            select(Invitation).where(
                Invitation.office_id == office.id,
                Invitation.code_digest == line_code_digest(office.id, code),
            )
        )
    details = json.loads(invitation.pending) if invitation and invitation.pending else None
    if invitation is None or details is None or details.get("via") != "line":
        return WRONG_CODE
    if state_of(invitation) is not InvitationState.OPEN:
        return CLOSED
    if invitation.code_expires_at is None or invitation.code_expires_at <= utcnow():
        return EXPIRED_CODE
    if invitation.code_failures >= MAX_CODE_FAILURES:
        return WRONG_CODE
    try:
        correspondent = accept_join(office, invitation, details, chat_user_id=turn.user.id)
    except JoinError:  # another confirmation spent it a moment ago
        return WRONG_CODE
    invitation.code_digest = spent_digest(office.id, code)  # no longer found by the code
    return str(CONFIRMED) % {"school": correspondent.school.name("th")}
