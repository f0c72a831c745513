"""What other features may add to the chat without the chat importing them.

A feature package registers a *text interceptor* at start (``portal.network.hooks`` does, for
the join code "เข้าร่วม <code>"). Each typed message is offered to the interceptors before
the conversation: the first that returns True has answered it (its replies are in
``turn.replies``) and the conversation does not see it. An interceptor runs inside the
event's transaction, so it commits nothing and sends nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable

from portal.channels.settings import channel_account
from portal.chat.conversation import Turn
from portal.chat.store import ACCOUNT_CHANNEL

TextInterceptor = Callable[[Turn], bool]
TEXT_INTERCEPTORS: list[TextInterceptor] = []


def register_text_interceptor(interceptor: TextInterceptor) -> None:
    """Offer typed messages to ``interceptor`` first (once, however often it is registered)."""
    if interceptor not in TEXT_INTERCEPTORS:
        TEXT_INTERCEPTORS.append(interceptor)


def intercept(turn: Turn) -> bool:
    """True when a registered interceptor answered this typed message."""
    if turn.incoming.kind != "text" or not turn.incoming.text.strip():
        return False
    return any(interceptor(turn) for interceptor in TEXT_INTERCEPTORS)


def chat_open(office_id: int, platform: str) -> bool:
    """The office's account for ``platform`` can take chat webhooks (set up, its secret known,
    not switched off): a web page may then send people to the chat."""
    account = channel_account(office_id, ACCOUNT_CHANNEL[platform])
    return bool(account is not None and account.enabled and account.configured and account.secret)
