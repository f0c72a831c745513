"""Correspondents' passkeys, server side, with a software authenticator: a correspondent
signed in by the e-mailed link keeps a passkey, then signs in with it alone; a replayed
answer, a removed key and a replaced correspondent's key are refused."""

from __future__ import annotations

import html
import json
import re

from sqlalchemy import select, update

from portal.extensions import db
from portal.network.details import PersonDetails
from portal.network.models import Correspondent, CorrespondentKind, CorrespondentPasskey
from portal.network.registry import save_correspondent
from portal.network.signin import SESSION_KEY
from tests.auth.soft_authenticator import SoftAuthenticator
from tests.network.helpers import csrf, schools

ORIGIN = "http://localhost"  # the test client's host


def _person(office) -> Correspondent:
    person = save_correspondent(
        office,
        schools(office)[0],
        CorrespondentKind.MAIN,
        PersonDetails("นางสาวมาลี ใจดี", email="malee@school.example"),
    )
    db.session.commit()
    return person


def _signed_in(client, person) -> None:
    """What the e-mailed link leaves in the session (tests/network/test_joining.py walks it)."""
    with client.session_transaction() as session:
        session[SESSION_KEY] = f"{person.id}:{person.session_version}"


def _options(page: str) -> str:
    found = re.search(r'data-options="([^"]+)"', page)
    assert found, page[:3000]
    return html.unescape(found.group(1))


def _phone_offers(options_json: str, device: SoftAuthenticator) -> str:
    """The phone answers a sign-in that names no key with the one it keeps for the site."""
    options = json.loads(options_json)
    assert options["allowCredentials"] == [] and options["userVerification"] == "required"
    options["allowCredentials"] = [
        {"type": "public-key", "id": json.loads(device.create_answer)["id"]}
    ]
    return json.dumps(options)


def _add(client, person, device: SoftAuthenticator):
    page = client.get(f"/network/school/{person.school_id}/passkeys").text
    options = json.loads(_options(page))
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["user"]["name"] == person.email
    device.create_answer = device.create(_options(page))
    return client.post(
        f"/network/school/{person.school_id}/passkeys",
        data={"csrf_token": csrf(page), "credential": device.create_answer, "name": "มือถือ"},
        follow_redirects=True,
    )


def _sign_in(client, device: SoftAuthenticator):
    page = client.get("/network/sign-in").text
    answer = device.get(_phone_offers(_options(page), device))
    response = client.post(
        "/network/sign-in/passkey", data={"csrf_token": csrf(page), "credential": answer}
    )
    return response, answer, csrf(page)


def test_a_correspondent_keeps_a_passkey_and_signs_in_with_it(app, office, client):
    person = _person(office)
    _signed_in(client, person)
    device = SoftAuthenticator(ORIGIN)
    added = _add(client, person, device)
    assert "เพิ่มพาสคีย์แล้ว" in added.text and "มือถือ" in added.text
    key = db.session.scalar(select(CorrespondentPasskey))
    assert key.correspondent_id == person.id and key.transports == "internal,hybrid"

    phone = app.test_client()
    response, answer, token = _sign_in(phone, device)
    assert response.status_code == 302
    assert response.location.endswith(f"/network/school/{person.school_id}")
    assert "นางสาวมาลี ใจดี" in phone.get(response.location).text
    # The same answer again: its challenge is spent.
    phone.post("/network/sign-out", data={"csrf_token": token})
    again = phone.post(
        "/network/sign-in/passkey",
        data={"csrf_token": token, "credential": answer},
        follow_redirects=True,
    )
    assert "เข้าสู่ระบบด้วยพาสคีย์ไม่สำเร็จ" in again.text
    assert phone.get(f"/network/school/{person.school_id}").status_code == 302
    db.session.expire_all()
    assert db.session.get(CorrespondentPasskey, key.id).last_used_at is not None


def test_a_removed_key_and_a_replaced_correspondent_are_refused(app, office, client):
    person = _person(office)
    _signed_in(client, person)
    first, second = SoftAuthenticator(ORIGIN), SoftAuthenticator(ORIGIN)
    _add(client, person, first)
    _add(client, person, second)
    keys = db.session.scalars(select(CorrespondentPasskey).order_by(CorrespondentPasskey.id)).all()
    page = client.get(f"/network/school/{person.school_id}/passkeys").text
    client.post(
        f"/network/school/{person.school_id}/passkeys/{keys[0].id}/remove",
        data={"csrf_token": csrf(page)},
    )
    phone = app.test_client()
    response, _answer, _token = _sign_in(phone, first)
    assert response.location.endswith("/network/sign-in")
    response, _answer, _token = _sign_in(phone, second)
    assert response.location.endswith(f"/network/school/{person.school_id}")
    # Someone else takes over the school's sign-in: the old person's key is of no use.
    db.session.execute(
        update(Correspondent)
        .where(Correspondent.id == person.id)
        .values(session_version=Correspondent.session_version + 1)
    )
    db.session.commit()
    phone = app.test_client()
    response, _answer, _token = _sign_in(phone, second)
    assert response.location.endswith("/network/sign-in")


def test_keys_are_the_signed_in_correspondents_own(app, office, client):
    person = _person(office)
    assert client.get(f"/network/school/{person.school_id}/passkeys").status_code == 302
    other = save_correspondent(
        office,
        schools(office)[1],
        CorrespondentKind.MAIN,
        PersonDetails("นายเอก ดี", email="ek@school.example"),
    )
    db.session.commit()
    _signed_in(client, other)
    device = SoftAuthenticator(ORIGIN)
    _add(client, other, device)
    key = db.session.scalar(select(CorrespondentPasskey))
    _signed_in(client, person)
    page = client.get(f"/network/school/{person.school_id}/passkeys").text
    assert "ยังไม่มีพาสคีย์" in page
    refused = client.post(
        f"/network/school/{person.school_id}/passkeys/{key.id}/remove",
        data={"csrf_token": csrf(page)},
    )
    assert refused.status_code == 404
    # Removing the correspondent takes their keys with them.
    db.session.delete(db.session.get(Correspondent, other.id))
    db.session.commit()
    assert db.session.scalar(select(CorrespondentPasskey)) is None
