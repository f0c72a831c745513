"""Filing cases through the public forms, over HTTP with CSRF on."""

from __future__ import annotations

import io

import pikepdf
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Attachment, Case, CaseStatus, CaseType, Delivery, ReporterContact
from tests.factories import jpeg_bytes, pdf_bytes, png_bytes
from tests.helpers import field_errors, post_form, receipt_from, valid_case


def submit(client, data, url="/submit"):
    return post_form(client, url, data)


def test_complaint_with_two_photos_gets_number_and_receipt(client, office):
    from portal.models import Category

    category = db.session.scalar(
        sa.select(Category).where(Category.case_type == CaseType.COMPLAINT))
    photos = [(io.BytesIO(jpeg_bytes()), "ห้องน้ำ.jpg"), (io.BytesIO(png_bytes()), "plan.png")]
    data = valid_case(category_id=str(category.id), attachments=photos)
    response = submit(client, data)
    assert response.status_code == 302 and response.headers["Location"] == "/receipt"
    page = client.get("/receipt").get_data(as_text=True)
    number, receipt = receipt_from(page)
    case = db.session.scalar(sa.select(Case).where(Case.number == number))
    assert case.case_type is CaseType.COMPLAINT and case.status is CaseStatus.NEW
    assert case.receipt_hash != receipt and receipt not in case.receipt_hash
    assert [a.original_name for a in case.attachments] == ["ห้องน้ำ.jpg", "plan.png"]
    assert case.events[0].attachments == case.attachments
    assert case.work_group.code == "promotion"
    assert (case.reply_due_at - case.received_at).days == 15
    # The slip shows a short code a person can read out, not the 64-character digest.
    assert case.content_digest not in page
    code = case.content_digest[:4].upper() + "-" + case.content_digest[4:8].upper()
    assert f'id="verification-code">{code}<' in page
    assert "data:image/svg+xml" in page and "xmlns%3D" in page  # the QR code
    assert db.session.scalar(sa.select(sa.func.count(Delivery.id))) == 1


def test_receipt_is_shown_until_confirmed(client, office):
    submit(client, valid_case())
    assert client.get("/receipt").status_code == 200
    unconfirmed = client.post("/receipt/confirm", data={"csrf_token": _token(client)})
    assert unconfirmed.headers["Location"] == "/receipt"
    confirmed = client.post("/receipt/confirm", data={"csrf_token": _token(client), "saved": "y"})
    assert confirmed.headers["Location"].startswith("/track?number=NP2-")
    assert client.get("/receipt").status_code == 302


def _token(client):
    from tests.helpers import CSRF_RE

    match = CSRF_RE.search(client.get("/receipt").get_data(as_text=True))
    return match.group(1) or match.group(2)


def test_contact_details_are_encrypted_at_rest(client, office):
    submit(client, valid_case())
    raw = db.session.execute(sa.text("SELECT name, phone, email FROM reporter_contacts")).one()
    for stored, plain in zip(raw, ("สมชาย ใจดี", "081-234-5678", "somchai@example.com"),
                             strict=True):
        assert plain not in stored
    contact = db.session.scalar(sa.select(ReporterContact))
    assert (contact.name, contact.phone, contact.email) == ("สมชาย ใจดี", "081-234-5678",
                                                           "somchai@example.com")


def test_anonymous_report_keeps_no_contact(client, office):
    submit(client, valid_case(anonymous="y"))
    case = db.session.scalar(sa.select(Case))
    assert case.is_anonymous and case.contact is None
    assert db.session.scalar(sa.select(sa.func.count(Delivery.id))) == 0


def test_corruption_report_goes_to_legal_group_confidentially(client, office):
    data = valid_case(respondent="ผู้อำนวยการโรงเรียนบ้านสามผง", witnesses="ครูในโรงเรียน 2 คน",
                      acknowledge_false_report="y", anonymous="y")
    data.pop("case_type")
    response = submit(client, data, "/report-corruption")
    assert response.status_code == 302
    case = db.session.scalar(sa.select(Case))
    assert case.case_type is CaseType.CORRUPTION and case.confidential
    assert case.work_group.receives_corruption
    assert case.respondent == "ผู้อำนวยการโรงเรียนบ้านสามผง"
    assert case.witnesses == "ครูในโรงเรียน 2 คน"


def test_corruption_report_requires_the_false_report_warning(client, office):
    data = valid_case(respondent="ผู้อำนวยการโรงเรียน")
    data.pop("case_type")
    response = submit(client, data, "/report-corruption")
    assert response.status_code == 422
    assert "กรุณายืนยันว่าได้อ่านคำเตือนนี้แล้ว" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_invalid_fields_get_thai_messages_and_keep_what_was_typed(client, office):
    data = valid_case(subject="ab", description="สั้นไป", phone="12345", email="not-an-email",
                      line_id="x", occurred_on="31/02/2569",
                      attachments=[(io.BytesIO(jpeg_bytes()), "photo.jpg")])
    response = submit(client, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    errors = " ".join(field_errors(html))
    assert "สั้นเกินไป: ต้องมีอย่างน้อย 5 ตัวอักษร (พิมพ์ไว้ 2)" in errors
    assert "หมายเลขโทรศัพท์ไม่ถูกต้อง" in errors
    assert "รูปแบบอีเมลไม่ถูกต้อง" in errors
    assert "LINE ID" in errors
    assert "วันที่ไม่ถูกต้อง" in errors
    assert 'value="สมชาย ใจดี"' in html and "สั้นไป</textarea>" in html
    assert 'value="31/02/2569"' in html
    assert "กรุณาเลือกไฟล์อีกครั้ง" in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="phone-hint phone-error"' in html
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_field_limits(client, office):
    too_long = valid_case(subject="ก" * 201, description="ข้อความ" * 800)
    errors = " ".join(field_errors(submit(client, too_long).get_data(as_text=True)))
    assert "ได้ไม่เกิน 200 ตัวอักษร (พิมพ์ไว้ 201)" in errors
    assert "ได้ไม่เกิน 5000 ตัวอักษร" in errors
    gibberish = valid_case(subject="!!!!!!!!", description="1234567890 1234567890 12345")
    errors = " ".join(field_errors(submit(client, gibberish).get_data(as_text=True)))
    assert errors.count("กรุณาเขียนเป็นข้อความที่อ่านเข้าใจได้") == 2
    missing = submit(client, {"case_type": "complaint"}).get_data(as_text=True)
    assert " ".join(field_errors(missing)).count("กรุณากรอกช่องนี้") == 2
    future = submit(client, valid_case(occurred_on="1/1/2600")).get_data(as_text=True)
    assert "วันที่ต้องไม่เป็นวันในอนาคต" in future


def test_thai_digits_and_buddhist_year_are_accepted(client, office):
    response = submit(client, valid_case(phone="๐๘๑๒๓๔๕๖๗๘", occurred_on="๒๐/๑๑/๒๕๖๙"))
    assert response.status_code == 302
    case = db.session.scalar(sa.select(Case))
    assert case.occurred_on.isoformat() == "2026-11-20"
    assert case.contact.phone == "081-234-5678"


def test_category_of_another_type_is_refused(client, office):
    from portal.models import Category

    def category_id(case_type):
        return str(db.session.scalar(
            sa.select(Category.id).where(Category.case_type == case_type)))

    response = submit(client, valid_case(category_id=category_id(CaseType.SUGGESTION)))
    assert response.status_code == 422
    assert "หมวดหมู่ที่เลือกไม่ตรงกับประเภทเรื่อง" in response.get_data(as_text=True)
    response = submit(client, valid_case(category_id=category_id(CaseType.CORRUPTION)))
    assert "หมวดหมู่ที่เลือกไม่มีในรายการ" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_school_of_another_office_is_refused(client, office):
    from tests.factories import make_office

    other = make_office("XX9")
    db.session.commit()
    foreign = other_school_id(other)
    response = submit(client, valid_case(school_id=str(foreign)))
    assert response.status_code == 422
    assert "ไม่พบโรงเรียนที่เลือก" in response.get_data(as_text=True)


def other_school_id(office) -> int:
    from portal.models import School

    return db.session.scalar(sa.select(School.id).where(School.office_id == office.id).limit(1))


def test_hostile_files_are_refused_and_nothing_is_stored(client, office, app):
    cases = {
        "wrong type behind a good extension": (b"<html><script>alert(1)</script></html>",
                                               "photo.jpg", "ไม่ใช่"),
        "pdf locked with a password": (
            pdf_bytes(encryption=pikepdf.Encryption(owner="o", user="u")), "doc.pdf", "รหัสผ่าน"),
    }
    for label, (content, name, expected) in cases.items():
        response = submit(client, valid_case(attachments=[(io.BytesIO(content), name)]))
        html = response.get_data(as_text=True)
        assert response.status_code == 422, label
        assert name in html and expected in html, label
    too_many = [(io.BytesIO(png_bytes()), f"{i}.png") for i in range(6)]
    html = submit(client, valid_case(attachments=too_many)).get_data(as_text=True)
    assert "แนบไฟล์ได้ไม่เกิน 5 ไฟล์ (เลือกไว้ 6 ไฟล์)" in html
    assert db.session.scalar(sa.select(sa.func.count(Attachment.id))) == 0
    upload_dir = app.config["PORTAL_UPLOAD_DIR"]
    import os

    stored = [f for _root, _dirs, files in os.walk(upload_dir) for f in files]
    assert stored == []


def test_oversize_file_and_request(client, office, app):
    app.config["PORTAL_MAX_UPLOAD_BYTES"] = 50_000
    big = jpeg_bytes() + b"\0" * 60_000
    html = submit(client, valid_case(attachments=[(io.BytesIO(big), "big.jpg")])).get_data(
        as_text=True)
    assert "ใหญ่เกิน" in html
    app.config["MAX_CONTENT_LENGTH"] = 100_000
    response = submit(client, valid_case(attachments=[(io.BytesIO(b"x" * 200_000), "huge.pdf")]))
    assert response.status_code == 413
    assert "ไฟล์ใหญ่เกินไป" in response.get_data(as_text=True)


def test_user_text_is_stored_plain_and_escaped_on_output(client, office):
    hostile = "<script>alert('x')</script> '; DROP TABLE cases; -- โรงเรียน"
    response = submit(client, valid_case(subject=hostile[:150], description=hostile * 2))
    assert response.status_code == 302
    case = db.session.scalar(sa.select(Case))
    assert case.subject == hostile[:150]
    page = client.get("/receipt").get_data(as_text=True)
    number, receipt = receipt_from(page)
    other = client.application.test_client()
    post_form(other, "/track", {"number": number, "receipt": receipt})
    html = other.get(f"/track/{number}").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 1


def test_missing_or_forged_csrf_token_is_refused(client, office):
    no_token = client.post("/submit", data=valid_case())
    assert no_token.status_code == 400
    client.get("/submit")
    forged = client.post("/submit", data={**valid_case(), "csrf_token": "forged"})
    assert forged.status_code == 400
    assert "คำขอไม่ถูกต้อง" in forged.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_honeypot_refuses_bots(client, office):
    response = submit(client, valid_case(website="http://spam.example"))
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


def test_too_many_submissions_are_rate_limited(client, office, app):
    app.config["PORTAL_RATE_LIMIT_SUBMIT"] = "3 per hour"
    statuses = [submit(client, valid_case()).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert "ส่งคำขอบ่อยเกินไป" in submit(client, valid_case()).get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 3


def test_photo_metadata_is_gone_from_what_is_stored(client, office, app):
    from PIL import Image

    from portal import storage

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (17.0, 24.0, 0.0), 3: "E", 4: (104.0, 9.0, 0.0)}  # GPS
    photo = jpeg_bytes(exif=exif, comment=b"secret location note")
    assert b"secret location note" in photo and b"PhoneMaker" in photo
    response = submit(client, valid_case(attachments=[(io.BytesIO(photo), "gps.jpg")]))
    assert response.status_code == 302
    attachment = db.session.scalar(sa.select(Attachment))
    stored = storage.read(attachment.storage_key)
    assert b"secret location note" not in stored and b"PhoneMaker" not in stored
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif() and "comment" not in image.info
    assert str(app.config["PORTAL_UPLOAD_DIR"]) not in str(app.static_folder)


def test_pixel_bomb_is_refused(client, office):
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")  # tiny file, 400 megapixels
    response = submit(client, valid_case(attachments=[(io.BytesIO(out.getvalue()), "bomb.png")]))
    assert response.status_code == 422
    assert "bomb.png" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Case.id))) == 0
