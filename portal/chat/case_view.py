"""What the case page and the tracking page show of a chat case: its platform, the person's
display name (staff only), which timeline entries came in or went out by chat, and, before
staff answer, why the chat cannot carry that answer now."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.chat.followups import chat_delivery_problem, chat_of
from portal.chat.models import ChatInboundEvent, ChatOutgoing
from portal.extensions import db
from portal.models import Case, EventKind

PLATFORM = {"line": "LINE", "messenger": "Messenger"}
OUT_STATUS = {
    "sent": _l("ส่งทาง %(platform)s แล้ว"),
    "undeliverable": _l("ส่งทาง %(platform)s ไม่ได้"),
    "failed": _l("ส่งทาง %(platform)s ไม่สำเร็จ"),
}
WAITING = _l("รอส่งทาง %(platform)s")


@dataclass
class ChatView:
    platform: str
    display_name: str
    problem: str | None
    inbound: set[int] = field(default_factory=set)
    outbound: dict[int, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return PLATFORM[self.platform]

    def mark(self, event) -> str:
        """The channel note of one timeline entry ("" when it has none)."""
        name = PLATFORM[self.platform]
        if event.kind is EventKind.SUBMITTED or event.id in self.inbound:
            return str(_l("ทาง %(platform)s", platform=name))
        status = self.outbound.get(event.id)
        if status is None:
            return ""
        return str(OUT_STATUS.get(status, WAITING) % {"platform": name})


def chat_view(case: Case) -> ChatView | None:
    user = chat_of(case)
    if user is None:
        return None
    inbound = set(
        db.session.scalars(
            select(ChatInboundEvent.case_event_id).where(
                ChatInboundEvent.case_event_id.in_([e.id for e in case.events])
            )
        )
    )
    outbound = dict(
        db.session.execute(
            select(ChatOutgoing.event_id, ChatOutgoing.status).where(
                ChatOutgoing.case_id == case.id, ChatOutgoing.event_id.is_not(None)
            )
        ).all()
    )
    return ChatView(
        platform=user.platform,
        display_name=user.display_name or "",
        problem=chat_delivery_problem(case) if case.is_open else None,
        inbound=inbound,
        outbound=outbound,
    )


@dataclass
class ChatSetup:
    """The channel page's chat section: where to point the webhooks, LINE's push use."""

    line_webhook: str
    messenger_webhook: str
    verify_token_set: bool
    push_used: int
    push_quota: int
    rich_menu_id: str
    form: object = None  # the push quota form


def chat_setup(office) -> ChatSetup:
    from flask import current_app

    from portal.chat.forms import PushQuotaForm
    from portal.chat.outgoing import current_month, find_chat_settings
    from portal.links import public_url

    line = find_chat_settings(office.id, "line")
    messenger = find_chat_settings(office.id, "messenger")
    default_quota = int(current_app.config.get("PORTAL_CHAT_LINE_PUSH_QUOTA", 200))
    return ChatSetup(
        line_webhook=public_url("chat.line_webhook", office_code=office.code),
        messenger_webhook=public_url("chat.messenger_webhook", office_code=office.code),
        verify_token_set=bool(messenger and messenger.verify_token),
        push_used=line.push_used if line and line.push_month == current_month() else 0,
        push_quota=line.push_quota if line else default_quota,
        rich_menu_id=line.rich_menu_id if line else "",
        form=PushQuotaForm(prefix="chat", push_quota=line.push_quota if line else default_quota),
    )


def chat_names_for(cases) -> dict[int, str]:
    """For an inbox page: the chat display name of each row filed by chat (none: no query)."""
    from portal.chat.models import ChatCase, ChatUser
    from portal.models import Channel

    ids = [c.id for c in cases if c.channel in (Channel.LINE, Channel.FACEBOOK)]
    if not ids:
        return {}
    rows = db.session.execute(
        select(ChatCase.case_id, ChatUser.platform, ChatUser.display_name)
        .join(ChatUser, ChatUser.id == ChatCase.chat_user_id)
        .where(ChatCase.case_id.in_(ids))
    ).all()
    return {row.case_id: f"{PLATFORM[row.platform]}: {row.display_name or '—'}" for row in rows}
