"""Staff's answers on the case page, carried to the chat the case came from.

Called by :func:`portal.cases.notify.on_event` for every case event, in its transaction: a
public reply, a request for information, an acknowledgement and a resolution become a chat
message to the person (besides their e-mail, when they gave one).
"""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from portal.cases.notify import reporter_template
from portal.chat.models import ChatCase, ChatUser
from portal.chat.outgoing import line_push_problem, messenger_window_problem, queue_messages
from portal.chat.texts import msg
from portal.extensions import db
from portal.labels import OUTCOME
from portal.links import public_url
from portal.models import Case, CaseEvent

HEADINGS = {
    "case_replied": "เจ้าหน้าที่ตอบเรื่องเลขที่ {number}",
    "case_info_requested": "เจ้าหน้าที่ขอข้อมูลเพิ่มเติมสำหรับเรื่องเลขที่ {number} (ตอบกลับในแชตนี้ได้เลย)",
    "case_acknowledged": "เจ้าหน้าที่รับเรื่องเลขที่ {number} แล้ว",
    "case_resolved": "แจ้งผลการดำเนินการเรื่องเลขที่ {number}",
}


def chat_of(case: Case) -> ChatUser | None:
    return db.session.scalar(
        select(ChatUser)
        .join(ChatCase, ChatCase.chat_user_id == ChatUser.id)
        .where(ChatCase.case_id == case.id)
    )


def on_case_event(case: Case, event: CaseEvent) -> None:
    template = reporter_template(event)
    if template is None or template not in HEADINGS or case.id is None:
        return
    user = chat_of(case)
    if user is None:
        return
    text = HEADINGS[template].format(number=case.number)
    if event.body:
        text += f"\n\n{event.body}"
    if template == "case_resolved" and case.outcome is not None:
        with force_locale("th"):
            text += f"\n\nผล: {OUTCOME[case.outcome]}"
    text += f"\n\nดูเรื่องทั้งหมด: {public_url('tracking.lookup', number=case.number)}"
    queue_messages(user, [msg(text)], purpose=template, case=case, event=event)


def chat_delivery_problem(case: Case) -> str | None:
    """For the case page: why an answer cannot reach the person's chat now, or None."""
    user = chat_of(case)
    if user is None:
        return None
    if user.platform == "messenger":
        return messenger_window_problem(user)
    return line_push_problem(case.office_id)
