"""A school's correspondent joins from the invitation: details, then a code by e-mail (here)
or a code sent in the office's LINE chat (:mod:`portal.network.line_joining`)."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from portal.clock import utcnow
from portal.delivery.staff_mail import enqueue_staff_email
from portal.extensions import db
from portal.models import Office
from portal.network.details import PersonDetails, token_digest
from portal.network.invitations import InvitationState, state_of
from portal.network.models import Correspondent, CorrespondentKind, Invitation
from portal.network.registry import log_change, save_correspondent, save_profile

CODE_MINUTES = 15
MAX_CODE_FAILURES = 5
CODE_SUBJECT = _l("รหัสยืนยันการเข้าร่วมเครือข่ายประชาสัมพันธ์")


class JoinError(Exception):
    """The join cannot go on; ``message`` says why, in Thai."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


STATE_MESSAGES = {
    InvitationState.USED: _l(
        "ลิงก์เชิญนี้ใช้ไปแล้ว หากต้องการเปลี่ยนผู้ประสานงาน กรุณาติดต่อกลุ่มงานประชาสัมพันธ์ของเขตพื้นที่"
    ),
    InvitationState.EXPIRED: _l("ลิงก์เชิญนี้หมดอายุแล้ว กรุณาขอหนังสือเชิญฉบับใหม่"),
    InvitationState.REVOKED: _l("ลิงก์เชิญนี้ถูกยกเลิกแล้ว กรุณาใช้หนังสือเชิญฉบับล่าสุด"),
}


def require_open(invitation: Invitation) -> None:
    state = state_of(invitation)
    if state is not InvitationState.OPEN:
        raise JoinError(STATE_MESSAGES[state])


def start_join(
    office: Office,
    invitation: Invitation,
    person: PersonDetails,
    page_url: str,
    joined_groups: bool,
    locale: str,
) -> None:
    """Keep the typed details with the invitation and e-mail a six-digit code to confirm."""
    require_open(invitation)
    code = f"{secrets.randbelow(1_000_000):06d}"
    invitation.pending = json.dumps(
        {**person.__dict__, "page_url": page_url, "joined_groups": joined_groups},
        ensure_ascii=False,
    )
    invitation.code_digest = token_digest(f"code:{invitation.id}:{code}")
    invitation.code_expires_at = utcnow() + timedelta(minutes=CODE_MINUTES)
    invitation.code_failures = 0
    enqueue_staff_email(
        office,
        person.email,
        "network_join_code",
        CODE_SUBJECT,
        locale,
        name=person.name,
        school=invitation.school,
        code=code,
        minutes=CODE_MINUTES,
    )


def pending_details(invitation: Invitation) -> dict | None:
    return json.loads(invitation.pending) if invitation.pending else None


def confirm_join(office: Office, invitation: Invitation, code: str) -> Correspondent:
    """Check the code and make the correspondent; the invitation is spent exactly once."""
    require_open(invitation)
    details = pending_details(invitation)
    if details is None or invitation.code_digest is None:
        raise JoinError(_l("กรุณากรอกข้อมูลผู้ประสานงานก่อน"))
    if invitation.code_expires_at is None or invitation.code_expires_at <= utcnow():
        raise JoinError(_l("รหัสยืนยันหมดอายุแล้ว กรุณาส่งข้อมูลอีกครั้งเพื่อรับรหัสใหม่"))
    if invitation.code_failures >= MAX_CODE_FAILURES:
        raise JoinError(_l("กรอกรหัสผิดหลายครั้ง กรุณาส่งข้อมูลอีกครั้งเพื่อรับรหัสใหม่"))
    typed = "".join(ch for ch in code if ch.isdigit())[:6]
    if token_digest(f"code:{invitation.id}:{typed}") != invitation.code_digest:
        invitation.code_failures += 1
        raise JoinError(_l("รหัสยืนยันไม่ถูกต้อง"))
    return accept_join(office, invitation, details)


def accept_join(
    office: Office, invitation: Invitation, details: dict, chat_user_id: int | None = None
) -> Correspondent:
    """Spend the checked invitation and make the correspondent from the typed ``details``;
    ``chat_user_id``: the LINE chat user who confirmed (None by e-mail: an earlier person's
    link ends with them)."""
    now = utcnow()
    # Spent by one conditional UPDATE: of two confirmations racing, one wins.
    spent = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(used_at=now, pending=None, code_digest=None)
    )
    if spent.rowcount != 1:
        raise JoinError(STATE_MESSAGES[InvitationState.USED])
    person = PersonDetails(**{k: details[k] for k in PersonDetails.__dataclass_fields__})
    school = invitation.school
    correspondent = save_correspondent(office, school, CorrespondentKind.MAIN, person)
    correspondent.session_version += 1  # whoever held the school's sign-in before is out
    correspondent.joined_at = now
    correspondent.chat_user_id = chat_user_id
    save_profile(
        office, school, details["page_url"], details["joined_groups"], None, by_self=correspondent
    )
    log_change(office, "invitation", "accepted", correspondent=correspondent, school_id=school.id)
    return correspondent
