"""Cross-office referral on the migrated schema, both databases: a case filed at an office on
its own host name moves to an office under /o/<code>/ on the national host, and back."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal import clock, storage
from portal.delivery.outbox import render_deferred
from portal.extensions import db
from portal.models import (
    Case,
    CaseStatus,
    CaseType,
    Category,
    Delivery,
    EventKind,
    Role,
    User,
    UserRole,
)
from portal.referral.models import CaseTransfer
from tests.conftest import _staff_hash
from tests.factories import PDF_BYTES, group, jpeg_bytes, make_office
from tests.helpers import csrf_token, receipt_from, valid_case
from tests.offices.test_routing import signed_in

NATIONAL = "http://portal.test"
A_BASE = "http://na.portal.test"
B_BASE, B = NATIONAL, "/o/PB"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PORTAL_OFFICE_ROUTING": "path"}


@pytest.fixture
def offices(app):
    made = {"NA": make_office("NA", hostname="na.portal.test"), "PB": make_office("PB")}
    db.session.commit()
    return made


def staff(office, *roles) -> User:
    user = User(
        office_id=office.id,
        email=f"{office.code}-{len(roles)}-{roles[0]}@test.example",
        name=f"เจ้าหน้าที่ {office.code}",
        password_hash=_staff_hash(),
        roles=[UserRole(role=r) for r in roles],
    )
    db.session.add(user)
    db.session.commit()
    return user


def submit_at_a(app, path="/submit", **overrides):
    client = app.test_client()
    token = csrf_token(client, f"{A_BASE}{path}")
    data = valid_case(**overrides)
    if path != "/submit":
        data.pop("case_type")
    data = {
        **data,
        "csrf_token": token,
        "attachments": [
            (io.BytesIO(jpeg_bytes()), "ภาพ.jpg"),
            (io.BytesIO(PDF_BYTES), "หลักฐาน.pdf"),
        ],
    }
    response = client.post(f"{A_BASE}{path}", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return receipt_from(client.get(f"{A_BASE}/receipt").get_data(as_text=True))


def transfer(client, base, number, to_office, reason="โรงเรียนอยู่ในเขตพื้นที่ของ PB"):
    url = f"{base}/staff/cases/{number}/transfer"
    page = client.get(url)
    if page.status_code != 200:
        return page
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page.get_data(as_text=True))
    token = csrf_token(client, url)
    return client.post(
        url,
        data={
            "csrf_token": token,
            "version": version.group(1),
            "office_id": to_office.id,
            "reason": reason,
        },
    )


def case_numbered(number) -> Case:
    db.session.expire_all()
    return db.session.scalar(sa.select(Case).where(Case.number == number))


def test_intake_transfer_receipt_answer_reports_and_no_leak(app, offices):
    from portal.national.rollups import row_of
    from portal.referral.counts import transferred_out
    from portal.reports.figures import compute_figures
    from portal.reports.periods import parse_period

    a, b = offices["NA"], offices["PB"]
    category = db.session.scalar(
        sa.select(Category.id).where(
            Category.office_id == a.id, Category.case_type == CaseType.COMPLAINT
        )
    )
    number, receipt = submit_at_a(app, category_id=str(category))
    old = case_numbered(number)
    assert old.category_id == category
    originals = {
        f.original_name: (f.sha256, storage.read(f.storage_key), f.storage_key)
        for f in old.attachments
    }
    assert len(originals) == 2
    intake_a = staff(a, Role.INTAKE)
    client_a = signed_in(app, intake_a, A_BASE)
    assert client_a.get(f"{A_BASE}/staff/cases/{number}").status_code == 200
    done = transfer(client_a, A_BASE, number, b)
    assert done.status_code == 302, done.get_data(as_text=True)[:500]

    # The receiving office: a new case of its own, routed and timed by its rules.
    moved = db.session.scalar(sa.select(CaseTransfer))
    new = case_numbered(moved.to_case.number)
    assert new.number.startswith("PB-") and new.office_id == b.id
    assert new.status is CaseStatus.NEW and new.category.office_id == b.id
    assert new.work_group_id == new.category.work_group_id
    assert new.reply_due_at > new.received_at
    assert new.contact.email == "somchai@example.com" and new.contact.name == "สมชาย ใจดี"
    assert [e.kind for e in new.events][-1] is EventKind.STATUS_CHANGED
    assert "รับโอนจาก สำนักงานทดสอบ NA" in new.events[-1].body
    assert moved.files_copied == 2 and moved.actor_user_id == intake_a.id
    for item in new.attachments:
        sha, data, old_key = originals[item.original_name]
        kept = storage.read(item.storage_key)
        assert item.storage_key.startswith("PB/attachments/")
        assert hashlib.sha256(kept).hexdigest() == sha == item.sha256 and kept == data
        assert not storage.exists(old_key)  # the sending office keeps no copy
        assert item.event is not None and item.event.kind is EventKind.SUBMITTED

    # The sending office: a closed record, no contact, no files, no evidence fields.
    old = case_numbered(number)
    assert old.status is CaseStatus.REFERRED and old.referred_to == "สำนักงานทดสอบ PB"
    assert old.contact is None and old.attachments == [] and old.respondent == ""
    page_a = client_a.get(f"{A_BASE}/staff/cases/{number}").get_data(as_text=True)
    assert "โอนไป สำนักงานทดสอบ PB" in page_a and new.number not in page_a
    assert "somchai@example.com" not in page_a
    assert "ข้อมูลติดต่อผู้แจ้งโอนไปพร้อมเรื่องแล้ว" in page_a

    # The reporter is told by e-mail, with the new office's tracking page.
    mail = db.session.scalar(sa.select(Delivery).where(Delivery.purpose == "case_transferred"))
    text = render_deferred(mail)[0] if mail.body_text is None else mail.body_text
    assert f"{NATIONAL}/o/PB/track?number={new.number}" in text
    assert number in text and "โรงเรียนอยู่ในเขตพื้นที่ของ PB" in text

    # One receipt: the old office's tracking page sends the reporter on to the new office.
    reporter = app.test_client()
    token = csrf_token(reporter, f"{A_BASE}/track")
    went = reporter.post(
        f"{A_BASE}/track", data={"number": number, "receipt": receipt, "csrf_token": token}
    )
    assert went.status_code == 303
    assert went.headers["Location"].startswith(f"{NATIONAL}/o/PB/track/moved/")
    arrived = reporter.get(went.headers["Location"])
    assert arrived.status_code == 303 and arrived.headers["Location"] == f"{B}/track/{new.number}"
    html = reporter.get(f"{B_BASE}{B}/track/{new.number}").get_data(as_text=True)
    assert "รับโอนจาก สำนักงานทดสอบ NA" in html and "โรงเรียนอยู่ในเขตพื้นที่ของ PB" in html
    # … and at the new office directly, with the old number or the new one.
    for asked in (number, new.number):
        other = app.test_client()
        token = csrf_token(other, f"{B_BASE}{B}/track")
        opened = other.post(
            f"{B_BASE}{B}/track", data={"number": asked, "receipt": receipt, "csrf_token": token}
        )
        assert opened.status_code == 302 and opened.headers["Location"] == f"{B}/track/{new.number}"
    wrong = app.test_client()
    token = csrf_token(wrong, f"{B_BASE}{B}/track")
    refused = wrong.post(
        f"{B_BASE}{B}/track",
        data={"number": number, "receipt": "AAAA-BBBB-CCCC", "csrf_token": token},
    )
    assert refused.status_code in (422, 429)
    # A handoff pass works at its own office only.
    pass_token = went.headers["Location"].rsplit("/", 1)[1]
    assert app.test_client().get(f"{A_BASE}/track/moved/{pass_token}").status_code == 404

    # The receiving office answers; the reporter reads it there.
    intake_b = staff(b, Role.INTAKE)
    client_b = signed_in(app, intake_b)
    url = f"{B_BASE}{B}/staff/cases/{new.number}"
    page_b = client_b.get(url).get_data(as_text=True)
    assert "รับโอนจาก สำนักงานทดสอบ NA" in page_b and "somchai@example.com" in page_b
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page_b).group(1)
    answer = client_b.post(
        f"{url}/reply",
        data={
            "csrf_token": csrf_token(client_b, url),
            "version": version,
            "body": "สำนักงานได้ตรวจสอบและประสานโรงเรียนแล้ว",
        },
    )
    assert answer.status_code == 302
    assert "สำนักงานได้ตรวจสอบและประสานโรงเรียนแล้ว" in reporter.get(
        f"{B_BASE}{B}/track/{new.number}"
    ).get_data(as_text=True)

    # A staff member of the sending office cannot see the case at the receiving office.
    director_a = staff(a, Role.DIRECTOR)
    for who in (client_a, signed_in(app, director_a, A_BASE)):
        assert who.get(f"{A_BASE}/staff/cases/{new.number}").status_code == 404
    assert signed_in(app, director_a).get(url).status_code == 403

    # Reports: each office counts the case once; the national figures once in all.
    month = (clock.utcnow() + timedelta(hours=7)).strftime("%Y-%m")
    period = parse_period(month)
    fig_a = compute_figures(a.id, period, public=False, compare=False)
    fig_b = compute_figures(b.id, period, public=False, compare=False)
    assert fig_a["transfers"] == {"out": 1, "in": 0} and fig_a["referred"] == 1
    assert fig_b["transfers"] == {"out": 0, "in": 1}
    assert fig_a["totals"]["received"] == 1 and fig_a["totals"]["completed"] == 1
    assert fig_b["totals"]["received"] == 1
    assert transferred_out(a.id, period) == 1 and transferred_out(b.id, period) == 0
    rows = [
        row_of(
            compute_figures(o.id, period, public=True, compare=False), transferred_out(o.id, period)
        )
        for o in (a, b)
    ]
    assert sum(r["received"] for r in rows) == 1
    assert rows[0]["transferred_out"] == 1 and rows[1]["transferred_in"] == 1


def test_a_confidential_case_moves_only_by_integrity_or_director(app, offices):
    a, b = offices["NA"], offices["PB"]
    number, receipt = submit_at_a(
        app, "/report-corruption", respondent="นายสมมติ ตัวอย่าง", acknowledge_false_report="y"
    )
    for refused in (Role.INTAKE, Role.CASE_OFFICER):
        client = signed_in(app, staff(a, refused), A_BASE)
        assert transfer(client, A_BASE, number, b).status_code in (403, 404)
    assert db.session.scalar(sa.select(sa.func.count(CaseTransfer.id))) == 0
    client = signed_in(app, staff(a, Role.INTEGRITY), A_BASE)
    assert transfer(client, A_BASE, number, b, "ผู้ถูกกล่าวหาสังกัด PB").status_code == 302
    moved = db.session.scalar(sa.select(CaseTransfer))
    new = case_numbered(moved.to_case.number)
    assert moved.confidential and new.confidential
    assert new.work_group_id == group(b, "legal").id  # the receiving office's confidential track
    assert new.respondent == "นายสมมติ ตัวอย่าง"
    from portal.referral.counts import transferred_out
    from portal.reports.periods import parse_period

    month = (clock.utcnow() + timedelta(hours=7)).strftime("%Y-%m")
    assert transferred_out(a.id, parse_period(month)) == 1  # every stream, for the national sums
    # The receiving intake officer does not see it; its integrity officer does.
    url = f"{B_BASE}{B}/staff/cases/{new.number}"
    assert signed_in(app, staff(b, Role.INTAKE)).get(url).status_code == 404
    assert signed_in(app, staff(b, Role.INTEGRITY)).get(url).status_code == 200


def test_a_transfer_needs_a_reason_and_another_open_office(app, offices):
    a, b = offices["NA"], offices["PB"]
    number, _ = submit_at_a(app)
    client = signed_in(app, staff(a, Role.DIRECTOR), A_BASE)
    assert transfer(client, A_BASE, number, b, reason="").status_code == 422
    b.archived_at = clock.utcnow()
    db.session.commit()
    assert transfer(client, A_BASE, number, b).status_code == 422  # not offered any more
    assert case_numbered(number).status is CaseStatus.NEW


def test_a_move_rolled_back_keeps_every_file_where_it_was(app, offices):
    from portal.referral.services import transfer_case

    a, b = offices["NA"], offices["PB"]
    number, _ = submit_at_a(app)
    case = case_numbered(number)
    keys = [f.storage_key for f in case.attachments]
    director = staff(a, Role.DIRECTOR)
    transfer_case(case, director, b, "ทดสอบการยกเลิก", case.lock_version)
    new_keys = list(db.session.info.get("portal_new_storage_keys", []))
    assert len(new_keys) == 2 and all(storage.exists(k) for k in new_keys)
    db.session.rollback()
    assert all(storage.exists(k) for k in keys)  # the sending office's files stay
    assert not any(storage.exists(k) for k in new_keys)  # the copies are removed
    db.session.execute(sa.text("SELECT 1"))
    db.session.commit()  # a later commit removes nothing
    assert all(storage.exists(k) for k in keys)
    assert case_numbered(number).status is CaseStatus.NEW
    assert db.session.scalar(sa.select(sa.func.count(CaseTransfer.id))) == 0
