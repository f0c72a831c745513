"""Categories per case type: grouped list, create, edit, deactivate instead of delete."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseType, Category
from tests.admin.conftest import fresh, group
from tests.helpers import csrf_token, field_errors, post_form


def category(office, case_type: CaseType) -> Category:
    return db.session.scalar(select(Category).where(Category.office_id == office.id,
                                                    Category.case_type == case_type))


def test_list_is_grouped_by_case_type(client, office, other_office, admin):
    html = client.get("/admin/categories").get_data(as_text=True)
    headings = ["ร้องเรียน", "ข้อเสนอแนะ", "สอบถาม", "ชมเชย", "แจ้งเบาะแสการทุจริตและประพฤติมิชอบ"]
    positions = [html.index(f'">{h}</h2>') for h in headings]
    assert positions == sorted(positions)
    assert "หมวดcorruption" in html and html.index("หมวดcorruption") > positions[-1]
    assert f'/admin/categories/{category(other_office, CaseType.COMPLAINT).id}"' not in html


def test_create_edit_and_deactivate(client, office, admin):
    promotion = group(office, "promotion")
    response = post_form(client, "/admin/categories/new",
                         {"case_type": "complaint", "name_th": "อาหารกลางวัน", "name_en": "Lunch",
                          "work_group_id": str(promotion.id), "sort_order": "๒", "active": "y"})
    assert response.status_code == 302
    created = db.session.scalar(select(Category).where(Category.name_th == "อาหารกลางวัน"))
    assert created.case_type is CaseType.COMPLAINT and created.sort_order == 2
    assert created.work_group_id == promotion.id and created.active
    response = post_form(client, f"/admin/categories/{created.id}",
                         {"case_type": "question", "name_th": "อาหารกลางวัน", "work_group_id": "",
                          "sort_order": "5"})
    assert response.status_code == 302
    created = fresh(created)
    assert created.case_type is CaseType.QUESTION and created.work_group_id is None
    assert not created.active  # unticked: deactivated, still there for old cases


def test_validation_errors_are_in_thai(client, office, admin):
    response = post_form(client, "/admin/categories/new",
                         {"case_type": "nonsense", "name_th": "", "sort_order": "สิบ"})
    assert response.status_code == 422
    errors = field_errors(response.get_data(as_text=True))
    assert "ตัวเลือกไม่ถูกต้อง กรุณาเลือกใหม่" in errors
    assert "กรุณากรอกช่องนี้" in errors
    assert "กรุณากรอกเป็นตัวเลขจำนวนเต็ม" in errors


def test_corruption_categories_route_only_to_the_corruption_group(client, office, admin):
    promotion = group(office, "promotion")
    response = post_form(client, "/admin/categories/new",
                         {"case_type": "corruption", "name_th": "จัดซื้อจัดจ้าง",
                          "work_group_id": str(promotion.id), "sort_order": "0"})
    assert response.status_code == 422
    assert "หมวดหมู่เรื่องทุจริตต้องส่งไปยังกลุ่มงานที่รับเรื่องทุจริตเท่านั้น" in response.get_data(
        as_text=True)


def test_another_offices_category_and_groups_are_out_of_reach(client, office, other_office, admin):
    foreign = category(other_office, CaseType.COMPLAINT)
    assert client.get(f"/admin/categories/{foreign.id}").status_code == 404
    token = csrf_token(client, "/admin/categories/new")
    response = client.post(f"/admin/categories/{foreign.id}",
                           data={"csrf_token": token, "case_type": "complaint", "name_th": "ยึด",
                                 "sort_order": "0"})
    assert response.status_code == 404
    assert fresh(foreign).name_th == "หมวดcomplaint"
    response = post_form(client, "/admin/categories/new",
                         {"case_type": "complaint", "name_th": "หมวดใหม่", "sort_order": "0",
                          "work_group_id": str(group(other_office, "promotion").id)})
    assert response.status_code == 422
    assert "ตัวเลือกไม่ถูกต้อง กรุณาเลือกใหม่" in field_errors(response.get_data(as_text=True))
