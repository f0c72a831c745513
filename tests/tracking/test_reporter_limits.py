"""Reporter replies, verdicts and ratings are limited; a case's files have a budget and are
stored once."""

from __future__ import annotations

import io

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Attachment, CaseEvent, EventKind
from tests.factories import PDF_BYTES, jpeg_bytes
from tests.helpers import csrf_token
from tests.tracking.test_tracking import file_case, open_case


def reply(browser, number, body="ข้อมูลเพิ่มเติมจากผู้แจ้ง", files=(), address="127.0.0.1"):
    token = csrf_token(browser, f"/track/{number}")
    return browser.post(f"/track/{number}/messages",
                        data={"csrf_token": token, "body": body, "attachments": list(files)},
                        content_type="multipart/form-data",
                        environ_base={"REMOTE_ADDR": address})


def opened(app, number, receipt):
    browser = app.test_client()
    assert open_case(browser, number, receipt).status_code == 302
    return browser


def test_replies_are_limited_per_address(app, client, office):
    app.config["PORTAL_RATE_LIMIT_REPORTER"] = "3 per hour"
    number, receipt = file_case(client)
    browser = opened(app, number, receipt)
    statuses = [reply(browser, number, f"ข้อความที่ {i} จากผู้แจ้ง").status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert "ส่งคำขอบ่อยเกินไป" in reply(browser, number).get_data(as_text=True)
    messages = db.session.scalar(sa.select(sa.func.count(CaseEvent.id))
                                 .where(CaseEvent.kind == EventKind.REPORTER_MESSAGE))
    assert messages == 3


def test_replies_are_limited_per_case_from_any_address(app, client, office):
    app.config["PORTAL_RATE_LIMIT_CASE_WRITES"] = "2 per day"
    number, receipt = file_case(client)
    browser = opened(app, number, receipt)
    assert reply(browser, number, address="203.0.113.1").status_code == 302
    assert reply(browser, number, address="203.0.113.2").status_code == 302
    assert reply(browser, number, address="203.0.113.3").status_code == 429


def test_posts_without_the_receipt_use_up_nothing(app, client, office):
    app.config["PORTAL_RATE_LIMIT_CASE_WRITES"] = "1 per day"
    number, receipt = file_case(client)
    stranger = app.test_client()
    token = csrf_token(stranger, "/track")
    for path in ("messages", "rating", "verdict/confirm"):
        response = stranger.post(f"/track/{number}/{path}", data={"csrf_token": token})
        assert response.status_code == 403  # not opened with its receipt in this session
    assert reply(opened(app, number, receipt), number).status_code == 302


def test_verdicts_and_ratings_count_too(app, client, office):
    app.config["PORTAL_RATE_LIMIT_REPORTER"] = "2 per hour"
    number, receipt = file_case(client)
    browser = opened(app, number, receipt)
    token = csrf_token(browser, f"/track/{number}")
    first = browser.post(f"/track/{number}/rating", data={"csrf_token": token, "rating": "5"})
    second = browser.post(f"/track/{number}/verdict/confirm", data={"csrf_token": token})
    assert first.status_code < 429 and second.status_code < 429  # refused: not resolved yet
    third = browser.post(f"/track/{number}/rating", data={"csrf_token": token, "rating": "5"})
    assert third.status_code == 429


def test_a_case_has_a_storage_budget_for_reporter_files(app, client, office):
    photo = jpeg_bytes(size=(400, 300))
    number, receipt = file_case(client, attachments=[(io.BytesIO(photo), "a.jpg")])
    kept = db.session.scalar(sa.select(Attachment.size))
    app.config["PORTAL_CASE_STORAGE_BYTES"] = kept + len(PDF_BYTES) + 10
    browser = opened(app, number, receipt)
    assert reply(browser, number, files=[(io.BytesIO(PDF_BYTES), "b.pdf")]).status_code == 302
    other = jpeg_bytes(size=(400, 300), color=(10, 200, 10))
    response = reply(browser, number, files=[(io.BytesIO(other), "c.jpg")])
    assert response.status_code == 422
    assert "ไฟล์แนบของเรื่องนี้รวมกันได้ไม่เกิน" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 2
    upload_dir = app.config["PORTAL_UPLOAD_DIR"]
    stored = [p for p in __import__("pathlib").Path(upload_dir).rglob("*") if p.is_file()]
    assert len(stored) == 2  # the refused file left nothing behind


def test_identical_files_are_stored_once_per_case(app, client, office):
    photo = jpeg_bytes(size=(200, 150))
    number, receipt = file_case(client, attachments=[(io.BytesIO(photo), "a.jpg")])
    browser = opened(app, number, receipt)
    response = reply(browser, number, files=[(io.BytesIO(photo), "again.jpg"),
                                             (io.BytesIO(PDF_BYTES), "x.pdf"),
                                             (io.BytesIO(PDF_BYTES), "x-copy.pdf")])
    assert response.status_code == 302
    names = db.session.scalars(sa.select(Attachment.original_name).order_by(Attachment.id))
    assert list(names) == ["a.jpg", "x.pdf"]
    # Another case may hold the same file: the budget and the dedup are per case.
    number2, _ = file_case(app.test_client(), attachments=[(io.BytesIO(photo), "a.jpg")])
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 3
