"""A confidential case listed in the inbox or exported to CSV is recorded like one opened."""

from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import CaseType, CaseView, CaseViewKind, Role
from tests.inbox.factories import make_case


def views() -> list[tuple[int, int, CaseViewKind]]:
    return [(v.case_id, v.user_id, v.kind) for v in db.session.scalars(
        sa.select(CaseView).order_by(CaseView.id))]


def test_listing_confidential_cases_is_recorded(app, office, login_as):
    secret = make_case(office, "ทุจริตจัดซื้อ", case_type=CaseType.CORRUPTION)
    ordinary = make_case(office, "ถนนหน้าโรงเรียนชำรุด")
    db.session.commit()
    director = login_as(Role.DIRECTOR)
    html = director.get("/staff/").get_data(as_text=True)
    assert secret.number in html and ordinary.number in html
    assert views() == [(secret.id, director.user.id, CaseViewKind.LISTED)]
    intake = login_as(Role.INTAKE)  # sees only the ordinary case: nothing to record
    assert secret.number not in intake.get("/staff/").get_data(as_text=True)
    assert len(views()) == 1


def test_exporting_confidential_cases_is_recorded(app, office, login_as):
    secrets = [make_case(office, f"ทุจริต {i}", case_type=CaseType.CORRUPTION) for i in range(3)]
    make_case(office, "ถนนหน้าโรงเรียนชำรุด")
    db.session.commit()
    integrity = login_as(Role.INTEGRITY)
    text = integrity.get("/staff/export.csv").get_data(as_text=True)
    assert all(case.number in text for case in secrets)
    assert sorted(views()) == sorted(
        (case.id, integrity.user.id, CaseViewKind.EXPORTED) for case in secrets)


def test_opening_a_confidential_case_is_still_recorded_as_opened(app, office, login_as):
    secret = make_case(office, "ทุจริตจัดซื้อ", case_type=CaseType.CORRUPTION)
    db.session.commit()
    director = login_as(Role.DIRECTOR)
    assert director.get(f"/staff/cases/{secret.number}").status_code == 200
    assert views() == [(secret.id, director.user.id, CaseViewKind.OPENED)]


def test_confidential_cases_offered_as_similar_are_recorded_as_listed(app, office, login_as):
    text = "ผู้อำนวยการโรงเรียนเรียกเก็บเงินค่าแบบเรียนจากผู้ปกครองโดยไม่ออกใบเสร็จ"
    first, second = (make_case(office, "เรียกเก็บเงินค่าแบบเรียน", description=text,
                               case_type=CaseType.CORRUPTION) for _ in range(2))
    db.session.commit()
    director = login_as(Role.DIRECTOR)
    html = director.get(f"/staff/cases/{first.number}").get_data(as_text=True)
    assert second.number in html  # offered as a similar case
    assert views() == [(first.id, director.user.id, CaseViewKind.OPENED),
                       (second.id, director.user.id, CaseViewKind.LISTED)]
