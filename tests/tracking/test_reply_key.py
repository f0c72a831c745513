"""A reporter's reply sent twice (a double click, a retry) is added to the case once."""

from __future__ import annotations

import io
import re

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Attachment, CaseEvent, EventKind
from tests.factories import jpeg_bytes
from tests.helpers import csrf_token, post_form, receipt_from, valid_case

REPLY_KEY_RE = re.compile(r'name="reply_key" type="hidden" value="([^"]+)"')


def _opened_case(app, client):
    assert post_form(client, "/submit", valid_case()).status_code == 302
    number, receipt = receipt_from(client.get("/receipt").get_data(as_text=True))
    browser = app.test_client()
    post_form(browser, "/track", {"number": number, "receipt": receipt})
    return browser, number


def _messages() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent).where(
        CaseEvent.kind == EventKind.REPORTER_MESSAGE))


def test_the_same_reply_sent_twice_is_added_once(app, client, office):
    browser, number = _opened_case(app, client)
    html = browser.get(f"/track/{number}").get_data(as_text=True)
    key = REPLY_KEY_RE.search(html).group(1)
    token = csrf_token(browser, f"/track/{number}")
    for _ in range(2):
        data = {"csrf_token": token, "reply_key": key, "body": "ห้องน้ำชั้นสองยังใช้ไม่ได้",
                "attachments": [(io.BytesIO(jpeg_bytes()), "a.jpg")]}
        response = browser.post(f"/track/{number}/messages", data=data,
                                content_type="multipart/form-data")
        assert response.status_code == 302
    assert _messages() == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 1
    page = browser.get(f"/track/{number}").get_data(as_text=True)
    assert "ส่งข้อมูลเพิ่มเติมเรียบร้อยแล้ว" in page
    assert REPLY_KEY_RE.search(page).group(1) != key  # the next reply is a new form


def test_two_reply_forms_add_two_messages(app, client, office):
    browser, number = _opened_case(app, client)
    for body in ("ข้อมูลเพิ่มเติมครั้งแรก", "ข้อมูลเพิ่มเติมครั้งที่สอง"):
        html = browser.get(f"/track/{number}").get_data(as_text=True)
        data = {"csrf_token": csrf_token(browser, f"/track/{number}"), "body": body,
                "reply_key": REPLY_KEY_RE.search(html).group(1)}
        assert browser.post(f"/track/{number}/messages", data=data,
                            content_type="multipart/form-data").status_code == 302
    assert _messages() == 2
