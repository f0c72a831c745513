"""Work groups: list, create, edit; one group must keep receiving corruption reports."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseType, Category, Role, WorkGroup
from tests.admin.conftest import fresh, group
from tests.admin.factories import make_user
from tests.helpers import csrf_token, field_errors, post_form

LEGAL = {"code": "legal", "name_th": "กลุ่มกฎหมายและคดี", "receives_corruption": "y"}


def test_list_shows_groups_with_members(client, office, other_office, admin):
    make_user(office, Role.CASE_OFFICER, groups=(group(office, "legal"),))
    db.session.commit()
    html = client.get("/admin/work-groups").get_data(as_text=True)
    assert "กลุ่มกฎหมายและคดี" in html and "กลุ่มส่งเสริมการจัดการศึกษา" in html
    assert html.count(f'href="/admin/work-groups/{group(office, "legal").id}"') == 1
    assert f'/admin/work-groups/{group(other_office, "legal").id}"' not in html


def test_create_and_edit_a_group(client, office, admin):
    response = post_form(client, "/admin/work-groups/new",
                         {"code": "Personnel", "name_th": "กลุ่มบริหารงานบุคคล",
                          "name_en": "Personnel"})
    assert response.status_code == 302
    created = group(office, "personnel")
    assert created.name_th == "กลุ่มบริหารงานบุคคล" and not created.receives_corruption
    response = post_form(client, f"/admin/work-groups/{created.id}",
                         {"code": "personnel", "name_th": "กลุ่มบริหารงานบุคคล (ใหม่)",
                          "name_en": "", "receives_corruption": "y"})
    assert response.status_code == 302
    assert fresh(created).receives_corruption and fresh(created).name_en == ""


def test_validation_errors_are_in_thai(client, office, admin):
    response = post_form(client, "/admin/work-groups/new", {"code": "กฎหมาย", "name_th": ""})
    assert response.status_code == 422
    errors = field_errors(response.get_data(as_text=True))
    assert any(e.startswith("รหัสใช้ได้เฉพาะตัวอักษรอังกฤษพิมพ์เล็ก") for e in errors)
    assert "กรุณากรอกช่องนี้" in errors
    response = post_form(client, "/admin/work-groups/new", {**LEGAL, "name_th": "กลุ่มซ้ำ"})
    assert response.status_code == 422
    assert "รหัสกลุ่มงานนี้มีอยู่แล้ว" in response.get_data(as_text=True)


def test_the_last_group_receiving_corruption_reports_keeps_it(client, office, admin):
    legal = group(office, "legal")
    response = post_form(client, f"/admin/work-groups/{legal.id}",
                         {**LEGAL, "receives_corruption": ""})
    assert response.status_code == 422
    assert "ต้องมีกลุ่มงานที่รับเรื่องทุจริตอย่างน้อยหนึ่งกลุ่ม" in response.get_data(as_text=True)
    assert fresh(legal).receives_corruption
    # Another group receiving them is not enough while a corruption category still routes here.
    post_form(client, "/admin/work-groups/new",
              {"code": "audit", "name_th": "หน่วยตรวจสอบภายใน", "receives_corruption": "y"})
    response = post_form(client, f"/admin/work-groups/{legal.id}",
                         {**LEGAL, "receives_corruption": ""})
    assert response.status_code == 422
    assert "หมวดหมู่เรื่องทุจริตยังส่งมาที่กลุ่มนี้: หมวดcorruption" in response.get_data(
        as_text=True)
    corruption = db.session.scalar(select(Category).where(
        Category.office_id == office.id, Category.case_type == CaseType.CORRUPTION))
    response = post_form(client, f"/admin/categories/{corruption.id}",
                         {"case_type": "corruption", "name_th": "หมวดcorruption",
                          "work_group_id": str(group(office, "audit").id), "sort_order": "0",
                          "active": "y"})
    assert response.status_code == 302
    response = post_form(client, f"/admin/work-groups/{legal.id}",
                         {**LEGAL, "receives_corruption": ""})
    assert response.status_code == 302
    assert not fresh(legal).receives_corruption


def test_another_offices_group_is_404(client, office, other_office, admin):
    foreign = group(other_office, "legal")
    assert client.get(f"/admin/work-groups/{foreign.id}").status_code == 404
    response = client.post(f"/admin/work-groups/{foreign.id}",
                           data={**LEGAL, "receives_corruption": "",
                                 "csrf_token": csrf_token(client, "/admin/work-groups/new")})
    assert response.status_code == 404
    assert fresh(foreign).receives_corruption
    assert db.session.scalar(select(WorkGroup.id).where(WorkGroup.code == "legal",
                                                        WorkGroup.office_id == office.id))
