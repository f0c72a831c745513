"""Staff users and the steps of signing in, for the auth tests."""

from __future__ import annotations

import re
import time

from sqlalchemy import select

from portal.extensions import db
from portal.models import Office, Role, User, UserRole
from portal.security import totp
from portal.security.passwords import hash_password
from tests.helpers import csrf_token

PASSWORD = "ม้าลายกินหญ้าริมฝั่งโขง 2569"
ERROR_RE = re.compile(r'class="error-(?:summary|text)"[^>]*>(.*?)</div>', re.S)


NOT_ENROLLED = ""


def make_user(office: Office, email: str = "somsri@np2.example", *roles: Role,
              name: str = "สมศรี มีสุข", password: str = PASSWORD, active: bool = True,
              totp_secret: str | None = None) -> User:
    """A committed staff user (intake by default) with an authenticator enrolled, as every
    account needs one: ``totp_secret``, or a new one; ``NOT_ENROLLED`` for none yet."""
    if totp_secret is None:
        totp_secret = totp.new_secret()
    elif totp_secret == NOT_ENROLLED:
        totp_secret = None
    user = User(office_id=office.id, email=email, name=name, password_hash=hash_password(password),
                active=active, roles=[UserRole(role=r) for r in roles or (Role.INTAKE,)],
                totp_secret=totp_secret, totp_enabled=totp_secret is not None)
    db.session.add(user)
    db.session.commit()
    return user


def code_for(secret: str, offset_steps: int = 0) -> str:
    """The code an authenticator shows now (or ``offset_steps`` steps from now)."""
    return totp.totp(totp.decode_secret(secret), time.time() + offset_steps * totp.STEP_SECONDS)


def post(client, url: str, data: dict, token_from: str | None = None, **kwargs):
    """POST a form with the CSRF token of the page ``token_from`` (default: ``url``)."""
    payload = {"csrf_token": csrf_token(client, token_from or url), **data}
    return client.post(url, data=payload, **kwargs)


def password_step(client, email: str, password: str = PASSWORD, **kwargs):
    """The first step only: e-mail and password."""
    return post(client, "/staff/sign-in", {"email": email, "password": password}, **kwargs)


def sign_in(client, email: str, password: str = PASSWORD, **kwargs):
    """The password, then (when the page asks for it) the code of the user's authenticator;
    returns the last response."""
    response = password_step(client, email, password, **kwargs)
    if response.status_code == 302 and response.headers["Location"].endswith(
            "/staff/sign-in/code"):
        user = db.session.scalar(select(User).where(User.email == email.strip().casefold()))
        db.session.refresh(user)
        # A fresh code each time, however many sign-ins a test makes within 30 seconds (that
        # a code works once is tests/auth/test_two_factor.py's business).
        user.totp_last_step = 0
        db.session.commit()
        extra = {k: v for k, v in kwargs.items() if k in ("headers", "environ_base")}
        response = post(client, "/staff/sign-in/code", {"code": code_for(user.totp_secret)},
                        **extra)
    return response


def sign_in_fully(client, user: User, password: str = PASSWORD, offset_steps: int = 0):
    """Password, then the code when the user has an authenticator; returns the last response."""
    response = password_step(client, user.email, password)
    if user.totp_enabled:
        assert response.headers["Location"].endswith("/staff/sign-in/code"), response.status
        response = post(client, "/staff/sign-in/code",
                        {"code": code_for(user.totp_secret, offset_steps)})
    return response


def signed_in(client) -> bool:
    """True when the client reaches its own account page."""
    return client.get("/staff/account").status_code == 200


def page_errors(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", m) for m in ERROR_RE.findall(response.get_data(True)))


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def with_cookie(app, value: str):
    """A new browser presenting a copy of someone's session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other
