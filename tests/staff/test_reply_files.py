"""Staff reply with files through the case page; the reporter opens them on the tracking page."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import sqlalchemy as sa
from PIL import Image

from portal.extensions import db
from portal.models import Attachment, CaseEvent, EventKind, Role
from tests.factories import PDF_BYTES, jpeg_bytes
from tests.helpers import csrf_token, post_form, receipt_from, valid_case

ANSWER = "โรงเรียนซ่อมประตูห้องน้ำแล้ว\n\nดูภาพถ่ายหลังซ่อมที่แนบมา"
NOTE = "ภาพนี้ยังไม่ได้รับอนุญาตให้เปิดเผย"


def reporter_with_case(app) -> tuple[object, str]:
    """A reporter's browser that filed a case and opened its tracking page."""
    reporter = app.test_client()
    assert post_form(reporter, "/submit", valid_case()).status_code == 302
    number, receipt = receipt_from(reporter.get("/receipt").get_data(as_text=True))
    opened = post_form(reporter, "/track", {"number": number, "receipt": receipt})
    assert opened.status_code == 302
    return reporter, number


def act(staff, number: str, action: str, data: dict):
    token = csrf_token(staff, f"/staff/cases/{number}")
    page = staff.get(f"/staff/cases/{number}").get_data(as_text=True)
    version = re.search(rf'action="/staff/cases/{number}/{action}".*?name="version"[^>]*'
                        r'value="(\d+)"', page, re.S)
    payload = {"csrf_token": token, **data}
    if version:
        payload["version"] = version.group(1)
    return staff.post(f"/staff/cases/{number}/{action}", data=payload,
                      content_type="multipart/form-data")


def typed(page: str) -> str:
    """The reply text as the refused page gives it back."""
    found = re.search(r'<textarea[^>]*id="reply-body"[^>]*>(?:\r?\n)?(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1)).replace("\r\n", "\n") if found else ""


def test_reply_with_a_photo_reaches_the_tracking_page(app, office, login_as):
    reporter, number = reporter_with_case(app)
    staff = login_as(Role.INTAKE)
    photo = jpeg_bytes(size=(320, 240))
    response = act(staff, number, "reply", {"body": ANSWER, "attachments": [
        (io.BytesIO(photo), "หลังซ่อม.jpg"), (io.BytesIO(PDF_BYTES), "บันทึกการซ่อม.pdf")]})
    assert response.status_code == 302

    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.kind == EventKind.PUBLIC_REPLY))
    image, letter = sorted(event.attachments, key=lambda a: a.id)
    tracking = reporter.get(f"/track/{number}").get_data(as_text=True)
    image_url, letter_url = (f"/track/{number}/files/{a.id}" for a in (image, letter))
    assert f'<a href="{image_url}" class="thumb"><img src="{image_url}" alt=""' in tracking
    assert f'<a href="{letter_url}">บันทึกการซ่อม.pdf</a>' in tracking
    download = reporter.get(image_url)
    assert download.status_code == 200 and download.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(download.data)).size == (320, 240)
    assert reporter.get(letter_url).headers["Content-Disposition"].startswith("attachment")
    # Only within the tracking session: another browser, or a signed-out one, gets the form.
    assert app.test_client().get(image_url).status_code == 403

    case_page = staff.get(f"/staff/cases/{number}").get_data(as_text=True)
    staff_url = f"/staff/cases/{number}/files/{image.id}"
    assert f'<a href="{staff_url}" class="thumb"><img src="{staff_url}"' in case_page
    assert 'enctype="multipart/form-data"' in case_page


def test_an_internal_note_never_carries_a_file_to_the_reporter(app, office, login_as):
    reporter, number = reporter_with_case(app)
    staff = login_as(Role.INTAKE)
    response = act(staff, number, "note", {
        "body": NOTE, "attachments": [(io.BytesIO(jpeg_bytes()), "ลับ.jpg")]})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0
    tracking = reporter.get(f"/track/{number}").get_data(as_text=True)
    assert NOTE not in tracking and "ลับ.jpg" not in tracking


def test_reply_files_are_checked_before_the_reporter_can_see_them(app, office, login_as):
    reporter, number = reporter_with_case(app)
    staff = login_as(Role.INTAKE)
    event_count = db.session.scalar(sa.select(sa.func.count(CaseEvent.id)))
    files = stored_files(app)
    response = act(staff, number, "reply", {"body": ANSWER, "attachments": [
        (io.BytesIO(b"MZ\x90\x00 not really a photo"), "ภาพ.jpg")]})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "ภาพ.jpg: ไฟล์นี้ไม่ใช่รูปภาพ JPEG/PNG หรือเอกสาร PDF" in page
    assert typed(page) == ANSWER
    assert re.search(r'<details id="reply" open>', page)
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id))) == event_count
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0
    assert stored_files(app) == files  # nothing written, or written and removed again
    assert "ภาพ.jpg" not in reporter.get(f"/track/{number}").get_data(as_text=True)

    staff.get("/lang/en")
    response = act(staff, number, "reply", {"body": ANSWER, "attachments": [
        (io.BytesIO(b"%PDF-1.4 broken"), "letter.pdf")]})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "letter.pdf: The PDF file is incomplete or damaged" in page
    assert typed(page) == ANSWER


def test_over_the_budget_the_reply_comes_back_with_the_reason(app, office, login_as):
    _reporter, number = reporter_with_case(app)
    app.config["PORTAL_CASE_STORAGE_BYTES"] = 500
    staff = login_as(Role.INTAKE)
    response = act(staff, number, "reply", {"body": ANSWER, "attachments": [
        (io.BytesIO(jpeg_bytes(size=(400, 300))), "ใหญ่.jpg")]})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "ไฟล์แนบของเรื่องนี้รวมกันได้ไม่เกิน" in page
    assert typed(page) == ANSWER
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0


def stored_files(app) -> list[Path]:
    return sorted(Path(app.config["PORTAL_UPLOAD_DIR"]).rglob("*"))
