"""The words of a post on each channel, from a publication row's frozen payload.

The reference tag (e.g. ``#NP2-2569-000123``) always ends the text: the worker finds a post
that reached Facebook before a timeout by it, and readers can quote it.
"""

from __future__ import annotations

from typing import Any

FACEBOOK_LIMIT = 60_000  # Graph accepts 63,206 characters in a post's message
LINE_TEXT_LIMIT = 5_000  # a LINE text message


def _body(payload: dict[str, Any]) -> str:
    title = (payload.get("title") or "").strip()
    text = (payload.get("text") or "").strip()
    return f"{title}\n\n{text}" if title and not text.startswith(title) else text or title


def _with_reference(body: str, reference: str) -> str:
    return body if not reference or reference in body else f"{body}\n\n{reference}"


def facebook_message(payload: dict[str, Any]) -> str:
    """Title, text and reference; the link goes in the post's ``link`` field (its preview)."""
    reference = payload.get("reference") or ""
    body = _body(payload)[: FACEBOOK_LIMIT - len(reference) - 2]
    return _with_reference(body, reference)


def line_text(payload: dict[str, Any]) -> str:
    """Title, text, the link (LINE previews it) and the reference, within LINE's limit."""
    tail = "\n\n".join(x for x in (payload.get("link") or "", payload.get("reference") or "")
                       if x)
    room = LINE_TEXT_LIMIT - len(tail) - 3
    body = _body(payload)
    if len(body) > room:
        body = body[: room - 1].rstrip() + "…"
    return f"{body}\n\n{tail}" if tail else body


def share_text(payload: dict[str, Any]) -> str:
    """What a person pastes into a Facebook group or the profile: text, link, reference."""
    link = payload.get("link") or ""
    return _with_reference(f"{_body(payload)}\n\n{link}".strip(), payload.get("reference") or "")
