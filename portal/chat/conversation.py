"""The conversation in the chat: a small state machine kept on the chat user's row.

States: ``idle`` → ``type`` → (``corruption_offer``) → ``school`` → ``description`` →
``photos`` → ``confirm`` → a case; ``staff_message`` (a question for an officer, filed as a
question case); ``choose_case`` (a follow-up, with several open cases). "ยกเลิก" cancels
anywhere. Services only: nothing here commits or sends; replies go to ``Turn.replies``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from portal.chat import texts
from portal.chat.casework import add_follow_up, file_case, open_chat_cases, track_list
from portal.chat.events import Incoming
from portal.chat.models import ChatUser
from portal.clock import utcnow
from portal.extensions import db
from portal.labels import CASE_TYPE
from portal.models import CaseType, ChannelAccount, Office, School
from portal.numbers import plain_int

MIN_DESCRIPTION = 10
MAX_DESCRIPTION = 4000


@dataclass
class Turn:
    office: Office
    user: ChatUser
    incoming: Incoming
    account: ChannelAccount | None
    replies: list[dict] = field(default_factory=list)
    case_event_ids: list[int] = field(default_factory=list)  # reporter messages it became

    @property
    def draft(self) -> dict:
        return json.loads(self.user.draft) if self.user.draft else {}

    def save(self, state: str, draft: dict | None = None) -> None:
        self.user.state = state
        self.user.state_changed_at = utcnow()
        self.user.draft = json.dumps(draft, ensure_ascii=False) if draft else None

    def say(self, *messages: dict) -> None:
        self.replies.extend(messages)


def converse(turn: Turn) -> None:
    """Answer one incoming event according to where the conversation stands."""
    incoming, user = turn.incoming, turn.user
    if incoming.kind == "follow" or not user.greeted:
        user.greeted = True
        turn.say(*texts.greeting(turn.office.name_th, incoming.platform))
        if incoming.kind == "follow":
            return
    if incoming.kind == "unfollow":
        turn.save("idle")  # nothing half-filed is kept for someone who left
        return
    word = incoming.text.strip() if incoming.kind in ("text", "choice") else ""
    if word == texts.CANCEL:
        if user.state != "idle":
            turn.save("idle")
            turn.say(texts.cancelled())
        else:
            turn.say(texts.menu())
        return
    if user.state == "idle" and word in (texts.FILE, texts.TRACK, texts.ASK, texts.STAFF):
        start(turn, word)
        return
    STATES.get(user.state, idle)(turn, word)


def start(turn: Turn, word: str) -> None:
    if word == texts.FILE:
        turn.save("type", {})
        turn.say(texts.ask_type())
    elif word == texts.TRACK:
        turn.say(track_list(turn.user))
    elif word == texts.ASK:
        turn.save("school", {"type": CaseType.QUESTION.value})
        turn.say(texts.ask_school())
    else:
        turn.save("staff_message", {"type": CaseType.QUESTION.value})
        turn.say(
            texts.identity_notice(turn.incoming.platform),
            texts.msg(
                "พิมพ์สิ่งที่ต้องการสอบถามหรือแจ้งเจ้าหน้าที่ในข้อความเดียว "
                "ระบบจะบันทึกเป็นเรื่องและเจ้าหน้าที่จะตอบกลับในแชตนี้ในเวลาทำการ",
                [[texts.CANCEL, texts.CANCEL]],
            ),
        )


def idle(turn: Turn, word: str) -> None:
    """Outside a flow: a message or photo is a follow-up of the person's open case."""
    kind = turn.incoming.kind
    if kind not in ("text", "image"):
        turn.say(texts.unexpected(kind, "idle"))
        return
    cases = open_chat_cases(turn.user)
    if not cases:
        turn.say(texts.menu())
        return
    if len(cases) == 1:
        turn.say(add_follow_up(turn, cases[0], word))
        return
    pending = {"text": word, "kind": kind, "media_ref": turn.incoming.media_ref}
    turn.save("choose_case", {"pending": pending})
    quick = [[c.number[-13:], f"case:{c.number}"] for c in cases[:12]]
    turn.say(
        texts.msg(
            "ท่านมีหลายเรื่องที่ยังดำเนินการอยู่ ข้อความนี้เป็นของเรื่องใด", [*quick, [texts.CANCEL, texts.CANCEL]]
        )
    )


def choose_case(turn: Turn, word: str) -> None:
    if not word.startswith("case:"):
        turn.say(texts.unexpected(turn.incoming.kind, "choose_case"))
        return
    number = word.removeprefix("case:")
    case = next((c for c in open_chat_cases(turn.user) if c.number == number), None)
    pending = turn.draft.get("pending") or {}
    turn.save("idle")
    if case is None:
        turn.say(texts.msg("ไม่พบเรื่องนี้ในเรื่องที่ยังดำเนินการอยู่ของท่าน", texts.MENU))
        return
    turn.incoming.kind = pending.get("kind", "text")
    turn.incoming.media_ref = pending.get("media_ref", "")
    turn.say(add_follow_up(turn, case, pending.get("text", "")))


def choose_type(turn: Turn, word: str) -> None:
    value = word.removeprefix("type:") if word.startswith("type:") else None
    if value not in {t.value for t in CaseType}:
        turn.say(
            texts.unexpected(turn.incoming.kind, "type")
            if turn.incoming.kind != "text"
            else texts.ask_type()
        )
        return
    if value == CaseType.CORRUPTION.value:
        turn.save("corruption_offer", {"type": value})  # nothing else is kept yet
        turn.say(texts.corruption_offer())
        return
    turn.save("school", {"type": value})
    turn.say(texts.ask_school())


def corruption_offer(turn: Turn, word: str) -> None:
    if word != "corruption:go":
        turn.say(
            texts.unexpected(turn.incoming.kind, "corruption_offer")
            if turn.incoming.kind != "text"
            else texts.corruption_offer()
        )
        return
    turn.save("school", turn.draft)
    turn.say(texts.ask_school())


def choose_school(turn: Turn, word: str) -> None:
    draft = turn.draft
    if word == "school:none":
        draft.update(school_id=None, school_name="")
    elif word.startswith("school:") and (school_pk := plain_int(word[7:])) is not None:
        school = db.session.get(School, school_pk)
        if school is None or school.office_id != turn.office.id or not school.active:
            turn.say(texts.no_school_found())
            return
        draft.update(school_id=school.id, school_name=school.name_th)
    elif turn.incoming.kind == "text" and len(word) >= 2:
        found = find_schools(turn.office, word)
        turn.say(texts.schools_found(found) if found else texts.no_school_found())
        return
    else:
        turn.say(
            texts.unexpected(turn.incoming.kind, "school")
            if turn.incoming.kind != "text"
            else texts.ask_school()
        )
        return
    turn.save("description", draft)
    turn.say(texts.identity_notice(turn.incoming.platform), texts.ask_description())


def find_schools(office: Office, letters: str, limit: int = 11) -> list[tuple[int, str]]:
    """Active schools whose Thai name contains ``letters`` (any case, no spaces needed)."""
    needle = "".join(letters.split())
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    name = db.func.replace(School.name_th, " ", "")
    rows = db.session.execute(
        select(School.id, School.name_th)
        .where(
            School.office_id == office.id, School.active.is_(True), name.ilike(pattern, escape="\\")
        )
        .order_by(School.name_th)
        .limit(limit)
    ).all()
    return [(row.id, row.name_th.removeprefix("โรงเรียน")[:20]) for row in rows]


def describe(turn: Turn, word: str) -> None:
    if turn.incoming.kind != "text":
        turn.say(texts.unexpected(turn.incoming.kind, "description"))
        return
    if len(word) < MIN_DESCRIPTION:
        turn.say(
            texts.msg(
                f"รายละเอียดสั้นเกินไป กรุณาเล่าอย่างน้อย {MIN_DESCRIPTION} ตัวอักษร",
                [[texts.CANCEL, texts.CANCEL]],
            )
        )
        return
    draft = turn.draft
    draft.update(description=word[:MAX_DESCRIPTION], photos=[])
    turn.save("photos", draft)
    turn.say(texts.ask_photos(photo_limit()))


def photo_limit() -> int:
    return int(current_app.config.get("PORTAL_MAX_ATTACHMENTS", 5))


def collect_photos(turn: Turn, word: str) -> None:
    draft = turn.draft
    limit = photo_limit()
    if turn.incoming.kind == "image":
        photos = draft.setdefault("photos", [])
        if len(photos) >= limit:
            turn.say(texts.msg(f'ครบ {limit} รูปแล้ว กด "ส่งรูปครบแล้ว"', texts.DONE_PHOTOS))
            return
        photos.append(turn.incoming.media_ref)
        turn.save("photos", draft)
        turn.say(texts.photo_received(len(photos), limit))
        return
    if word != "photos:done" and word not in ("ส่งรูปครบแล้ว", "ไม่มีรูป"):
        turn.say(texts.unexpected(turn.incoming.kind, "photos"))
        return
    turn.save("confirm", draft)
    turn.say(
        texts.summary(
            str(CASE_TYPE[CaseType(draft["type"])]),
            draft.get("school_name") or "ไม่เกี่ยวกับโรงเรียน",
            draft["description"],
            len(draft.get("photos") or []),
        )
    )


def confirm(turn: Turn, word: str) -> None:
    if word not in ("confirm:yes", "ยืนยันส่งเรื่อง"):
        turn.say(texts.unexpected(turn.incoming.kind, "confirm"))
        return
    file_case(turn, turn.draft)


def staff_message(turn: Turn, word: str) -> None:
    if turn.incoming.kind != "text" or len(word) < 2:
        turn.say(texts.unexpected(turn.incoming.kind, "staff_message"))
        return
    file_case(
        turn,
        {
            "type": CaseType.QUESTION.value,
            "school_id": None,
            "description": word[:MAX_DESCRIPTION],
            "photos": [],
        },
    )


STATES = {
    "idle": idle,
    "type": choose_type,
    "corruption_offer": corruption_offer,
    "school": choose_school,
    "description": describe,
    "photos": collect_photos,
    "confirm": confirm,
    "staff_message": staff_message,
    "choose_case": choose_case,
}
