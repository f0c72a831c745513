"""The case page: photos as thumbnails; the other-channel form starts at today's date."""

from __future__ import annotations

import io

import sqlalchemy as sa

from portal.clock import to_local, utcnow
from portal.extensions import db
from portal.models import Case, Role
from tests.factories import PDF_BYTES, jpeg_bytes
from tests.helpers import post_form, receipt_from, valid_case


def test_photos_show_as_thumbnails_and_documents_as_links(app, office, login_as):
    reporter = app.test_client()
    files = [(io.BytesIO(jpeg_bytes()), "ห้องน้ำ.jpg"), (io.BytesIO(PDF_BYTES), "หนังสือ.pdf")]
    post_form(reporter, "/submit", valid_case(attachments=files))
    number, _ = receipt_from(reporter.get("/receipt").get_data(as_text=True))
    case = db.session.scalar(sa.select(Case).where(Case.number == number))
    photo, document = case.attachments
    page = login_as(Role.INTAKE).get(f"/staff/cases/{number}").get_data(as_text=True)
    photo_url = f"/staff/cases/{number}/files/{photo.id}"
    assert f'<a href="{photo_url}" class="thumb"><img src="{photo_url}" alt=""' in page
    assert f'<img src="/staff/cases/{number}/files/{document.id}"' not in page
    assert "หนังสือ.pdf</a>" in page and "ห้องน้ำ.jpg</a>" in page  # each link names its file


def test_recording_another_channel_starts_at_today(app, office, login_as):
    today = to_local(utcnow()).date()
    page = login_as(Role.INTAKE).get("/staff/cases/new").get_data(as_text=True)
    assert f'value="{today.day}/{today.month}/{today.year + 543}"' in page
