"""Two requests with the same code at the same moment: only one gets in (both backends)."""

from __future__ import annotations

import threading
import time

from portal.auth.errors import SignInRefused
from portal.auth.signin import Client
from portal.auth.two_factor import verify_code
from portal.extensions import db
from portal.models import Role, User
from portal.security import totp
from tests.auth.factories import code_for, make_user


def test_one_code_sent_twice_at_once_is_accepted_once(app, office):
    user = make_user(office, "boss@np2.example", Role.DIRECTOR, totp_secret=totp.new_secret())
    user_id, code = user.id, code_for(user.totp_secret)
    db.session.commit()
    db.session.remove()
    outcomes: list[str] = []

    def second_request(started: threading.Event) -> None:
        # Its own connection: it reads the row before the first request commits.
        with app.app_context():
            other = db.session.get(User, user_id)
            started.set()
            try:
                verify_code(other, code, Client("198.51.100.2", "b"))
                db.session.commit()
                outcomes.append("accepted")
            except SignInRefused as refused:
                db.session.rollback()
                outcomes.append(refused.reason)
            finally:
                db.session.remove()

    first = db.session.get(User, user_id)
    assert first.totp_last_step == 0
    verify_code(first, code, Client("198.51.100.1", "a"))  # accepted, not yet committed
    started = threading.Event()
    racer = threading.Thread(target=second_request, args=(started,))
    racer.start()
    assert started.wait(10)
    time.sleep(0.5)  # the second request now waits on the row (or on SQLite's write lock)
    db.session.commit()
    racer.join(30)
    assert not racer.is_alive()
    assert outcomes == ["reused_code"]
    db.session.expire_all()
    assert db.session.get(User, user_id).totp_last_step > 0
