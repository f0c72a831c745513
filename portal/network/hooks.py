"""What the network adds to approval and to the chat, registered at start so that neither
publishing nor chat imports anything of it."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.chat.hooks import register_text_interceptor
    from portal.network.line_joining import join_in_chat
    from portal.network.news import require_photos_checked, tell_school_published
    from portal.publishing import approval

    if require_photos_checked not in approval.APPROVAL_GUARDS:
        approval.APPROVAL_GUARDS.append(require_photos_checked)
    if tell_school_published not in approval.APPROVAL_FOLLOW_UPS:
        approval.APPROVAL_FOLLOW_UPS.append(tell_school_published)
    register_text_interceptor(join_in_chat)  # "เข้าร่วม <code>" in the LINE OA confirms a join
