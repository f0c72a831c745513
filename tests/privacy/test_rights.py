"""The reporter's rights with the receipt: a copy (ZIP of PDF, JSON, files), correction,
erasure requests decided by staff within 30 days; a staff member's own data."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pikepdf
from sqlalchemy import select

from portal.cases.submit import CaseSubmission, ContactDetails, submit_case
from portal.extensions import db
from portal.models import CaseType, ReporterContact, Role, SignInRecord
from portal.models.privacy import PrivacyRequest
from tests.helpers import csrf_token
from tests.privacy.factories import JPEG, ended_case
from tests.tracking.test_tracking import open_case


def _filed(office):
    case = ended_case(office, years_ago=0.1)
    submitted = submit_case(
        office,
        CaseSubmission(
            case_type=CaseType.COMPLAINT,
            subject="ห้องน้ำโรงเรียนชำรุด",
            description="ห้องน้ำชายชำรุดมาสองเดือน",
            contact=ContactDetails(
                name="นางสาวรัตนา ผู้ปกครอง", phone="0865554444", email="ratana@example.com"
            ),
        ),
    )
    db.session.commit()
    return case, submitted


def _browser(app, number, receipt):
    browser = app.test_client()
    assert open_case(browser, number, receipt).status_code == 302
    return browser


def test_pages_need_the_receipt(app, client, office):
    _case, submitted = _filed(office)
    number = submitted.case.number
    assert client.get(f"/track/{number}/privacy").status_code == 403
    assert client.get(f"/track/{number}/privacy/my-data.zip").status_code == 403


def test_copy_holds_messages_contact_files_as_pdf_and_json(app, office):
    case, submitted = _filed(office)
    number = submitted.case.number
    browser = _browser(app, number, submitted.receipt)
    page = browser.get(f"/track/{number}/privacy").get_data(as_text=True)
    assert "ดาวน์โหลดข้อมูลของท่าน" in page and "0865554444" in page
    response = browser.get(f"/track/{number}/privacy/my-data.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert data["contact"]["phone"] == "0865554444"
    assert data["case"]["description"] == "ห้องน้ำชายชำรุดมาสองเดือน"
    assert data["messages"][0]["from"] == "reporter"
    with pikepdf.open(io.BytesIO(archive.read("data.pdf"))) as pdf:
        assert len(pdf.pages) >= 1
    # Another case's copy is not reachable with this receipt.
    assert browser.get(f"/track/{case.number}/privacy/my-data.zip").status_code == 403
    # The files of a case go in the ZIP.
    other = _browser(app, case.number, _receipt_for(case))
    files = zipfile.ZipFile(io.BytesIO(other.get(f"/track/{case.number}/privacy/my-data.zip").data))
    assert [n for n in files.namelist() if n.startswith("files/")] and files.read(
        [n for n in files.namelist() if n.startswith("files/")][0]
    ) == JPEG


def _receipt_for(case):
    from portal.security.tokens import hash_receipt, new_receipt

    receipt = new_receipt()
    case.receipt_hash = hash_receipt(receipt, case.number)
    db.session.commit()
    return receipt


def test_correction_replaces_contact_details(app, office):
    _case, submitted = _filed(office)
    number = submitted.case.number
    browser = _browser(app, number, submitted.receipt)
    response = browser.post(
        f"/track/{number}/privacy/contact",
        data={
            "csrf_token": csrf_token(browser, f"/track/{number}/privacy"),
            "name": "นางสาวรัตนา ผู้ปกครอง",
            "phone": "0861112222",
            "email": "",
            "line_id": "",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    contact = db.session.scalar(
        select(ReporterContact).where(ReporterContact.case_id == submitted.case.id)
    )
    assert (contact.phone, contact.email) == ("086-111-2222", None)
    assert db.session.scalar(select(PrivacyRequest.kind)) == "correction"


def test_erasure_request_refused_needs_ground_granted_erases(app, office, signed_in):
    _case, submitted = _filed(office)
    number = submitted.case.number
    browser = _browser(app, number, submitted.receipt)
    response = browser.post(
        f"/track/{number}/privacy/request",
        data={
            "csrf_token": csrf_token(browser, f"/track/{number}/privacy"),
            "kind": "erasure",
            "reason": "ไม่ต้องการให้ติดต่ออีก",
        },
    )
    assert response.status_code == 302
    request = db.session.scalar(select(PrivacyRequest))
    assert request.due_at - request.received_at == timedelta(days=30)
    intake = signed_in(Role.INTAKE)
    assert number in intake.get("/staff/privacy-requests").get_data(as_text=True)
    url = f"/staff/privacy-requests/{request.id}"
    refused = intake.post(
        url, data={"csrf_token": csrf_token(intake, url), "decision": "refuse", "legal_ground": ""}
    )
    assert refused.status_code == 200 and "ฐานทางกฎหมาย" in refused.get_data(as_text=True)
    granted = intake.post(
        url, data={"csrf_token": csrf_token(intake, url), "decision": "grant", "legal_ground": ""}
    )
    assert granted.status_code == 302
    db.session.expire_all()
    contact = db.session.scalar(
        select(ReporterContact).where(ReporterContact.case_id == submitted.case.id)
    )
    assert (contact.name, contact.phone, contact.email) == (None, None, None)
    page = browser.get(f"/track/{number}/privacy").get_data(as_text=True)
    assert "ดำเนินการตามคำขอแล้ว" in page


def test_refusal_keeps_its_legal_ground(app, office, signed_in):
    _case, submitted = _filed(office)
    from portal.privacy.rights import DEFAULT_REFUSAL_GROUND, request_erasure

    request = request_erasure(submitted.case, "objection", "")
    db.session.commit()
    director = signed_in(Role.DIRECTOR)
    url = f"/staff/privacy-requests/{request.id}"
    response = director.post(
        url,
        data={
            "csrf_token": csrf_token(director, url),
            "decision": "refuse",
            "legal_ground": DEFAULT_REFUSAL_GROUND,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert "24(4)" in db.session.get(PrivacyRequest, request.id).legal_ground
    assert signed_in(Role.PR).get("/staff/privacy-requests").status_code == 403


def test_staff_member_sees_own_sign_ins(app, office, signed_in):
    officer = signed_in(Role.CASE_OFFICER)
    db.session.add(
        SignInRecord(
            user_id=officer.user.id,
            email=officer.user.email,
            ip_address="203.0.113.9",
            user_agent="Firefox",
            success=True,
        )
    )
    db.session.commit()
    html = officer.get("/staff/account/my-data").get_data(as_text=True)
    assert "203.0.113.9" in html
