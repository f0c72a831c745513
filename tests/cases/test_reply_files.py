"""Files in a staff reply: cleaned like the reporter's, linked to the reply, within a budget."""

from __future__ import annotations

import io
import random

import pikepdf
import pytest
import sqlalchemy as sa
from PIL import Image

from portal import storage
from portal.cases import workflow
from portal.cases.errors import CaseError
from portal.cases.tracking import add_reporter_message
from portal.extensions import db
from portal.models import ActorType, Attachment, CaseType, Delivery, EventKind, Visibility
from portal.security.files import CleanFile, clean_upload
from tests.cases.factories import file_case
from tests.factories import jpeg_bytes, pdf_bytes


def cleaned(app, data: bytes, name: str) -> CleanFile:
    return clean_upload(io.BytesIO(data), name,
                        max_bytes=app.config["PORTAL_MAX_UPLOAD_BYTES"],
                        max_pixels=app.config["PORTAL_MAX_IMAGE_PIXELS"])


def gps_photo() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "OfficeCamera"
    exif[0x8825] = {1: "N", 2: (17.0, 24.0, 0.0), 3: "E", 4: (104.0, 9.0, 0.0)}
    return jpeg_bytes(exif=exif, comment=b"taken behind building 2")


def noise_png() -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (80, 80), random.Random(7).randbytes(80 * 80 * 3)).save(out, "PNG")
    return out.getvalue()


def pdf_with_author() -> bytes:
    document = pikepdf.open(io.BytesIO(pdf_bytes()))
    with document.open_metadata() as meta:
        meta["dc:creator"] = ["Officer Somsri"]
    document.docinfo["/Author"] = "Officer Somsri"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_reply_files_are_cleaned_and_linked_to_the_public_reply(app, office, staff):
    case = file_case(office)
    files = [cleaned(app, gps_photo(), "ประตูที่ซ่อมแล้ว.jpg"),
             cleaned(app, pdf_with_author(), "หนังสือสั่งการ.pdf")]
    event = workflow.reply_publicly(case, staff.intake, "ซ่อมแล้ว ดูภาพประกอบ",
                                    case.lock_version, files)
    db.session.commit()

    photo, letter = db.session.scalars(
        sa.select(Attachment).where(Attachment.event_id == event.id).order_by(Attachment.id)).all()
    assert event.kind is EventKind.PUBLIC_REPLY and event.visibility is Visibility.PUBLIC
    assert {photo.uploaded_by, letter.uploaded_by} == {ActorType.STAFF}
    assert photo.case_id == letter.case_id == case.id
    assert (photo.original_name, photo.mimetype) == ("ประตูที่ซ่อมแล้ว.jpg", "image/jpeg")
    stored_photo = storage.read(photo.storage_key)
    assert b"OfficeCamera" not in stored_photo and b"behind building" not in stored_photo
    assert not Image.open(io.BytesIO(stored_photo)).getexif()
    stored_letter = storage.read(letter.storage_key)
    assert b"Officer Somsri" not in stored_letter and stored_letter.startswith(b"%PDF")
    assert photo in case.public_events()[-1].attachments  # what the tracking page lists
    mail = db.session.scalar(sa.select(Delivery).where(Delivery.purpose == "case_replied"))
    assert "คำตอบนี้มีไฟล์แนบ 2 ไฟล์" in mail.body_text and "2 ไฟล์" in mail.body_html


def test_a_reply_without_files_stores_none(app, office, staff):
    case = file_case(office)
    event = workflow.reply_publicly(case, staff.intake, "รับทราบ", case.lock_version)
    db.session.commit()
    assert event.attachments == []
    mail = db.session.scalar(sa.select(Delivery).where(Delivery.purpose == "case_replied"))
    assert "ไฟล์แนบ" not in mail.body_text


def test_staff_files_have_their_own_budget_and_a_refusal_stores_nothing(app, office, staff):
    case = file_case(office)
    reporter_file = cleaned(app, jpeg_bytes(size=(40, 30)), "ของผู้แจ้ง.jpg")
    small = cleaned(app, jpeg_bytes(size=(48, 36), color=(90, 10, 200)), "เล็ก.jpg")
    big = cleaned(app, noise_png(), "ใหญ่.png")
    # Either side's files fit alone; both together would not: the budgets are separate.
    app.config["PORTAL_CASE_STORAGE_BYTES"] = reporter_file.size + small.size - 1
    assert big.size > app.config["PORTAL_CASE_STORAGE_BYTES"]
    add_reporter_message(case, "", [reporter_file])
    db.session.commit()
    before = db.session.scalar(sa.select(sa.func.count(Attachment.id)))
    keys_before = sorted(p.name for p in storage._root().rglob("*") if p.is_file())

    with pytest.raises(CaseError) as refused:
        workflow.reply_publicly(case, staff.intake, "แนบภาพใหญ่", case.lock_version, [big])
    db.session.rollback()
    assert "ไฟล์แนบของเรื่องนี้รวมกันได้ไม่เกิน" in str(refused.value.message)
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == before
    assert sorted(p.name for p in storage._root().rglob("*") if p.is_file()) == keys_before

    # The reporter's file does not count against the staff's side.
    workflow.reply_publicly(case, staff.intake, "แนบภาพเล็ก", case.lock_version, [small])
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == before + 1


def test_a_confidential_reply_file_is_the_integrity_teams(app, office, staff):
    case = file_case(office, CaseType.CORRUPTION, respondent="ครูสมชาย")
    photo = cleaned(app, jpeg_bytes(), "หลักฐาน.jpg")
    with pytest.raises(CaseError):
        workflow.reply_publicly(case, staff.officer, "ตอบ", case.lock_version, [photo])
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0
    event = workflow.reply_publicly(case, staff.integrity, "รับเรื่องไว้พิจารณาแล้ว",
                                    case.lock_version, [photo])
    db.session.commit()
    assert [a.original_name for a in event.attachments] == ["หลักฐาน.jpg"]
