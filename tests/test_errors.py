"""Errors say what they are: unavailable (503) apart from refused (500), worded for their
reader, with what was typed given back. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import io
import logging
import re
import sqlite3

import pytest
import sqlalchemy as sa
from flask import request, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import IntegrityError

from portal import create_app
from portal.cases import workflow
from portal.errors.database import Trouble, classify, describe_refusal
from portal.errors.typed import typed_in
from portal.extensions import db
from portal.models import Case, CaseEvent, Office, Role
from tests.cases.factories import file_case
from tests.conftest import base_config
from tests.factories import jpeg_bytes
from tests.helpers import csrf_token, post_form, valid_case

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-directory/portal.sqlite3",
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2",
}
NOTE = "โทรหาผู้อำนวยการโรงเรียนแล้ว <b>นัดตรวจ</b> วันศุกร์"
PASSWORD = "ลมหนาว-ริมโขง-2569"


def unreachable_client(name, tmp_path):
    """A client of an app whose database refuses connections, holding a valid CSRF token."""
    app = create_app(base_config(UNREACHABLE[name], tmp_path / "uploads"))
    client = app.test_client()
    with app.test_request_context():
        token = generate_csrf()
        raw = session["csrf_token"]
    with client.session_transaction() as stored:
        stored["csrf_token"] = raw
    return client, token


def textareas(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in
            re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S)}


def inputs(page: str, kind: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in re.findall(
        rf'<input[^>]*type="{kind}" name="([^"]+)" value="([^"]*)"', page)}


# --- unavailable: connection refused, lock timeout -------------------------------------------

@pytest.mark.parametrize("name", sorted(UNREACHABLE))
def test_refused_connection_on_a_form_gives_503_and_the_typed_text_back(name, tmp_path, caplog):
    client, token = unreachable_client(name, tmp_path)
    data = valid_case(csrf_token=token, attachments=[(io.BytesIO(jpeg_bytes()), "ห้องน้ำ.jpg")])
    response = client.post("/submit", data=data, content_type="multipart/form-data")
    # Flask-Limiter rewrites a Retry-After it finds as whole seconds from now: 60 or 59.
    assert response.status_code == 503 and response.headers["Retry-After"] in {"60", "59"}
    page = response.get_data(as_text=True)
    assert "ระบบไม่พร้อมให้บริการชั่วคราว" in page and "สิ่งที่ท่านส่งมายังไม่ถูกบันทึก" in page
    assert "ผู้ดูแลระบบ" not in page  # reporter wording
    assert textareas(page)["description"] == data["description"]
    assert inputs(page, "text")["subject"] == data["subject"]
    assert inputs(page, "hidden")["case_type"] == "complaint"
    assert inputs(page, "hidden")["csrf_token"]  # a fresh token to post again with
    assert '<form method="post" action="/submit" enctype="multipart/form-data"' in page
    assert 'type="file" name="attachments"' in page
    assert "กรุณาเลือกไฟล์อีกครั้ง" in page
    assert "database unavailable" in caplog.text


@pytest.mark.parametrize("name", sorted(UNREACHABLE))
def test_passwords_codes_and_receipts_are_never_given_back(name, tmp_path):
    client, token = unreachable_client(name, tmp_path)
    response = client.post("/staff/sign-in", data={
        "csrf_token": token, "email": "officer@test.example", "password": PASSWORD})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert PASSWORD not in page and html.escape(PASSWORD) not in page
    assert inputs(page, "text")["email"] == "officer@test.example"
    assert "ผู้ดูแลระบบ" in page  # the sign-in page is a staff page

    response = client.post("/track", data={
        "csrf_token": token, "number": "NP2-2569-000001", "receipt": "ABCD-EFGH-JKLM-NPQR"})
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and "ABCD-EFGH-JKLM-NPQR" not in page
    assert inputs(page, "text")["number"] == "NP2-2569-000001"


def test_only_a_valid_csrf_token_earns_an_echo(app):
    with app.test_request_context("/submit", method="POST",
                                  data={"csrf_token": "forged", "subject": "ข้อความแปลกปลอม"}):
        assert not typed_in(request)


def test_a_secret_field_name_is_never_given_back(app, monkeypatch):
    monkeypatch.setattr("portal.errors.typed._csrf_valid", lambda _request: True)
    data = {"csrf_token": "t", "code": "123456", "receipt": "ABCD", "new_password": "x",
            "confirm": "ลับมาก", "email": "a@b.example"}
    with app.test_request_context("/staff/account/password", method="POST", data=data):
        typed = typed_in(request)
    given = {f.name for f in typed.text} | {n for n, _v in typed.carried}
    assert given == {"email"}  # confirm is declared a password field, so it stays out too


def _hold_write_lock(backend_name):
    """Another writer holds the lock; the app's own connections give up after 200 ms.

    Returns the release: it frees the lock and takes the short wait off the engine again, whose
    connections are dropped, since the app (and its engine) serves the process's later tests.
    """
    db.session.remove()
    db.engine.dispose()
    engine = db.engine
    if backend_name == "sqlite":
        def short_wait(conn, _r):
            conn.execute("PRAGMA busy_timeout=200")

        sa.event.listen(engine, "connect", short_wait)
        holder = sqlite3.connect(engine.url.database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        def short_wait(conn, _r):
            conn.execute("SET lock_timeout = '200ms'")

        sa.event.listen(engine, "connect", short_wait)
        holder = engine.connect()
        holder.execute(sa.text("LOCK TABLE case_events IN ACCESS EXCLUSIVE MODE"))

    def release() -> None:
        holder.close()
        sa.event.remove(engine, "connect", short_wait)
        db.session.remove()
        engine.dispose()

    return release


def test_lock_timeout_gives_503_with_staff_wording_and_the_note_back(
        app, backend, office, login_as, caplog):
    case = file_case(office)
    number = case.number
    client = login_as(Role.INTAKE)
    token = csrf_token(client, f"/staff/cases/{number}")
    release = _hold_write_lock(backend["name"])
    try:
        response = client.post(f"/staff/cases/{number}/note",
                               data={"csrf_token": token, "body": NOTE})
    finally:
        release()
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    page = response.get_data(as_text=True)
    assert "การเปลี่ยนแปลงนี้ยังไม่ถูกบันทึก" in page and "ผู้ดูแลระบบ" in page
    assert "ท่านส่ง" not in page
    assert textareas(page)["body"] == NOTE
    assert "<b>นัดตรวจ</b>" not in page  # escaped, never markup
    assert f'action="/staff/cases/{number}/note"' in page
    assert "database unavailable" in caplog.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent).where(
        CaseEvent.body == NOTE)) == 0


# --- refused: integrity and data errors -------------------------------------------------------

def test_check_constraint_on_a_staff_action_is_a_500_naming_it_in_the_log(
        app, office, login_as, monkeypatch, caplog):
    case = file_case(office)
    number, version = case.number, case.lock_version

    def refused(case, user, *args):  # as the unwidened schema of issue 6 did
        db.session.execute(sa.text("UPDATE case_events SET kind = 'lost' WHERE case_id = :c"),
                           {"c": case.id})

    monkeypatch.setattr(workflow, "request_information", refused)
    client = login_as(Role.INTAKE)
    token = csrf_token(client, f"/staff/cases/{number}")
    question = "ขอภาพถ่ายห้องน้ำเพิ่มเติม"
    with caplog.at_level(logging.ERROR):
        response = client.post(f"/staff/cases/{number}/request_info", data={
            "csrf_token": token, "question": question, "version": str(version)})
    assert response.status_code == 500 and "Retry-After" not in response.headers
    page = response.get_data(as_text=True)
    assert "บันทึกไม่สำเร็จ" in page and "ผู้ดูแลระบบ" in page
    assert "ระบบไม่พร้อมให้บริการ" not in page and "ท่านส่ง" not in page
    assert "ck_case_events_kind" not in page and "constraint" not in page.lower()
    assert textareas(page)["question"] == question
    assert inputs(page, "hidden")["version"] == str(version)
    ref = re.search(r'class="error-ref">([0-9A-F]{8})<', page).group(1)
    line = next(r.getMessage() for r in caplog.records if "refused" in r.getMessage())
    assert "CHECK constraint ck_case_events_kind" in line and ref in line
    assert db.session.get(Case, case.id).status.value == "new"  # nothing was kept


def test_check_constraint_on_the_public_form_is_a_500_for_the_reporter(
        app, client, office, monkeypatch, caplog):
    def refused(_office, case, *_args):
        db.session.flush()  # the submission writes its rows in one flush, at commit
        db.session.execute(sa.text("UPDATE cases SET status = 'lost' WHERE id = :c"),
                           {"c": case.id})

    monkeypatch.setattr("portal.cases.submit.enqueue_email", refused)
    data = valid_case(attachments=[(io.BytesIO(jpeg_bytes()), "a.jpg")])
    with caplog.at_level(logging.ERROR):
        response = post_form(client, "/submit", data)
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "เรื่องของท่านจึงยังไม่ถูกบันทึก" in page and "ผู้ดูแลระบบ" not in page
    assert textareas(page)["description"] == data["description"]
    assert inputs(page, "text")["name"] == data["name"]
    assert "กรุณาเลือกไฟล์อีกครั้ง" in page
    assert "CHECK constraint ck_cases_status" in caplog.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 0


def test_a_value_too_long_or_outside_its_check_is_refused_not_unavailable(
        app, backend, office, login_as, monkeypatch, caplog):
    """PostgreSQL refuses the 40 characters as a data error; SQLite, which does not enforce
    VARCHAR lengths, refuses them through the CHECK. Either way: a 500, never a 503."""
    case = file_case(office)

    def too_long(case, _user, _body):
        db.session.execute(sa.text("UPDATE case_events SET kind = :k WHERE case_id = :c"),
                           {"k": "x" * 40, "c": case.id})

    monkeypatch.setattr(workflow, "add_internal_note", too_long)
    client = login_as(Role.INTAKE)
    token = csrf_token(client, f"/staff/cases/{case.number}")
    with caplog.at_level(logging.ERROR):
        response = client.post(f"/staff/cases/{case.number}/note",
                               data={"csrf_token": token, "body": NOTE})
    assert response.status_code == 500
    assert textareas(response.get_data(as_text=True))["body"] == NOTE
    expected = {"postgresql": "DATA refused the change (value too long",
                "sqlite": "CHECK constraint ck_case_events_kind refused the change"}
    assert expected[backend["name"]] in caplog.text


def test_unique_failure_is_refused_and_named_by_its_constraint(app, office):
    with pytest.raises(IntegrityError) as raised:
        db.session.add(Office(code=office.code, name_th="ซ้ำ", name_en="Twice"))
        db.session.flush()
    db.session.rollback()
    assert classify(raised.value) is Trouble.REFUSED
    refusal = describe_refusal(raised.value, db.metadata)
    assert (refusal.kind, refusal.constraint) == ("UNIQUE", "uq_offices_code")


def test_a_missing_table_is_a_fault_not_an_outage(app):
    with pytest.raises(sa.exc.DBAPIError) as raised:
        db.session.execute(sa.text("SELECT * FROM no_such_table"))
    db.session.rollback()
    assert classify(raised.value) is Trouble.FAILED
