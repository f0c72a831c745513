"""CSV export: BOM and Thai for Excel, Buddhist-era dates, every page, nothing private."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from portal.cases.export import BOM, export_csv, export_filename
from portal.cases.inbox import InboxFilters, Queue
from portal.extensions import db
from portal.models import CaseStatus, CaseType, ReporterContact, Role
from tests.inbox.factories import group, make_case, make_user, schools


@pytest.fixture
def request_ctx(app):
    with app.test_request_context():  # headers and labels are translated strings
        yield


@pytest.fixture
def exported_cases(office, request_ctx):
    school = schools(office)[0]
    for i in range(7):
        case = make_case(office, f"อาหารกลางวันไม่เพียงพอ {i}", school=school,
                         work_group=group(office, "promotion"),
                         received_at=datetime(2026, 11, 23, 18, 30),  # 24 Nov 01:30 in Bangkok
                         reply_due_at=datetime(2026, 12, 8, 18, 30))
        case.contact = ReporterContact(name="นางสาวลับ เฉพาะ", phone="0812345678",
                                       email="secret.reporter@example.com", line_id="secretline")
    make_case(office, "=HYPERLINK(\"http://evil\")", description="สูตร",
              reply_due_at=datetime(2027, 1, 1))
    make_case(office, "แจ้งทุจริตจัดซื้อ", case_type=CaseType.CORRUPTION,
              work_group=group(office, "legal"), respondent="ผู้อำนวยการ ก",
              witnesses="พยาน ข", status=CaseStatus.NEW)
    db.session.commit()


def read(chunks) -> tuple[str, list[list[str]]]:
    text = "".join(chunks)
    return text, list(csv.reader(io.StringIO(text.removeprefix(BOM))))


def test_bom_thai_headers_and_buddhist_era(office, exported_cases):
    intake = make_user(office, Role.INTAKE)
    text, rows = read(export_csv(intake))
    assert text.startswith(BOM)
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    header = rows[0]
    assert header[:3] == ["เลขรับเรื่อง", "วันที่รับเรื่อง", "วันที่ได้รับจริง"]
    assert "สถานะ" in header and "โรงเรียน" in header
    lunch = [r for r in rows[1:] if r[header.index("เรื่อง")].startswith("อาหารกลางวัน")]
    assert len(lunch) == 7
    assert lunch[0][header.index("วันที่รับเรื่อง")] == "24/11/2569 01:30"
    assert lunch[0][header.index("กำหนดตอบผู้แจ้ง")] == "09/12/2569 01:30"
    assert lunch[0][header.index("สถานะ")] == "ใหม่"
    assert lunch[0][header.index("อำเภอ")] == "ศรีสงคราม"


def test_all_pages_in_chunks_in_inbox_order(office, exported_cases):
    intake = make_user(office, Role.INTAKE)
    chunks = list(export_csv(intake, chunk_size=3))
    assert len(chunks) == 3  # 8 visible cases in pages of 3
    _, rows = read(chunks)
    assert len(rows) == 1 + 8
    assert len({r[0] for r in rows[1:]}) == 8


def test_filters_apply(office, exported_cases):
    intake = make_user(office, Role.INTAKE)
    _, rows = read(export_csv(intake, Queue.ALL, InboxFilters(text="กลางวัน")))
    assert len(rows) == 1 + 7


def test_no_contact_details_or_evidence(office, exported_cases):
    integrity = make_user(office, Role.INTEGRITY)
    text, _ = read(export_csv(integrity))
    for private in ("นางสาวลับ", "0812345678", "secret.reporter", "secretline",
                    "ผู้อำนวยการ ก", "พยาน ข", "สูตร"):
        assert private not in text


def test_confidential_rows_only_for_those_who_may_see_them(office, exported_cases):
    intake = make_user(office, Role.INTAKE)
    integrity = make_user(office, Role.INTEGRITY)
    assert "แจ้งทุจริตจัดซื้อ" not in "".join(export_csv(intake))
    assert "แจ้งทุจริตจัดซื้อ" in "".join(export_csv(integrity))
    assert "แจ้งทุจริตจัดซื้อ" in "".join(export_csv(integrity, Queue.CONFIDENTIAL))
    pr = make_user(office, Role.PR)
    _, rows = read(export_csv(pr))
    assert len(rows) == 1


def test_formulas_are_neutralised(office, exported_cases):
    intake = make_user(office, Role.INTAKE)
    _, rows = read(export_csv(intake))
    subjects = [r[rows[0].index("เรื่อง")] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\")" in subjects


def test_filename_in_buddhist_era():
    assert export_filename(datetime(2026, 11, 23, 18, 0)) == "cases-2569-11-24.csv"
