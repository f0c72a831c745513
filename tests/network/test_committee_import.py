"""Importing the PR committee from CSV and XLSX: told by its role column, every row or none,
a Thai reason per bad row; a name already in the committee is updated."""

from __future__ import annotations

import io
from datetime import date

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from portal.extensions import db
from portal.models import Role
from portal.network.details import PersonDetails
from portal.network.importing import COMMITTEE_COLUMNS
from portal.network.models import CommitteeMember, CommitteeRole, Correspondent, NetworkChange
from portal.network.registry import save_committee_member
from tests.network.helpers import csrf, schools


def _csv(rows: list[list[str]]) -> bytes:
    lines = [",".join(COMMITTEE_COLUMNS)] + [",".join(r) for r in rows]
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def _upload(client, data: bytes, name: str):
    page = client.get("/staff/network/import")
    return client.post(
        "/staff/network/import",
        data={"csrf_token": csrf(page.text), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _members() -> dict[str, CommitteeMember]:
    db.session.expire_all()
    return {m.name: m for m in db.session.scalars(select(CommitteeMember))}


def test_committee_csv_adds_and_updates(app, office, login_as):
    pr = login_as(Role.PR)
    school = schools(office)[0]
    existing = save_committee_member(
        office,
        None,
        PersonDetails("นายสมชาย รักดี", position="ผู้อำนวยการ"),
        CommitteeRole.MEMBER,
        date(2024, 10, 1),
        None,
        True,
        None,
        pr.user,
    )
    db.session.commit()
    response = _upload(
        pr,
        _csv(
            [
                [
                    "นายสมชาย รักดี",
                    "ประธาน",
                    "รองผู้อำนวยการ",
                    "",
                    "0812345678",
                    "",
                    "",
                    "1/10/2569",
                    "30/9/2571",
                    "",
                ],
                [
                    "นางสาวมาลี ใจดี",
                    "เลขานุการ",
                    "ครู",
                    school.code,
                    "",
                    "malee@school.example",
                    "malee_k",
                    "1/10/2569",
                    "",
                    "ใช่",
                ],
                ["Mr. John Smith", "member", "", "", "", "", "", "2026-10-01", "", "ไม่ใช่"],
            ]
        ),
        "committee.csv",
    )
    assert "นำเข้าแล้ว 3 แถว" in response.text
    members = _members()
    assert len(members) == 3
    chair = members["นายสมชาย รักดี"]
    assert chair.id == existing.id and chair.role is CommitteeRole.CHAIR
    assert chair.position == "รองผู้อำนวยการ" and chair.phone == "081-234-5678"
    assert (chair.term_start, chair.term_end) == (date(2026, 10, 1), date(2028, 9, 30))
    secretary = members["นางสาวมาลี ใจดี"]
    assert secretary.role is CommitteeRole.SECRETARY and secretary.school_id == school.id
    assert secretary.email == "malee@school.example" and secretary.active
    assert not members["Mr. John Smith"].active
    assert db.session.scalar(
        select(NetworkChange).where(
            NetworkChange.subject == "committee", NetworkChange.action == "imported"
        )
    )
    # The committee page shows what came in.
    page = pr.get("/staff/network/committee").text
    assert "นางสาวมาลี ใจดี" in page and "Mr. John Smith" in page


def test_bad_committee_rows_are_named_and_nothing_is_imported(app, office, login_as):
    pr = login_as(Role.PR)
    response = _upload(
        pr,
        _csv(
            [
                ["นางสาวมาลี ใจดี", "ประธาน", "", "", "", "", "", "1/10/2569", "", ""],
                ["นายสมชาย รักดี", "หัวหน้า", "", "", "", "", "", "1/10/2569", "", ""],
                ["นายเอก ดี", "กรรมการ", "", "9999999999", "", "", "", "1/10/2569", "", ""],
                ["นายบี ดี", "กรรมการ", "", "", "", "", "", "", "", ""],
                ["นายซี ดี", "กรรมการ", "", "", "", "", "", "31/2/2569", "", ""],
                ["นายดี ดี", "กรรมการ", "", "", "", "", "", "1/10/2569", "1/10/2568", ""],
                ["นายอี ดี", "กรรมการ", "", "", "12345", "", "", "1/10/2569", "", ""],
                ["นายเอฟ ดี", "กรรมการ", "", "", "", "", "", "1/10/2569", "", "บางที"],
                ["นางสาวมาลี ใจดี", "กรรมการ", "", "", "", "", "", "1/10/2569", "", ""],
                ["", "กรรมการ", "", "", "", "", "", "1/10/2569", "", ""],
            ]
        ),
        "committee.csv",
    )
    errors = response.text.split('id="import-errors"')[1].split("</ul>")[0]
    assert "ไม่ได้นำเข้าแถวใดเลย" in response.text
    assert "แถวที่ 3: บทบาทต้องเป็น ประธาน กรรมการ หรือ เลขานุการ" in errors
    assert "แถวที่ 4: ไม่พบรหัสโรงเรียน 9999999999" in errors
    assert "แถวที่ 5: ต้องระบุวันเริ่มวาระ" in errors
    assert "แถวที่ 6: วันที่วาระไม่ถูกต้อง" in errors
    assert "แถวที่ 7: วันสิ้นสุดวาระต้องไม่ก่อนวันเริ่มวาระ" in errors
    assert "แถวที่ 8: หมายเลขโทรศัพท์ไม่ถูกต้อง" in errors
    assert "แถวที่ 9: ช่องยังปฏิบัติหน้าที่ต้องเป็น ใช่ หรือ ไม่ใช่" in errors
    assert "แถวที่ 10: ชื่อนี้ซ้ำกับแถวก่อนหน้าในไฟล์" in errors
    assert "แถวที่ 11: ต้องระบุชื่อ" in errors
    assert "แถวที่ 2" not in errors
    assert db.session.scalar(select(sa.func.count(CommitteeMember.id))) == 0
    assert db.session.scalar(select(sa.func.count(NetworkChange.id))) == 0


def test_committee_xlsx_from_its_template(app, office, login_as):
    pr = login_as(Role.PR)
    page = pr.get("/staff/network/import").text
    assert "/staff/network/import/committee-template.xlsx" in page
    template = pr.get("/staff/network/import/committee-template.xlsx")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.data))
    assert [c.value for c in book.worksheets[0][1]] == list(COMMITTEE_COLUMNS)
    assert "ประธาน" in str([c.value for c in book.worksheets[1]["B"]])
    csv_template = pr.get("/staff/network/import/committee-template.csv")
    assert csv_template.data.decode("utf-8-sig").strip() == ",".join(COMMITTEE_COLUMNS)
    # The correspondents' template is where it was.
    assert (
        pr.get("/staff/network/import/template.csv")
        .data.decode("utf-8-sig")
        .startswith("school_code")
    )
    filled = Workbook()
    sheet = filled.active
    sheet.append(list(COMMITTEE_COLUMNS))
    sheet.append(
        [
            "นางสาวมาลี ใจดี",
            "เลขานุการ",
            "ครู",
            None,
            "0812345678",
            None,
            None,
            date(2026, 10, 1),
            None,
            1,
        ]
    )
    out = io.BytesIO()
    filled.save(out)
    response = _upload(pr, out.getvalue(), "committee.xlsx")
    assert "นำเข้าแล้ว 1 แถว" in response.text
    member = _members()["นางสาวมาลี ใจดี"]
    assert member.term_start == date(2026, 10, 1) and member.role is CommitteeRole.SECRETARY
    assert db.session.scalar(select(sa.func.count(Correspondent.id))) == 0
