"""The national role: figures across offices for everyone, offices for members, and a case
of an office only while its director allows it; everything logged."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from portal.cases.submit import CaseSubmission, submit_case
from portal.extensions import db
from portal.models import (
    CaseType,
    NationalCaseGrant,
    NationalLogEntry,
    NationalRollup,
    Office,
    Role,
    User,
    UserRole,
)
from portal.national import grants, members, rollups
from tests.conftest import _staff_hash, sign_in_client
from tests.factories import make_office
from tests.helpers import csrf_token


def file(office, case_type=CaseType.COMPLAINT, subject="ห้องน้ำชำรุด"):
    case = submit_case(
        office,
        CaseSubmission(
            case_type=case_type,
            subject=subject,
            description="ห้องน้ำของโรงเรียนชำรุดมาหลายเดือนแล้ว ขอให้ซ่อม",
        ),
    ).case
    db.session.commit()
    return case


def staff(app, office, *roles, email):
    user = User(
        office_id=office.id,
        email=email,
        name=f"เจ้าหน้าที่ {email}",
        password_hash=_staff_hash(),
        roles=[UserRole(role=r) for r in roles],
    )
    db.session.add(user)
    db.session.commit()
    client = app.test_client()
    sign_in_client(app, client, user)
    client.user = user
    return client


@pytest.fixture
def two(app, office):
    other = make_office("KK1")
    db.session.commit()
    return office, other


def post(client, url, data, form_url="/national/"):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, form_url)})


def test_national_figures_cover_every_office_and_hide_what_reports_hide(app, client, two):
    np2, kk1 = two
    for _ in range(3):
        file(np2)
    file(kk1)
    file(kk1, CaseType.CORRUPTION, "เรียกรับเงิน")
    assert rollups.refresh_if_due(batch=10) == 2
    assert rollups.refresh_if_due(batch=10) == 0  # fresh: nothing to do within the hour
    page = client.get("/national/figures")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "NP2" in html and "KK1" in html
    data = json.loads(client.get(f"/national/figures-{_fy(app)}.json").get_data(as_text=True))
    year = {r["office_code"]: r for r in data["rows"] if r["period"].startswith("fy")}
    assert year["NP2"]["received"] == 3
    # The running year is general-only in public: the corruption report is not in it, and
    # the confidential stream is hidden rather than shown as a number.
    assert year["KK1"]["received"] == 1 and year["KK1"]["confidential_received"] is None
    csv = client.get(f"/national/figures-{_fy(app)}.csv").get_data(as_text=True)
    assert csv.startswith("\ufeffoffice_code,") and "KK1" in csv
    league = {
        r.office_id: json.loads(r.figures_json)
        for r in db.session.scalars(
            sa.select(NationalRollup).where(NationalRollup.period.like("ita-%"))
        )
    }
    assert set(league) == {np2.id, kk1.id}


def test_the_kept_page_changes_when_the_worker_refreshes_or_an_office_comes(app, client, two):
    np2, _kk1 = two
    file(np2)
    assert rollups.refresh_if_due(batch=10) == 2
    first = client.get("/national/figures").get_data(as_text=True)
    assert "NP2" in first and "ZZ9" not in first
    # Kept: the same page, even when a row changed underneath without the worker's refresh.
    row = db.session.scalar(sa.select(NationalRollup).where(NationalRollup.office_id == np2.id,
                                                           NationalRollup.period.like("fy%")))
    row.figures_json = row.figures_json.replace('"received": 1', '"received": 77')
    db.session.commit()
    assert client.get("/national/figures").get_data(as_text=True) == first
    # A new office: the page is rendered again, with it.
    make_office("ZZ9")
    db.session.commit()
    again = client.get("/national/figures").get_data(as_text=True)
    assert "ZZ9" in again
    # The worker's refresh (a newer computed_at) too.
    for entry in db.session.scalars(sa.select(NationalRollup)):
        entry.computed_at = entry.computed_at.replace(year=entry.computed_at.year + 1)
    db.session.commit()
    assert client.get("/national/figures").get_data(as_text=True) != again


def _fy(app) -> int:
    from portal import clock
    from portal.reports.periods import fiscal_year_of

    return fiscal_year_of(clock.utcnow().date())


def test_only_members_reach_the_national_pages(app, client, two):
    np2, _kk1 = two
    assert client.get("/national/").status_code == 302  # to sign in
    director = staff(app, np2, Role.DIRECTOR, Role.ADMIN, email="d@test.example")
    assert director.get("/national/").status_code == 403
    assert director.get("/national/offices/KK1/cases").status_code == 403
    members.add_member(director.user)
    db.session.commit()
    assert director.get("/national/").status_code == 200


def test_a_member_creates_and_archives_offices_and_it_is_logged(app, two):
    np2, _kk1 = two
    member = staff(app, np2, email="n@test.example")
    members.add_member(member.user)
    db.session.commit()
    made = post(
        member,
        "/national/offices",
        {"code": "skn1", "name_th": "สพป.สกลนคร เขต 1", "province_th": "สกลนคร"},
    )
    assert made.status_code == 302
    skn1 = db.session.scalar(sa.select(Office).where(Office.code == "SKN1"))
    assert skn1 is not None and skn1.province_th == "สกลนคร"
    post(member, "/national/offices/SKN1/archive", {})
    db.session.expire_all()
    assert db.session.get(Office, skn1.id).archived_at is not None
    actions = db.session.scalars(
        sa.select(NationalLogEntry.action).order_by(NationalLogEntry.id)
    ).all()
    assert actions == ["member_added", "office_created", "office_archived"]


def test_cases_only_with_the_directors_grant_general_only_and_logged(app, two):
    np2, kk1 = two
    general = file(kk1)
    corruption = file(kk1, CaseType.CORRUPTION, "เรียกรับเงิน")
    own = file(np2)
    member = staff(app, np2, email="n@test.example")
    members.add_member(member.user)
    db.session.commit()
    base = "/national/offices/KK1/cases"
    assert member.get(base).status_code == 403
    assert member.get(f"{base}/{general.number}").status_code == 403

    post(member, "/national/offices/KK1/grant", {"reason": "ตรวจสอบการตอบเรื่องล่าช้า"})
    grant = db.session.scalar(sa.select(NationalCaseGrant))
    assert grant.status.value == "pending"
    with pytest.raises(grants.GrantError):  # never by the person who asked
        grants.decide_grant(member.user, grant, confirm=True)
    np2_director = staff(app, np2, Role.DIRECTOR, email="np2d@test.example")
    assert (
        post(
            np2_director, f"/national/requests/{grant.id}", {"confirm": "1"}, "/staff/"
        ).status_code
        == 404
    )  # another office's director
    kk1_director = staff(app, kk1, Role.DIRECTOR, email="kk1d@test.example")
    requests_page = kk1_director.get("/national/requests").get_data(as_text=True)
    assert "ตรวจสอบการตอบเรื่องล่าช้า" in requests_page
    post(kk1_director, f"/national/requests/{grant.id}", {"confirm": "1"}, "/national/requests")
    db.session.expire_all()
    assert db.session.get(NationalCaseGrant, grant.id).status.value == "confirmed"

    listing = member.get(base).get_data(as_text=True)
    assert general.number in listing and corruption.number not in listing
    assert member.get(f"{base}/{general.number}").status_code == 200
    assert member.get(f"{base}/{corruption.number}").status_code == 404
    # The grant is for KK1 only: the member's own office's cases stay closed to them here.
    assert member.get(f"/national/offices/NP2/cases/{own.number}").status_code == 403
    actions = db.session.scalars(
        sa.select(NationalLogEntry.action).order_by(NationalLogEntry.id)
    ).all()
    assert actions == [
        "member_added",
        "grant_requested",
        "grant_confirmed",
        "cases_listed",
        "case_opened",
    ]
    with pytest.raises(sa.exc.DBAPIError):  # the log is append-only in the database itself
        db.session.execute(sa.delete(NationalLogEntry))
        db.session.flush()
    db.session.rollback()
