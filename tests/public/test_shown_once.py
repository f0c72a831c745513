"""'Shown once' is a server-side fact: replaying an older session cookie shows nothing."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import OneTimeMark
from tests.helpers import post_form, receipt_from, valid_case


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_the_receipt_is_not_shown_again_from_a_replayed_cookie(client, office):
    assert post_form(client, "/submit", valid_case()).status_code == 302
    page = client.get("/receipt")
    _number, receipt = receipt_from(page.get_data(as_text=True))
    assert client.get("/receipt").status_code == 200  # a reload before confirming still shows
    before_saving = session_cookie(client)
    confirmed = client.post("/receipt/confirm", data={"saved": "y", "csrf_token": _token(page)})
    assert confirmed.status_code == 302
    client.set_cookie("session", before_saving)  # the cookie from before "I saved it"
    replay = client.get("/receipt")
    assert replay.status_code == 302 and replay.headers["Location"].startswith("/track")
    assert receipt not in client.get(replay.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OneTimeMark)) == 0


def _token(response) -> str:
    from tests.helpers import CSRF_RE

    match = CSRF_RE.search(response.get_data(as_text=True))
    return match.group(1) or match.group(2)
