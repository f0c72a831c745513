"""The registry: PR and admin edit correspondents, Pages and the committee; every change is
logged; contact details are encrypted at rest and hidden from other roles."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select

from portal.extensions import db
from portal.models import Role
from portal.network.models import (
    CommitteeMember,
    Correspondent,
    CorrespondentKind,
    NetworkChange,
    SchoolNetworkProfile,
)
from tests.network.helpers import csrf, schools


def test_pr_records_a_correspondent_encrypted_and_logged(app, office, login_as):
    pr = login_as(Role.PR)
    school = schools(office)[0]
    page = pr.get(f"/staff/network/schools/{school.id}")
    assert page.status_code == 200
    response = pr.post(
        f"/staff/network/schools/{school.id}",
        data={
            "section": "main",
            "main-csrf_token": csrf(page.text),
            "main-name": "นางสาวมาลี ใจดี",
            "main-position": "ครู",
            "main-phone": "0812345678",
            "main-email": "Malee@School.example",
            "main-line_id": "malee_k",
        },
    )
    assert response.status_code == 302
    person = db.session.scalar(select(Correspondent))
    assert (person.name, person.phone, person.email) == (
        "นางสาวมาลี ใจดี",
        "081-234-5678",
        "Malee@school.example",
    )
    raw = db.session.execute(
        sa.text("SELECT name, phone, email, line_id FROM network_correspondents")
    ).one()
    assert all("มาลี" not in v and "081" not in v and "malee" not in v.lower() for v in raw)
    change = db.session.scalar(select(NetworkChange))
    assert change.subject == "correspondent_main" and change.action == "created"
    assert "phone" in change.fields and "081" not in change.fields
    listing = pr.get("/staff/network/")
    assert "นางสาวมาลี ใจดี" in listing.text and "081-234-5678" in listing.text
    assert "โรงเรียนที่มีผู้ประสานงาน 1 จาก 3 โรงเรียน" in listing.text


def test_bad_details_are_refused_with_a_thai_reason(app, office, login_as):
    pr = login_as(Role.PR)
    school = schools(office)[0]
    page = pr.get(f"/staff/network/schools/{school.id}")
    response = pr.post(
        f"/staff/network/schools/{school.id}",
        data={
            "section": "main",
            "main-csrf_token": csrf(page.text),
            "main-name": "ครู 123",
            "main-phone": "12345",
        },
    )
    assert response.status_code == 200
    assert "หมายเลขโทรศัพท์ไม่ถูกต้อง" in response.text
    assert "ชื่อใช้ได้เฉพาะตัวอักษรไทยหรืออังกฤษ" in response.text
    assert db.session.scalar(select(sa.func.count()).select_from(Correspondent)) == 0


def test_page_and_groups_statement(app, office, login_as):
    admin = login_as(Role.ADMIN)
    school = schools(office)[1]
    page = admin.get(f"/staff/network/schools/{school.id}")
    admin.post(
        f"/staff/network/schools/{school.id}",
        data={
            "section": "profile",
            "profile-csrf_token": csrf(page.text),
            "profile-page_url": "facebook.com/bannadua.school",
            "profile-joined_groups": "y",
            "profile-joined_groups_on": "1/11/2569",
        },
    )
    profile = db.session.get(SchoolNetworkProfile, school.id)
    assert profile.page_url == "https://www.facebook.com/bannadua.school"
    assert profile.joined_groups and profile.joined_groups_on.isoformat() == "2026-11-01"
    page = admin.get(f"/staff/network/schools/{school.id}")
    bad = admin.post(
        f"/staff/network/schools/{school.id}",
        data={
            "section": "profile",
            "profile-csrf_token": csrf(page.text),
            "profile-page_url": "https://example.com/school",
        },
    )
    assert "ที่อยู่เพจต้องเป็นเพจ Facebook" in bad.text


def test_committee_member_with_role_and_term(app, office, login_as):
    pr = login_as(Role.PR)
    page = pr.get("/staff/network/committee/new")
    response = pr.post(
        "/staff/network/committee/new",
        data={
            "csrf_token": csrf(page.text),
            "name": "นายสมชาย รักดี",
            "position": "ผู้อำนวยการโรงเรียน",
            "role": "chair",
            "school_id": "",
            "phone": "0898765432",
            "term_start": "1/10/2568",
            "term_end": "30/9/2570",
            "active": "y",
        },
    )
    assert response.status_code == 302
    member = db.session.scalar(select(CommitteeMember))
    assert member.role.value == "chair" and member.term_end.year == 2027
    listing = pr.get("/staff/network/committee")
    assert "ประธาน" in listing.text and "ร่วมในกลุ่มเครือข่ายอยู่ 1 จาก 1 คน" in listing.text
    log = pr.get("/staff/network/changes")
    assert "กรรมการเครือข่าย" in log.text


def test_other_roles_never_see_contacts(app, office, login_as, client):
    school = schools(office)[0]
    for role in (Role.INTAKE, Role.CASE_OFFICER, Role.DIRECTOR, Role.INTEGRITY, Role.APPROVER):
        other = login_as(role)
        assert other.get("/staff/network/").status_code == 403
        assert other.get(f"/staff/network/schools/{school.id}").status_code == 403
    anonymous = client.get("/staff/network/")
    assert anonymous.status_code == 302 and "/staff/sign-in" in anonymous.headers["Location"]


def test_removing_a_correspondent_is_logged(app, office, login_as):
    from portal.network.details import PersonDetails
    from portal.network.registry import save_correspondent

    pr = login_as(Role.PR)
    school = schools(office)[0]
    save_correspondent(office, school, CorrespondentKind.DEPUTY, PersonDetails("นายเอก ทองดี"))
    db.session.commit()
    page = pr.get(f"/staff/network/schools/{school.id}")
    pr.post(
        f"/staff/network/schools/{school.id}/deputy/remove", data={"csrf_token": csrf(page.text)}
    )
    assert db.session.scalar(select(sa.func.count()).select_from(Correspondent)) == 0
    actions = [
        c.action for c in db.session.scalars(select(NetworkChange).order_by(NetworkChange.id))
    ]
    assert actions == ["created", "removed"]
