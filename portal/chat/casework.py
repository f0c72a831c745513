"""What the conversation does to cases: file one through the web form's intake service, add
a follow-up to an open one, list a person's cases."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from portal.cases.errors import CaseError
from portal.cases.submit import CaseSubmission, ContactDetails, submit_case
from portal.cases.tracking import REPORTER_MAY_WRITE, add_reporter_message
from portal.chat import texts
from portal.chat.media import PhotoNotFetched, fetch_photo
from portal.chat.models import ChatCase, ChatUser
from portal.clock import utcnow
from portal.extensions import db
from portal.filters import thai_date
from portal.labels import CASE_TYPE, STATUS
from portal.models import (
    ActorType,
    Case,
    CaseEvent,
    CaseType,
    Channel,
    EventKind,
    Visibility,
)

CASE_CHANNEL = {"line": Channel.LINE, "messenger": Channel.FACEBOOK}
SUBJECT_LENGTH = 80


def cases_per_day() -> int:
    from flask import current_app

    return int(current_app.config.get("PORTAL_CHAT_CASES_PER_DAY", 5))


def file_case(turn, draft: dict) -> Case | None:
    """Create the case with the web form's service (numbering, routing, deadline), link it to
    this chat, and answer with its number and receipt. Photos that cannot be fetched do not
    stop the case: they are noted on it for staff and the person is told."""
    user: ChatUser = turn.user
    today = utcnow().date().isoformat()
    if user.cases_day != today:
        user.cases_day, user.cases_today = today, 0
    if user.cases_today >= cases_per_day():
        turn.save("idle")
        turn.say(texts.too_many_cases(cases_per_day()))
        return None
    files, missing = [], []
    for n, ref in enumerate(draft.get("photos") or [], start=1):
        try:
            files.append(fetch_photo(turn.account, user.platform, ref, n))
        except PhotoNotFetched as exc:
            missing.append(f"รูปที่ {n}: {exc}")
    description = draft["description"]
    submission = CaseSubmission(
        case_type=CaseType(draft["type"]),
        subject=_subject(description),
        description=description,
        school_id=draft.get("school_id"),
        contact=ContactDetails(name=user.display_name or ""),
        channel=CASE_CHANNEL[user.platform],
        files=files,
    )
    try:
        submitted = submit_case(turn.office, submission)
    except CaseError as exc:
        turn.save("idle")
        turn.say(texts.msg(f"บันทึกเรื่องไม่สำเร็จ: {exc.message}", texts.MENU))
        return None
    case = submitted.case
    db.session.flush()
    db.session.add(ChatCase(case_id=case.id, chat_user_id=user.id, platform=user.platform))
    if missing:
        _note(case, "รูปที่ผู้แจ้งส่งทางแชตรับไม่ได้ เรื่องบันทึกโดยไม่มีรูปเหล่านี้: " + "; ".join(missing))
    user.cases_today += 1
    turn.save("idle")
    turn.say(
        *texts.filed(
            case.number, submitted.receipt, thai_date(case.reply_due_at, locale="th"), len(missing)
        )
    )
    return case


def _subject(description: str) -> str:
    first = description.strip().splitlines()[0]
    return first if len(first) <= SUBJECT_LENGTH else first[: SUBJECT_LENGTH - 1] + "…"


def _note(case: Case, body: str) -> None:
    case.events.append(
        CaseEvent(
            kind=EventKind.INTERNAL_NOTE,
            actor_type=ActorType.SYSTEM,
            body=body,
            visibility=Visibility.INTERNAL,
        )
    )


def open_chat_cases(user: ChatUser) -> list[Case]:
    return list(
        db.session.scalars(
            select(Case)
            .join(ChatCase, ChatCase.case_id == Case.id)
            .where(ChatCase.chat_user_id == user.id, Case.status.in_(REPORTER_MAY_WRITE))
            .order_by(Case.received_at.desc())
        ).all()
    )


def add_follow_up(turn, case: Case, text: str) -> dict:
    """The person's message (or photo) becomes a reporter message on ``case``."""
    files, problem = [], ""
    if turn.incoming.kind == "image":
        try:
            files.append(
                fetch_photo(
                    turn.account,
                    turn.user.platform,
                    turn.incoming.media_ref,
                    len(case.attachments) + 1,
                )
            )
        except PhotoNotFetched as exc:
            problem = str(exc)
    body = text or ("(รูปภาพทางแชต)" if files else "(ผู้แจ้งส่งรูปทางแชต แต่รับรูปไม่ได้)")
    try:
        event = add_reporter_message(case, body, files)
    except CaseError as exc:
        return texts.msg(str(exc.message), texts.MENU)
    turn.case_event_ids.append(event.id)
    if problem:
        _note(case, f"รูปที่ผู้แจ้งส่งทางแชตรับไม่ได้: {problem}")
        return texts.msg(f"รับรูปไม่ได้ ({problem}) กรุณาส่งใหม่อีกครั้ง")
    return texts.msg(f"เพิ่มข้อความของท่านในเรื่อง {case.number} แล้ว เจ้าหน้าที่จะเห็นข้อความนี้")


def track_list(user: ChatUser) -> dict:
    """The person's chat cases, newest first, each with its status and last staff answer."""
    cases = db.session.scalars(
        select(Case)
        .join(ChatCase, ChatCase.case_id == Case.id)
        .where(ChatCase.chat_user_id == user.id)
        .order_by(Case.received_at.desc())
        .limit(5)
    ).all()
    if not cases:
        return texts.msg("ยังไม่มีเรื่องที่ท่านแจ้งทางแชตนี้", texts.MENU)
    lines = []
    with force_locale("th"):
        for case in cases:
            line = (
                f"• {case.number} ({CASE_TYPE[case.case_type]}): {STATUS[case.status]} "
                f"แจ้งเมื่อ {thai_date(case.received_at, locale='th')}"
            )
            reply = next(
                (
                    e
                    for e in reversed(case.events)
                    if e.visibility is Visibility.PUBLIC
                    and e.actor_type is ActorType.STAFF
                    and e.body
                ),
                None,
            )
            if reply is not None:
                line += f"\n  เจ้าหน้าที่ตอบล่าสุด: {_short(reply.body)}"
            lines.append(line)
    return texts.msg("เรื่องของท่าน\n" + "\n".join(lines), texts.MENU)


def _short(text: str, length: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
