"""Deadlines per case type: defaults from the Thai rules until the administrator sets them."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseType, DeadlinePolicy, Role
from tests.admin.conftest import sign_in
from tests.admin.factories import make_user
from tests.helpers import field_errors, post_form

CHANGED = {"reply_days": "10", "acknowledge_days": "2", "first_reminder_day": "5",
           "second_reminder_day": "๘", "reporter_completion_days": "7", "feedback_days": "14",
           "counting": "working"}


def cells(html: str, label: str) -> list[str]:
    row = re.search(rf">{label}</a>.*?</tr>", html, re.S).group(0)
    return [c.strip() for c in re.findall(r"<td>(.*?)</td>", row)]


def test_defaults_are_shown_when_nothing_is_stored(client, office, admin):
    html = client.get("/admin/deadlines").get_data(as_text=True)
    assert cells(html, "ร้องเรียน") == ["15", "3", "10, 15", "7", "15", "วันปฏิทิน"]
    assert html.count("ใช้ค่าเริ่มต้น") == len(CaseType)
    form = client.get("/admin/deadlines/complaint").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="reply_days"[^>]*value="15"', form)
    assert re.search(r'<input checked[^>]*value="calendar"', form)


def test_save_one_types_deadlines(client, office, admin):
    response = post_form(client, "/admin/deadlines/corruption", CHANGED)
    assert response.status_code == 302
    policy = db.session.scalar(select(DeadlinePolicy).where(
        DeadlinePolicy.office_id == office.id, DeadlinePolicy.case_type == CaseType.CORRUPTION))
    assert (policy.reply_days, policy.second_reminder_day, policy.working_days) == (10, 8, True)
    html = client.get("/admin/deadlines").get_data(as_text=True)
    assert cells(html, "แจ้งเบาะแสการทุจริตและประพฤติมิชอบ") == [
        "10", "2", "5, 8", "7", "14", "วันทำการ"]
    assert cells(html, "ร้องเรียน")[0] == "15"
    response = post_form(client, "/admin/deadlines/corruption", {**CHANGED, "reply_days": "12"})
    assert response.status_code == 302
    assert db.session.scalar(select(DeadlinePolicy.reply_days).where(
        DeadlinePolicy.id == policy.id).execution_options(populate_existing=True)) == 12


def test_validation_errors_are_in_thai(client, office, admin):
    response = post_form(client, "/admin/deadlines/complaint",
                         {**CHANGED, "reply_days": "0", "feedback_days": "สิบ",
                          "acknowledge_days": ""})
    assert response.status_code == 422
    errors = field_errors(response.get_data(as_text=True))
    assert "ต้องเป็นจำนวนวันตั้งแต่ 1 ถึง 365" in errors
    assert "กรุณากรอกเป็นตัวเลขจำนวนเต็ม" in errors
    assert "กรุณากรอกช่องนี้" in errors
    response = post_form(client, "/admin/deadlines/complaint",
                         {**CHANGED, "second_reminder_day": "11"})
    assert response.status_code == 422
    assert "วันเตือนต้องไม่เกินกำหนดแจ้งผลหรือความคืบหน้า (10 วัน)" in field_errors(
        response.get_data(as_text=True))
    response = post_form(client, "/admin/deadlines/complaint",
                         {**CHANGED, "first_reminder_day": "9"})
    assert "การเตือนครั้งแรกต้องมาก่อนหรือตรงกับการเตือนครั้งที่สอง" in field_errors(
        response.get_data(as_text=True))
    assert db.session.scalar(select(DeadlinePolicy.id)) is None


def test_unknown_case_type_is_404(client, office, admin):
    assert client.get("/admin/deadlines/gossip").status_code == 404


def test_each_office_has_its_own_deadlines(client, office, other_office, admin, app):
    post_form(client, "/admin/deadlines/complaint", CHANGED)
    their_admin = make_user(other_office, Role.ADMIN)
    db.session.commit()
    their_browser = app.test_client()
    sign_in(their_browser, their_admin)
    html = their_browser.get("/admin/deadlines").get_data(as_text=True)
    assert cells(html, "ร้องเรียน")[0] == "15"
