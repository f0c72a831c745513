"""Response templates: create, edit, deactivate; placeholders other than the known four refused."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseType, Category, ResponseTemplate
from tests.admin.conftest import fresh
from tests.helpers import csrf_token, field_errors, post_form

BODY = "เรื่องเลขที่ {number} เรื่อง {subject} {office} จะแจ้งผลภายใน {due_date} {{ขอบคุณ}}"


def category(office, case_type=CaseType.COMPLAINT) -> Category:
    return db.session.scalar(select(Category).where(Category.office_id == office.id,
                                                    Category.case_type == case_type))


def test_create_list_edit_and_deactivate(client, office, admin):
    response = post_form(client, "/admin/templates/new",
                         {"title": "ตอบรับเรื่อง", "body": BODY,
                          "category_id": str(category(office).id), "active": "y"})
    assert response.status_code == 302
    template = db.session.scalar(select(ResponseTemplate))
    assert template.office_id == office.id and template.body == BODY and template.active
    html = client.get("/admin/templates").get_data(as_text=True)
    assert "ตอบรับเรื่อง" in html and "หมวดcomplaint" in html
    response = post_form(client, f"/admin/templates/{template.id}",
                         {"title": "ตอบรับเรื่อง (ทั่วไป)", "body": BODY, "category_id": ""})
    assert response.status_code == 302
    template = fresh(template)
    assert template.category_id is None and not template.active


def test_unknown_placeholders_are_refused_by_name(client, office, admin):
    response = post_form(client, "/admin/templates/new",
                         {"title": "ผิด", "body": "เรียน {name} เรื่อง {number} วันที่ {date}"})
    assert response.status_code == 422
    assert ("ไม่รู้จักตัวแทนข้อความ {name}, {date} ใช้ได้เฉพาะ {greeting} {number} {subject} {office} "
            "{due_date}") in field_errors(response.get_data(as_text=True))
    # Attribute access and conversions could leak data through str.format: refused too.
    response = post_form(client, "/admin/templates/new",
                         {"title": "ผิด", "body": "ข้อความ {office.__class__} และ {number!r}"})
    assert "{office.__class__}, {number!r}" in field_errors(response.get_data(as_text=True))[0]
    response = post_form(client, "/admin/templates/new",
                         {"title": "ผิด", "body": "วงเล็บ {number ไม่ปิด"})
    assert field_errors(response.get_data(as_text=True))[0].startswith("วงเล็บปีกกาไม่ครบคู่")
    response = post_form(client, "/admin/templates/new", {"title": "", "body": ""})
    assert field_errors(response.get_data(as_text=True)) == ["กรุณากรอกช่องนี้"] * 2
    assert db.session.scalar(select(ResponseTemplate.id)) is None


def test_another_offices_template_and_categories_are_out_of_reach(client, office, other_office,
                                                                  admin):
    foreign = ResponseTemplate(office_id=other_office.id, title="ของเขตอื่น", body=BODY)
    db.session.add(foreign)
    db.session.commit()
    assert client.get(f"/admin/templates/{foreign.id}").status_code == 404
    response = client.post(f"/admin/templates/{foreign.id}",
                           data={"csrf_token": csrf_token(client, "/admin/templates/new"),
                                 "title": "ยึด", "body": BODY})
    assert response.status_code == 404
    assert fresh(foreign).title == "ของเขตอื่น"
    assert "ของเขตอื่น" not in client.get("/admin/templates").get_data(as_text=True)
    response = post_form(client, "/admin/templates/new",
                         {"title": "แทรก", "body": BODY,
                          "category_id": str(category(other_office).id)})
    assert response.status_code == 422
