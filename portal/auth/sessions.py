"""The browser session around signing in: the half-signed-in step, a fresh session, the end.

Flask keeps the session in a signed cookie, so "a new session" means clearing its contents;
what makes an old cookie useless is the user's ``session_version`` (see ``load_user``).
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import current_app, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_user, logout_user

from portal.assets import is_static_request
from portal.extensions import db
from portal.models import Role, User
from portal.security.access import CASE_ROLES

PENDING_KEY = "auth_pending"
CODE_SECONDS = 5 * 60  # between the password and the code
ENROL_SECONDS = 15 * 60  # installing an authenticator app takes longer than typing a code
SIGNED_IN_AT = "signed_in_at"
SECOND_FACTOR = "second_factor"
KEPT_ACROSS_SIGN_IN = ("lang",)


class CookieNotFromFiles(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, but a static file's answer never sends the cookie.

    A signed-in session is sent again with every answer (its 12 hours start again on each
    page a correspondent opens). A page's favicon, fonts, styles and scripts are asked for
    alongside it and may be answered after the next page: with the cookie they left with,
    they undid what that page had just set (a language chosen, a sign-out's cleared session).
    """

    def should_set_cookie(self, app, session) -> bool:
        return not is_static_request() and super().should_set_cookie(app, session)


def regenerate() -> None:
    """Drop everything an earlier visitor of this browser put in the session, but the language."""
    kept = {key: session[key] for key in KEPT_ACROSS_SIGN_IN if key in session}
    session.clear()
    session.update(kept)


def start_pending(user: User, next_url: str | None, enrol: bool) -> None:
    """Remember, briefly, who passed the password step and still owes a code."""
    regenerate()
    lifetime = ENROL_SECONDS if enrol else CODE_SECONDS
    session[PENDING_KEY] = {"user": user.id, "version": user.session_version,
                            "expires": time.time() + lifetime, "next": next_url or ""}


def pending_user() -> User | None:
    """The user half-way through signing in, if that was less than the allowed time ago."""
    data = session.get(PENDING_KEY)
    if not isinstance(data, dict) or data.get("expires", 0) < time.time():
        session.pop(PENDING_KEY, None)
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or not user.active or user.session_version != data.get("version"):
        session.pop(PENDING_KEY, None)
        return None
    return user


def pending_next() -> str | None:
    data = session.get(PENDING_KEY)
    return safe_next(data.get("next")) if isinstance(data, dict) else None


def forget_pending() -> None:
    session.pop(PENDING_KEY, None)


def establish(user: User, second_factor: bool) -> None:
    """Sign ``user`` in on a fresh session that lasts at most the configured hours."""
    regenerate()
    login_user(user, fresh=True)
    session.permanent = True
    session[SIGNED_IN_AT] = int(time.time())
    session[SECOND_FACTOR] = second_factor


def mark_second_factor() -> None:
    """The signed-in user has just enrolled an authenticator: this session has both factors."""
    session[SECOND_FACTOR] = True


def reissue(user: User) -> None:
    """After a password change: this browser stays signed in under the new session version."""
    login_user(user, fresh=True)


def end() -> None:
    logout_user()
    session.clear()


def enforce_session_rules() -> None:
    """Before every request: end a signed-in session that is too old, or that lacks the second
    factor its user now needs (a role given since it began). Static files and fonts are
    skipped: loading the user and roles there cost two queries on every file a page uses."""
    if is_static_request():
        return
    started = session.get(SIGNED_IN_AT)
    if started is None or "_user_id" not in session:
        return
    too_old = time.time() - started > current_app.permanent_session_lifetime.total_seconds()
    if too_old or (current_user.is_authenticated and current_user.needs_two_factor
                   and not session.get(SECOND_FACTOR)):
        end()


def safe_next(target: str | None) -> str | None:
    """A local path to return to after signing in, never another site."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def landing(user: User) -> str:
    """Where a signed-in user starts: the inbox for case roles, publishing for the PR role
    and approvers, administration for administrators, else the account page."""
    views = current_app.view_functions
    if "staff.inbox" in views and user.role_set & CASE_ROLES:
        return url_for("staff.inbox")
    if "newsroom.queue" in views and user.has_role(Role.PR, Role.APPROVER):
        return url_for("newsroom.queue")
    if "admin.index" in views and user.has_role(Role.ADMIN):
        return url_for("admin.index")
    return url_for("auth.account")
