"""Joining without an account: invitation → details → e-mailed code → signed in; the magic
link; expired, reused and revoked invitations; another school's pages are not found."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.clock import utcnow
from portal.extensions import db
from portal.models import Role
from portal.network.invitations import create_invitation
from portal.network.models import Correspondent, Invitation, SchoolNetworkProfile
from tests.network.helpers import code_in, csrf, last_mail, link_in, schools

EMAIL = "malee@school.example"


def invite(app, office, login_as, school_index: int = 0):
    """A PR officer invites a school through the page; returns (token, school)."""
    pr = login_as(Role.PR)
    school = schools(office)[school_index]
    page = pr.get(f"/staff/network/schools/{school.id}")
    pr.post(f"/staff/network/schools/{school.id}/invite", data={"csrf_token": csrf(page.text)})
    invitation = db.session.scalars(
        select(Invitation).where(Invitation.school_id == school.id).order_by(Invitation.id.desc())
    ).first()
    return invitation.token, school, pr


def join(client, token: str, email: str = EMAIL, name: str = "นางสาวมาลี ใจดี", **fields):
    """Send the join form; ``fields`` add to it (``via="line"``: confirm in the chat)."""
    page = client.get(f"/network/join/{token}")
    assert page.status_code == 200, page.status_code
    return client.post(
        f"/network/join/{token}",
        data={
            "csrf_token": csrf(page.text),
            "name": name,
            "position": "ครู",
            "email": email,
            "phone": "0812345678",
            "line_id": "malee_k",
            "page_url": "https://www.facebook.com/samphong.school",
            "joined_groups": "y",
            "privacy": "y",
            **fields,
        },
    )


def confirm(client, token: str, code: str):
    page = client.get("/network/sign-in")  # any page's token: the confirm page may be gone
    return client.post(
        f"/network/join/{token}/confirm", data={"csrf_token": csrf(page.text), "code": code}
    )


def test_invite_join_confirm_and_sign_in_by_link(app, office, login_as, client):
    token, school, pr = invite(app, office, login_as)
    letter = pr.get(
        f"/staff/network/invitations/{db.session.scalar(select(Invitation.id))}/letter.pdf"
    )
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF")
    response = join(client, token)
    assert response.status_code == 302 and response.headers["Location"].endswith("/confirm")
    assert db.session.scalar(select(Correspondent)) is None  # not before the code
    mail = last_mail(EMAIL, "network_join_code")
    code = code_in(mail)
    wrong = confirm(client, token, "000000" if code != "000000" else "111111")
    assert "รหัสยืนยันไม่ถูกต้อง" in wrong.text
    done = confirm(client, token, code)
    assert done.status_code == 302
    person = db.session.scalar(select(Correspondent))
    assert done.headers["Location"].endswith(f"/network/school/{school.id}")
    assert (person.name, person.email, person.school_id) == ("นางสาวมาลี ใจดี", EMAIL, school.id)
    assert db.session.get(SchoolNetworkProfile, school.id).joined_groups
    home = client.get(f"/network/school/{school.id}")
    assert home.status_code == 200 and "นางสาวมาลี ใจดี" in home.text
    assert "samphong.school" in home.text

    # Signed out, the correspondent comes back by a link sent to their address.
    client.post("/network/sign-out", data={"csrf_token": csrf(home.text)})
    assert client.get(f"/network/school/{school.id}").status_code == 302
    page = client.get("/network/sign-in")
    sent = client.post(
        "/network/sign-in", data={"csrf_token": csrf(page.text), "email": "MALEE@school.example"}
    )
    assert "หากอีเมลนี้ลงทะเบียนไว้" in sent.text
    link = link_in(last_mail(EMAIL, "network_sign_in"))
    path = link.split("portal.test", 1)[1]
    landing = client.get(path)  # a GET (a mail scanner) spends nothing
    assert landing.status_code == 200
    signed = client.post(path, data={"csrf_token": csrf(landing.text)})
    assert signed.headers["Location"].endswith(f"/network/school/{school.id}")
    assert client.get(f"/network/school/{school.id}").status_code == 200
    again = app.test_client()
    landing = again.get(path)
    reused = again.post(path, data={"csrf_token": csrf(landing.text)})
    assert reused.headers["Location"].endswith("/network/sign-in")  # single use
    # An unknown address gets the same answer and no mail.
    page = again.get("/network/sign-in")
    same = again.post(
        "/network/sign-in", data={"csrf_token": csrf(page.text), "email": "nobody@school.example"}
    )
    assert "หากอีเมลนี้ลงทะเบียนไว้" in same.text


def test_a_correspondent_sees_only_their_own_school(app, office, login_as, client):
    token, school, _ = invite(app, office, login_as)
    join(client, token)
    confirm(client, token, code_in(last_mail(EMAIL, "network_join_code")))
    other = schools(office)[1]
    assert client.get(f"/network/school/{school.id}").status_code == 200
    assert client.get(f"/network/school/{other.id}").status_code == 404
    assert client.get(f"/network/school/{other.id}/details").status_code == 404
    page = client.get(f"/network/school/{school.id}/details")
    assert (
        client.post(
            f"/network/school/{other.id}/details", data={"csrf_token": csrf(page.text)}
        ).status_code
        == 404
    )
    # No staff page takes a correspondent's session.
    staff = client.get("/staff/network/")
    assert staff.status_code == 302 and "/staff/sign-in" in staff.headers["Location"]


def test_a_used_invitation_cannot_be_used_again(app, office, login_as, client):
    token, _, _ = invite(app, office, login_as)
    join(client, token)
    confirm(client, token, code_in(last_mail(EMAIL, "network_join_code")))
    stranger = app.test_client()
    again = stranger.get(f"/network/join/{token}")
    assert again.status_code == 410 and "ลิงก์เชิญนี้ใช้ไปแล้ว" in again.text
    token_page = stranger.get("/network/sign-in")
    assert (
        stranger.post(
            f"/network/join/{token}/confirm",
            data={"csrf_token": csrf(token_page.text), "code": "123456"},
        ).status_code
        == 410
    )


def test_an_expired_invitation(app, office, login_as, client):
    token, _, _ = invite(app, office, login_as)
    invitation = db.session.scalar(select(Invitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = client.get(f"/network/join/{token}")
    assert page.status_code == 410 and "หมดอายุแล้ว" in page.text


def test_a_revoked_invitation_and_a_new_one_replacing_it(app, office, login_as, client):
    token, school, pr = invite(app, office, login_as)
    invitation = db.session.scalar(select(Invitation))
    page = pr.get(f"/staff/network/schools/{school.id}")
    pr.post(
        f"/staff/network/invitations/{invitation.id}/revoke", data={"csrf_token": csrf(page.text)}
    )
    revoked = client.get(f"/network/join/{token}")
    assert revoked.status_code == 410 and "ถูกยกเลิกแล้ว" in revoked.text
    assert pr.get(f"/staff/network/invitations/{invitation.id}/letter.pdf").status_code == 404
    # Joining half-way, then a new letter is printed: the old link dies with its code.
    second, _, _ = invite(app, office, login_as)
    join(client, second)
    code = code_in(last_mail(EMAIL, "network_join_code"))
    third, _, _ = invite(app, office, login_as)
    assert confirm(client, second, code).status_code == 410
    assert db.session.scalar(select(Correspondent)) is None
    assert client.get(f"/network/join/{third}").status_code == 200


def test_unknown_tokens_are_not_found(app, office, client):
    assert client.get("/network/join/not-a-token").status_code == 404


@pytest.mark.parametrize("failures", [5])
def test_too_many_wrong_codes_need_a_new_code(app, office, login_as, client, failures):
    token, _, _ = invite(app, office, login_as)
    join(client, token)
    code = code_in(last_mail(EMAIL, "network_join_code"))
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(failures):
        confirm(client, token, wrong)
    blocked = confirm(client, token, code)
    assert "กรอกรหัสผิดหลายครั้ง" in blocked.text
    assert db.session.scalar(select(Correspondent)) is None


def test_service_revokes_earlier_open_invitations(app, office, login_as):
    pr = login_as(Role.PR)
    school = schools(office)[0]
    first = create_invitation(office, school, pr.user)
    db.session.commit()
    create_invitation(office, school, pr.user)
    db.session.commit()
    db.session.refresh(first)
    assert first.revoked_at is not None


def test_every_school_page_refuses_a_visitor_without_a_correspondent_session(app, office, client):
    app.config["WTF_CSRF_ENABLED"] = False  # refused for access, not for CSRF
    school = schools(office)[0]
    walked = 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("network_school.") or "school_id" not in rule.arguments:
            continue
        values = dict.fromkeys(rule.arguments, 1) | {"school_id": school.id}
        path = rule.build(values, append_unknown=False)[1]
        for method in sorted(m for m in rule.methods if m in {"GET", "POST"}):
            response = client.open(path, method=method)
            assert response.status_code == 302, (path, method)
            assert response.headers["Location"].endswith("/network/sign-in")
            walked += 1
    assert walked >= 3
