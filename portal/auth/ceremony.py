"""The browser side of a passkey ceremony: the page's origin, and its challenge in the session.

The challenge also lives on the server as a one-time mark (``portal.auth.passkeys``); the
session only says which challenge this browser was given, for which step.
"""

from __future__ import annotations

from flask import request, session

from portal.auth import passkeys
from portal.models import User

CEREMONY_KEY = "passkey_ceremony"


def origin() -> str:
    """Where the page was served from; the host was checked against the trusted names."""
    return f"{request.scheme}://{request.host}"


def passkey_ceremony(user: User, kind: str) -> passkeys.Ceremony:
    """Options for a passkey form of ``kind`` (``register`` or ``sign_in``), remembered here."""
    if kind == "register":
        ceremony = passkeys.registration_options(user, origin())
    else:
        ceremony = passkeys.authentication_options(user, origin())
    session[CEREMONY_KEY] = {"kind": kind, "user": user.id, "challenge": ceremony.challenge}
    return ceremony


def take_challenge(user: User, kind: str) -> str | None:
    """The challenge this browser was last given for ``kind`` and ``user``; asked once."""
    data = session.pop(CEREMONY_KEY, None)
    if not isinstance(data, dict) or data.get("kind") != kind or data.get("user") != user.id:
        return None
    challenge = data.get("challenge")
    return challenge if isinstance(challenge, str) else None
