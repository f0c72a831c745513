"""Publishing freezes a report; a correction is a new version; preparing tells the director."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Delivery, ReportFileKind, ReportVersion
from portal.reports.periods import parse_period
from portal.reports.publishing import ReportError, prepare_report, publish_report
from tests.transparency.helpers import AFTER_OCTOBER, OCTOBER, director, october_cases, resolve


def test_a_published_report_stays_as_published_when_cases_change(app, client, office):
    cases = october_cases(office)
    version = publish_report(office, parse_period(OCTOBER), publisher=director(office),
                             now=AFTER_OCTOBER)
    db.session.commit()
    assert version.number == 1
    assert {f.kind for f in version.files} == set(ReportFileKind)
    frozen = version.figures
    assert frozen["totals"] == {"received": 5, "completed": 0, "in_progress": 5}
    hashes = {f.kind: hashlib.sha256(f.data).hexdigest() for f in version.files}
    page = client.get(f"/reports/{OCTOBER}/v1").get_data(as_text=True)

    resolve(cases[0], datetime(2026, 11, 10, 3, 0))  # later, the data changes
    db.session.delete(cases[1])
    db.session.commit()
    db.session.expire_all()

    again = db.session.get(ReportVersion, version.id)
    assert again.figures == frozen
    assert {f.kind: hashlib.sha256(f.data).hexdigest() for f in again.files} == hashes
    assert client.get(f"/reports/{OCTOBER}/v1").get_data(as_text=True) == page
    for suffix, kind in (("pdf", ReportFileKind.PDF), ("csv", ReportFileKind.CSV),
                         ("xlsx", ReportFileKind.XLSX), ("json", ReportFileKind.JSON),
                         ("cases.csv", ReportFileKind.CASES_CSV)):
        response = client.get(f"/reports/{OCTOBER}/v1.{suffix}")
        assert response.status_code == 200, suffix
        assert hashlib.sha256(response.data).hexdigest() == hashes[kind], suffix


def test_a_correction_is_a_new_version_and_both_stay_readable(app, client, office):
    cases = october_cases(office)
    period = parse_period(OCTOBER)
    publish_report(office, period, now=AFTER_OCTOBER)
    db.session.commit()
    resolve(cases[0], datetime(2026, 10, 30, 3, 0))
    with pytest.raises(ReportError):
        publish_report(office, period, now=AFTER_OCTOBER)  # a correction needs a note
    second = publish_report(office, period,
                            note="นับเรื่องที่ยุติแล้วผิดไปหนึ่งเรื่อง (บันทึกที่ 2569/117)",
                            now=datetime(2026, 11, 20, 2, 0))
    db.session.commit()
    assert second.number == 2

    first_json = json.loads(client.get(f"/reports/{OCTOBER}/v1.json").data)
    second_json = json.loads(client.get(f"/reports/{OCTOBER}/v2.json").data)
    assert first_json["figures"]["totals"]["completed"] == 0
    assert second_json["figures"]["totals"]["completed"] == 1
    assert second_json["meta"]["note"].startswith("นับเรื่องที่ยุติแล้วผิดไปหนึ่งเรื่อง")
    first_pdf = _pdf_text(client.get(f"/reports/{OCTOBER}/v1.pdf").data)
    second_pdf = _pdf_text(client.get(f"/reports/{OCTOBER}/v2.pdf").data)
    assert "2569/117" in second_pdf and "2569/117" not in first_pdf  # the PDF carries its note
    old = client.get(f"/reports/{OCTOBER}/v1").get_data(as_text=True)
    assert "มีฉบับแก้ไขที่ใหม่กว่า" in old
    latest = client.get(f"/reports/{OCTOBER}").get_data(as_text=True)
    assert "นับเรื่องที่ยุติแล้วผิดไปหนึ่งเรื่อง" in latest and "ฉบับล่าสุด" in latest
    redirect = client.get(f"/reports/{OCTOBER}/latest.pdf")
    assert redirect.status_code == 302 and redirect.headers["Location"].endswith("/v2.pdf")
    listing = client.get("/reports").get_data(as_text=True)
    assert f"/reports/{OCTOBER}/v2.xlsx" in listing and "ฉบับแก้ไข" in listing
    index = json.loads(client.get("/reports/index.json").data)
    assert [(r["period"], r["version"], r["latest"]) for r in index["reports"]] == [
        (OCTOBER, 1, False), (OCTOBER, 2, True)]
    assert client.get(f"/reports/{OCTOBER}/v3").status_code == 404


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    return document[0].get_textpage().get_text_range()


def test_an_unfinished_period_cannot_be_published(app, office):
    with pytest.raises(ReportError):
        publish_report(office, parse_period(OCTOBER), now=datetime(2026, 10, 31, 10, 0))
    with pytest.raises(ReportError):  # a free range is not a report
        publish_report(office, parse_period("2026-10-01..2026-10-10"), now=AFTER_OCTOBER)


def test_preparing_tells_each_director_once(app, office):
    boss = director(office)
    period = parse_period(OCTOBER)
    report, created = prepare_report(office, period, AFTER_OCTOBER)
    again, created_again = prepare_report(office, period, AFTER_OCTOBER)
    db.session.commit()
    assert created and not created_again and again.id == report.id
    mails = db.session.scalars(select(Delivery).where(Delivery.purpose == "report_ready")).all()
    assert [m.recipient for m in mails] == [boss.email]
    assert "ตุลาคม 2569" in mails[0].subject
    assert f"/staff/transparency/{OCTOBER}" in mails[0].body_text


def test_the_director_publishes_from_the_review_page(app, office, login_as):
    from portal.models import Role
    from tests.helpers import post_form

    october_cases(office)
    boss = login_as(Role.DIRECTOR)
    # The period has ended by the real clock (the tests run after October 2026).
    page = boss.get(f"/staff/transparency/{OCTOBER}")
    assert page.status_code == 200 and "ร่าง: ยังไม่เผยแพร่" in page.get_data(as_text=True)
    # "เผยแพร่" first shows what will be public and publishes nothing.
    asked = post_form(boss, f"/staff/transparency/{OCTOBER}", {})
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "ยืนยันการเผยแพร่: สิ่งที่ทุกคนจะเห็น" in html
    assert f"/reports/{OCTOBER}/v1</code>" in html and "ข้อมูลรายเรื่องแบบไม่ระบุตัวตน" in html
    assert 'name="confirmed" type="hidden" value="yes"' in html
    assert db.session.scalar(select(func.count()).select_from(ReportVersion)) == 0
    response = post_form(boss, f"/staff/transparency/{OCTOBER}", {"confirmed": "yes"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/reports/{OCTOBER}/v1")
    refused = post_form(boss, f"/staff/transparency/{OCTOBER}", {"note": ""})
    assert refused.status_code == 422
    assert "ฉบับแก้ไขต้องมีหมายเหตุ" in refused.get_data(as_text=True)
    note = {"note": "แก้ชื่อโรงเรียน"}
    asked = post_form(boss, f"/staff/transparency/{OCTOBER}", note).get_data(as_text=True)
    assert "<q>แก้ชื่อโรงเรียน</q>" in asked and f"/reports/{OCTOBER}/v2</code>" in asked
    fixed = post_form(boss, f"/staff/transparency/{OCTOBER}", {**note, "confirmed": "yes"})
    assert fixed.headers["Location"].endswith(f"/reports/{OCTOBER}/v2")
    assert db.session.scalar(select(func.count()).select_from(ReportVersion)) == 2
    intake = login_as(Role.INTAKE)
    assert intake.get("/staff/transparency").status_code == 403
    assert intake.get(f"/staff/transparency/{OCTOBER}").status_code == 403
