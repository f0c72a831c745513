"""Staff sign-in: passwords, two-factor codes, sessions that really end."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Flask

from portal.extensions import db, login_manager
from portal.numbers import plain_int
from portal.security.headers import no_store

bp = Blueprint("auth", __name__, url_prefix="/staff")
bp.after_request(no_store)
SESSION_HOURS = 12  # a working day; then the officer signs in again


@login_manager.user_loader
def load_user(user_id: str):
    """Sessions carry ``id:session_version``; a bumped version ends every older session."""
    from portal.models import User

    identifier, _, version = user_id.partition(":")
    user_pk, version_number = plain_int(identifier), plain_int(version)
    if user_pk is None or version_number is None:
        return None
    user = db.session.get(User, user_pk)
    if user is None or not user.active or user.session_version != version_number:
        return None
    return user


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    # "basic": a changed IP (a director on mobile data) marks the session not fresh rather
    # than ending it; stolen cookies are dealt with by session_version on sign-out.
    login_manager.session_protection = "basic"
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("กรุณาเข้าสู่ระบบก่อน")
    login_manager.login_message_category = "info"

    from portal.auth import cli, sessions

    hours = app.config.get("PORTAL_SESSION_HOURS", SESSION_HOURS)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=hours)
    app.session_interface = sessions.CookieNotFromFiles()
    app.before_request(sessions.enforce_session_rules)
    app.cli.add_command(cli.create_user_command)


from portal.auth import account_views, passkey_views, views  # noqa: E402, F401  (routes)
