"""The reporter's rating and comment: shown back on the tracking page, edited explicitly
with the history kept, and read by staff on the case page and in the inbox."""

from __future__ import annotations

import re

import sqlalchemy as sa

from portal.cases import workflow
from portal.extensions import db
from portal.models import Case, Outcome, Role
from tests.helpers import csrf_token
from tests.tracking.test_tracking import file_case, open_case


def resolved_case(app, client, office, login_as) -> tuple[Case, object]:
    number, receipt = file_case(client)
    assert open_case(client, number, receipt).status_code == 302
    staff = login_as(Role.INTAKE)
    case = db.session.scalar(sa.select(Case).where(Case.number == number))
    workflow.reply_publicly(case, staff.user, "รับเรื่องแล้ว", case.lock_version)
    workflow.resolve_case(
        case, staff.user, Outcome.NOT_UPHELD, "ตรวจสอบแล้ว ปริมาณอาหารเป็นไปตามเกณฑ์", case.lock_version
    )
    db.session.commit()
    return case, staff


def rate(client, number, rating, comment):
    token = csrf_token(client, f"/track/{number}")
    return client.post(
        f"/track/{number}/rating",
        data={"csrf_token": token, "rating": str(rating), "comment": comment},
    )


def test_rating_is_shown_back_edited_explicitly_and_read_by_staff(app, client, office, login_as):
    case, staff = resolved_case(app, client, office, login_as)
    page = client.get(f"/track/{case.number}").get_data(as_text=True)
    assert "ส่งการประเมิน" in page and "แก้ไขการประเมิน" not in page

    assert rate(client, case.number, 4, "ตอบช้าไปหน่อย แต่ชัดเจน").status_code == 302
    page = client.get(f"/track/{case.number}").get_data(as_text=True)
    assert "การประเมินของท่าน" in page and "4 – มาก" in page
    assert "ตอบช้าไปหน่อย แต่ชัดเจน" in page
    # The edit form starts from what was given: a new score keeps the comment unless changed.
    edit = re.search(r"<summary>แก้ไขการประเมิน</summary>(.*?)</details>", page, re.S).group(1)
    assert re.search(r'<input[^>]*checked[^>]*value="4"|<input[^>]*value="4"[^>]*checked', edit)
    assert "ตอบช้าไปหน่อย แต่ชัดเจน</textarea>" in edit

    assert rate(client, case.number, 2, "ตอบช้าไปหน่อย แต่ชัดเจน").status_code == 302
    page = client.get(f"/track/{case.number}").get_data(as_text=True)
    assert "2 – น้อย" in page and "บันทึกการแก้ไขการประเมินแล้ว" in page
    db.session.expire_all()
    assert [e.body for e in workflow.rating_history(case)] == [
        "4/5\nตอบช้าไปหน่อย แต่ชัดเจน",
        "2/5\nตอบช้าไปหน่อย แต่ชัดเจน",
    ]

    staff_page = staff.get(f"/staff/cases/{case.number}").get_data(as_text=True)
    assert "ความพึงพอใจของผู้แจ้ง" in staff_page and "2/5" in staff_page
    assert "ตอบช้าไปหน่อย แต่ชัดเจน" in staff_page and "แก้ไขการประเมิน 1 ครั้ง" in staff_page
    inbox = staff.get("/staff/?queue=all").get_data(as_text=True)
    row = re.search(
        r'<details class="row-detail"><summary>ผู้แจ้งประเมิน 2/5</summary>'
        r"(.*?)</details>",
        inbox,
        re.S,
    )
    assert row and "ตอบช้าไปหน่อย แต่ชัดเจน" in row.group(1)
