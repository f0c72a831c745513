"""Importing the registry from CSV and XLSX: every row or none, a Thai reason per bad row."""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from portal.extensions import db
from portal.models import Role
from portal.network.importing import COLUMNS
from portal.network.models import Correspondent, NetworkChange, SchoolNetworkProfile
from tests.network.helpers import csrf, schools


def _csv(rows: list[list[str]]) -> bytes:
    lines = [",".join(COLUMNS)] + [",".join(r) for r in rows]
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def _upload(client, data: bytes, name: str):
    page = client.get("/staff/network/import")
    return client.post(
        "/staff/network/import",
        data={"csrf_token": csrf(page.text), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _count(model) -> int:
    return db.session.scalar(select(sa.func.count()).select_from(model))


def test_good_csv_is_imported(app, office, login_as):
    pr = login_as(Role.PR)
    first, second, _ = schools(office)
    response = _upload(
        pr,
        _csv(
            [
                [
                    first.code,
                    "ผู้ประสานงาน",
                    "นางสาวมาลี ใจดี",
                    "ครู",
                    "0812345678",
                    "malee@school.example",
                    "malee_k",
                    "https://www.facebook.com/samphong",
                    "ใช่",
                    "1/11/2569",
                ],
                [first.code, "สำรอง", "นายเอก ทองดี", "ครู", "", "", "", "", "", ""],
                [second.code, "", "Mr. John Smith", "", "042-511-234", "", "", "", "ไม่ใช่", ""],
            ]
        ),
        "network.csv",
    )
    assert "นำเข้าแล้ว 3 แถว" in response.text
    assert _count(Correspondent) == 3
    profile = db.session.get(SchoolNetworkProfile, first.id)
    assert profile.page_url == "https://www.facebook.com/samphong"
    assert profile.joined_groups_on.isoformat() == "2026-11-01"
    assert db.session.scalar(select(NetworkChange).where(NetworkChange.action == "imported"))


def test_bad_rows_are_named_and_nothing_is_imported(app, office, login_as):
    pr = login_as(Role.PR)
    first, second, third = schools(office)
    response = _upload(
        pr,
        _csv(
            [
                [first.code, "", "นางสาวมาลี ใจดี", "", "0812345678", "", "", "", "", ""],
                ["9999999999", "", "นายสมชาย รักดี", "", "", "", "", "", "", ""],
                [second.code, "", "นายสมศักดิ์ ดีงาม", "", "12345", "", "", "", "", ""],
                [third.code, "หัวหน้า", "นายชาติ ชาติดี", "", "", "", "", "", "", ""],
                [first.code, "", "นางสาวซ้ำ ซ้ำ", "", "", "", "", "", "", ""],
                [second.code, "สำรอง", "นายดี ดี", "", "", "not-an-email", "", "", "", ""],
                [third.code, "สำรอง", "นายดี ดี", "", "", "", "", "https://example.com/x", "", ""],
                [third.code, "", "", "", "", "", "", "", "", ""],
            ]
        ),
        "network.csv",
    )
    errors = response.text.split('id="import-errors"')[1].split("</ul>")[0]
    assert "ไม่ได้นำเข้าแถวใดเลย" in response.text
    assert "แถวที่ 3: ไม่พบรหัสโรงเรียน 9999999999" in errors
    assert "แถวที่ 4: หมายเลขโทรศัพท์ไม่ถูกต้อง" in errors
    assert "แถวที่ 5: ประเภทต้องเป็น ผู้ประสานงาน หรือ สำรอง" in errors
    assert "แถวที่ 6: โรงเรียนนี้มีผู้ประสานงานประเภทเดียวกันซ้ำในไฟล์" in errors
    assert "แถวที่ 7: อีเมลไม่ถูกต้อง" in errors
    assert "แถวที่ 8: ที่อยู่เพจต้องเป็นเพจ Facebook" in errors
    assert "แถวที่ 2" not in errors  # the good row is not blamed, nor imported
    assert _count(Correspondent) == 0 and _count(SchoolNetworkProfile) == 0
    assert _count(NetworkChange) == 0


def test_xlsx_from_the_template(app, office, login_as):
    pr = login_as(Role.PR)
    template = pr.get("/staff/network/import/template.xlsx")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.data))
    assert [c.value for c in book.worksheets[0][1]] == list(COLUMNS)
    assert book.worksheets[1].title == "คำอธิบาย"
    assert pr.get("/staff/network/import/template.csv").data.decode(
        "utf-8-sig"
    ).strip() == ",".join(COLUMNS)
    filled = Workbook()
    sheet = filled.active
    sheet.append(list(COLUMNS))
    school = schools(office)[2]
    sheet.append(
        [
            int(school.code) if school.code.isdigit() else school.code,
            "main",
            "นางสาวมาลี ใจดี",
            "ครู",
            "0812345678",
            "",
            "",
            "",
            1,
            None,
        ]
    )
    out = io.BytesIO()
    filled.save(out)
    response = _upload(pr, out.getvalue(), "network.xlsx")
    assert "นำเข้าแล้ว 1 แถว" in response.text
    person = db.session.scalar(select(Correspondent))
    assert person.school_id == school.id and person.phone == "081-234-5678"
    assert db.session.get(SchoolNetworkProfile, school.id).joined_groups


def test_unreadable_files(app, office, login_as):
    pr = login_as(Role.PR)
    assert "อ่านไฟล์ XLSX ไม่ได้" in _upload(pr, b"not a workbook", "x.xlsx").text
    assert "ไม่พบคอลัมน์: school_code" in _upload(pr, b"name\nx\n", "x.csv").text
    assert "UTF-8" in _upload(pr, "school_code,name\n".encode("utf-16"), "x.csv").text
