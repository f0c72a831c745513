"""The words of a post on each channel, from a publication row's frozen payload.

The reference tag of the version (e.g. ``#NP2PUB000029V1``) always ends a Page post and a
LINE message, appended here whatever the text holds: readers can quote it, and no two
versions' messages are ever equal, which finding a post after a lost answer relies on (see
``portal.delivery.facebook_reconcile``; the tag alone identifies nothing). A share kit, pasted
by a person into a group or the profile, carries no machine tag.
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
    return f"{body}\n\n{reference}" if reference else body


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
    """What a person pastes into a Facebook group or the profile: title, text and link."""
    link = payload.get("link") or ""
    return f"{_body(payload)}\n\n{link}".strip()
