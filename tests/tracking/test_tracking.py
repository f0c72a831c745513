"""Following a case with nothing but its number and receipt."""

from __future__ import annotations

import io
import logging

import sqlalchemy as sa

from portal.extensions import db
from portal.models import ActorType, Case, CaseEvent, CaseStatus, EventKind, Visibility
from tests.factories import PDF_BYTES, jpeg_bytes
from tests.helpers import post_form, receipt_from, valid_case


def file_case(client, **overrides) -> tuple[str, str]:
    response = post_form(client, "/submit", valid_case(**overrides))
    assert response.status_code == 302
    return receipt_from(client.get("/receipt").get_data(as_text=True))


def open_case(client, number, receipt):
    return post_form(client, "/track", {"number": number, "receipt": receipt})


def test_number_and_receipt_open_the_case(app, client, office):
    number, receipt = file_case(client, attachments=[(io.BytesIO(jpeg_bytes()), "a.jpg")])
    later = app.test_client()  # days later, another browser
    response = open_case(later, number.lower(), receipt.lower().replace("-", " "))
    assert response.status_code == 302 and response.headers["Location"] == f"/track/{number}"
    html = later.get(f"/track/{number}").get_data(as_text=True)
    assert "ได้รับเรื่องแล้ว รอเจ้าหน้าที่ตรวจสอบ" in html
    assert "อีก 15 วัน" in html and "25" in html  # deadline in the Buddhist era
    assert "อาหารกลางวันที่โรงเรียนมีปริมาณน้อย" in html
    assert receipt not in html
    case = db.session.scalar(sa.select(Case))
    link = f"/track/{number}/files/{case.attachments[0].id}"
    assert link in html
    download = later.get(link)
    assert download.status_code == 200 and download.mimetype == "image/jpeg"
    assert download.headers["Cache-Control"] == "private, no-store"


def test_wrong_receipt_gets_one_plain_message(app, client, office):
    number, _receipt = file_case(client)
    stranger = app.test_client()
    wrong = open_case(stranger, number, "AAAA-BBBB-CCCC-DDDD").get_data(as_text=True)
    unknown = open_case(stranger, "NP2-2569-999999", "AAAA-BBBB-CCCC-DDDD").get_data(as_text=True)
    message = "เลขรับเรื่องหรือรหัสติดตามไม่ถูกต้อง"
    assert message in wrong and message in unknown
    assert stranger.get(f"/track/{number}").status_code == 403


def test_wrong_receipts_are_rate_limited(app, client, office):
    app.config["PORTAL_RATE_LIMIT_TRACK"] = "3 per 15 minutes"
    number, receipt = file_case(client)
    guesser = app.test_client()
    statuses = [open_case(guesser, number, f"AAAA-BBBB-CCCC-DDD{i}").status_code
                for i in range(4)]
    assert statuses == [422, 422, 422, 429]
    # Even the right receipt waits once the allowance is spent: guessing must not pay off.
    assert open_case(guesser, number, receipt).status_code == 429


def test_receipts_never_appear_in_urls_or_logs(app, client, office, caplog):
    caplog.set_level(logging.DEBUG)
    number, receipt = file_case(client)
    browser = app.test_client()
    response = open_case(browser, number, receipt)
    visited = [response.request.url, response.headers["Location"]]
    visited.append(browser.get(response.headers["Location"]).request.url)
    assert all(receipt not in url for url in visited)
    assert receipt not in caplog.text


def test_reporter_adds_information_and_files(app, client, office):
    number, receipt = file_case(client)
    case = db.session.scalar(sa.select(Case))
    case.status = CaseStatus.AWAITING_REPORTER
    db.session.commit()
    browser = app.test_client()
    open_case(browser, number, receipt)
    response = _reply(browser, number, "โรงเรียนบ้านสามผง ช่วงเดือนพฤศจิกายน",
                      [(io.BytesIO(PDF_BYTES), "หลักฐาน.pdf")])
    assert response.status_code == 302
    db.session.expire_all()
    case = db.session.scalar(sa.select(Case))
    message = [e for e in case.events if e.kind is EventKind.REPORTER_MESSAGE][0]
    assert message.body == "โรงเรียนบ้านสามผง ช่วงเดือนพฤศจิกายน"
    assert message.attachments[0].original_name == "หลักฐาน.pdf"
    assert case.status is CaseStatus.IN_PROGRESS  # the answer puts the case back to work
    html = browser.get(f"/track/{number}").get_data(as_text=True)
    assert "ส่งข้อมูลเพิ่มเติมเรียบร้อยแล้ว" in html and "หลักฐาน.pdf" in html


def _reply(browser, number, body, files=()):
    from tests.helpers import csrf_token

    token = csrf_token(browser, f"/track/{number}")
    return browser.post(f"/track/{number}/messages",
                        data={"csrf_token": token, "body": body, "attachments": list(files)},
                        content_type="multipart/form-data")


def test_empty_reply_is_refused_in_thai(app, client, office):
    number, receipt = file_case(client)
    browser = app.test_client()
    open_case(browser, number, receipt)
    response = _reply(browser, number, "")
    assert response.status_code == 422
    assert "กรุณาพิมพ์ข้อความหรือแนบไฟล์อย่างน้อยหนึ่งอย่าง" in response.get_data(as_text=True)


def test_closed_case_takes_no_more_messages(app, client, office):
    number, receipt = file_case(client)
    case = db.session.scalar(sa.select(Case))
    case.status = CaseStatus.CLOSED
    db.session.commit()
    browser = app.test_client()
    open_case(browser, number, receipt)
    html = browser.get(f"/track/{number}").get_data(as_text=True)
    assert "ยุติเรื่องแล้ว" in html and "ส่งข้อมูลเพิ่มเติม</button>" not in html
    response = _reply(browser, number, "ขอเพิ่มข้อมูล")
    assert "เรื่องนี้ดำเนินการเสร็จสิ้นแล้ว" in response.get_data(as_text=True)


def test_internal_events_and_their_files_stay_hidden(app, client, office):
    number, receipt = file_case(client)
    case = db.session.scalar(sa.select(Case))
    note = CaseEvent(kind=EventKind.INTERNAL_NOTE, actor_type=ActorType.STAFF,
                     body="บันทึกภายในห้ามเผยแพร่", visibility=Visibility.INTERNAL)
    case.events.append(note)
    from portal.cases.submit import store_attachments
    from portal.security.files import clean_upload

    store_attachments(case, note, [clean_upload(io.BytesIO(PDF_BYTES), "internal.pdf",
                                                max_bytes=10**6, max_pixels=10**6)],
                      ActorType.STAFF)
    db.session.commit()
    browser = app.test_client()
    open_case(browser, number, receipt)
    html = browser.get(f"/track/{number}").get_data(as_text=True)
    assert "บันทึกภายในห้ามเผยแพร่" not in html and "internal.pdf" not in html
    assert browser.get(f"/track/{number}/files/{note.attachments[0].id}").status_code == 404


def test_files_of_another_case_are_not_reachable(app, client, office):
    first, first_receipt = file_case(client, attachments=[(io.BytesIO(jpeg_bytes()), "1.jpg")])
    second_client = app.test_client()
    file_case(second_client, attachments=[(io.BytesIO(jpeg_bytes()), "2.jpg")])
    other = db.session.scalar(sa.select(Case).where(Case.number != first))
    browser = app.test_client()
    open_case(browser, first, first_receipt)
    assert browser.get(f"/track/{first}/files/{other.attachments[0].id}").status_code == 404
    assert browser.get(f"/track/{other.number}").status_code == 403


def test_sign_out_ends_tracking(app, client, office):
    number, receipt = file_case(client)
    browser = app.test_client()
    open_case(browser, number, receipt)
    assert browser.get(f"/track/{number}").status_code == 200
    from tests.helpers import csrf_token

    token = csrf_token(browser, f"/track/{number}")
    browser.post("/track/signout", data={"csrf_token": token})
    assert browser.get(f"/track/{number}").status_code == 403


def test_a_message_sent_after_the_session_ran_out_comes_back_to_send(app, client, office):
    number, receipt = file_case(client)
    browser = app.test_client()
    open_case(browser, number, receipt)
    from tests.helpers import csrf_token

    token = csrf_token(browser, f"/track/{number}")
    with browser.session_transaction() as session:  # half an hour later
        session["tracking"] = {number: 0}
    message = "ลูกเรียนชั้น ป.3\nห้องน้ำอยู่หลังอาคาร 2 <ประตูเสีย>"
    refused = browser.post(f"/track/{number}/messages", data={"csrf_token": token, "body": message},
                           content_type="multipart/form-data")
    assert refused.status_code == 403
    page = refused.get_data(as_text=True)
    assert "ข้อความที่ท่านพิมพ์ไว้ไม่หายไป" in page
    assert 'name="pending" type="hidden" value="ลูกเรียนชั้น ป.3\nห้องน้ำอยู่หลังอาคาร 2 ' \
           '&lt;ประตูเสีย&gt;"' in page
    assert db.session.scalar(sa.select(sa.func.count(CaseEvent.id)).where(
        CaseEvent.kind == EventKind.REPORTER_MESSAGE)) == 0

    reopened = post_form(browser, "/track", {"number": number, "receipt": receipt,
                                             "pending": message})
    assert reopened.status_code == 200
    page = reopened.get_data(as_text=True)
    assert "ข้อความที่ท่านพิมพ์ไว้ยังไม่ได้ส่ง" in page
    assert "ห้องน้ำอยู่หลังอาคาร 2 &lt;ประตูเสีย&gt;</textarea>" in page
    assert _reply(browser, number, message).status_code == 302  # and it goes through
    # A lookup without a pending message still goes straight to the case.
    assert open_case(app.test_client(), number, receipt).status_code == 302
