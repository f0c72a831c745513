"""Schools: list with district, search, create, edit, deactivate, and the CSV import."""

from __future__ import annotations

import io

from sqlalchemy import select

from portal.extensions import db
from portal.models import District, School
from tests.admin.conftest import fresh, post_action
from tests.helpers import csrf_token, field_errors, post_form


def school(office, code: str) -> School:
    return db.session.scalar(select(School).where(School.office_id == office.id,
                                                  School.code == code))


def district(office, name: str) -> District:
    return db.session.scalar(select(District).where(District.office_id == office.id,
                                                    District.name_th == name))


def test_list_shows_district_and_search_finds_by_name_or_code(client, office, other_office,
                                                              admin):
    html = client.get("/admin/schools").get_data(as_text=True)
    assert "โรงเรียนบ้านสามผง" in html and "ศรีสงคราม" in html and "NP2003" in html
    assert "NP1001" not in html  # the other office's schools
    html = client.get("/admin/schools?q=นาเดื่อ").get_data(as_text=True)
    assert "โรงเรียนบ้านนาเดื่อ" in html and "โรงเรียนบ้านสามผง" not in html
    html = client.get("/admin/schools?q=np2003").get_data(as_text=True)
    assert "โรงเรียนบ้านนาทม" in html and "โรงเรียนบ้านนาเดื่อ" not in html
    html = client.get(f"/admin/schools?district={district(office, 'นาทม').id}").get_data(
        as_text=True)
    assert "โรงเรียนบ้านนาทม" in html and "โรงเรียนบ้านสามผง" not in html
    assert "ไม่พบโรงเรียน" in client.get("/admin/schools?q=%25").get_data(as_text=True)


def test_create_edit_deactivate_and_reactivate(client, office, admin):
    nathom = district(office, "นาทม")
    response = post_form(client, "/admin/schools/new",
                         {"code": "๔๘๐๑๐๐", "name_th": "โรงเรียนบ้านใหม่",
                          "district_id": str(nathom.id), "active": "y"})
    assert response.status_code == 302
    created = school(office, "480100")
    assert created.name_th == "โรงเรียนบ้านใหม่" and created.district_id == nathom.id
    response = post_form(client, f"/admin/schools/{created.id}",
                         {"code": "480100", "name_th": "โรงเรียนบ้านใหม่พัฒนา",
                          "name_en": "Ban Mai Phatthana School", "district_id": str(nathom.id),
                          "active": "y"})
    assert response.status_code == 302
    assert fresh(created).name_en == "Ban Mai Phatthana School"
    post_action(client, "/admin/schools", f"/admin/schools/{created.id}/deactivate")
    assert not fresh(created).active
    post_action(client, "/admin/schools", f"/admin/schools/{created.id}/reactivate")
    assert fresh(created).active


def test_validation_errors_are_in_thai(client, office, admin):
    response = post_form(client, "/admin/schools/new",
                         {"code": "48-01", "name_th": "", "district_id": ""})
    assert response.status_code == 422
    errors = field_errors(response.get_data(as_text=True))
    assert "รหัสโรงเรียนใช้ได้เฉพาะตัวเลขและตัวอักษรอังกฤษ ไม่เกิน 20 ตัว" in errors
    assert "กรุณากรอกช่องนี้" in errors and "กรุณาเลือกอำเภอ" in errors
    response = post_form(client, "/admin/schools/new",
                         {"code": "NP2001", "name_th": "โรงเรียนซ้ำ",
                          "district_id": str(district(office, "นาทม").id)})
    assert response.status_code == 422
    assert "รหัสโรงเรียนนี้มีอยู่แล้ว" in response.get_data(as_text=True)


def test_another_offices_schools_and_districts_are_out_of_reach(client, office, other_office,
                                                                admin):
    foreign = school(other_office, "NP1001")
    assert client.get(f"/admin/schools/{foreign.id}").status_code == 404
    for action in ("deactivate", "reactivate"):
        response = post_action(client, "/admin/schools", f"/admin/schools/{foreign.id}/{action}")
        assert response.status_code == 404
    assert fresh(foreign).active
    response = post_form(client, "/admin/schools/new",
                         {"code": "480200", "name_th": "โรงเรียนแทรก",
                          "district_id": str(district(other_office, "นาทม").id)})
    assert response.status_code == 422
    assert school(office, "480200") is None


def upload(client, content: bytes, filename: str = "schools.csv"):
    return client.post("/admin/schools/import",
                       data={"csrf_token": csrf_token(client, "/admin/schools/import"),
                             "file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def test_csv_import_adds_updates_and_reports_each_bad_line_in_thai(client, office, admin):
    csv_text = ("code,name_th,district,name_en\n"
                "NP2001,โรงเรียนบ้านสามผง (ปรับปรุง),ศรีสงคราม,Ban Sam Phong\n"
                "480300,โรงเรียนบ้านโพนสวรรค์,4811,\n"
                ",ไม่มีรหัส,นาทม,\n"
                "480301,โรงเรียนไกล,เมืองนครพนม,\n")
    response = upload(client, ("\ufeff" + csv_text).encode("utf-8"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "เพิ่มใหม่ 1 โรงเรียน ปรับปรุง 1 โรงเรียน" in html
    assert "บรรทัด 4: ต้องมีรหัสและชื่อโรงเรียน" in html
    assert "บรรทัด 5: ไม่พบอำเภอ &#39;เมืองนครพนม&#39; ในเขตพื้นที่นี้" in html
    assert school(office, "NP2001").name_th == "โรงเรียนบ้านสามผง (ปรับปรุง)"
    assert school(office, "480300").district.name_th == "นาทม"
    assert school(office, "480301") is None


def test_csv_saved_by_thai_excel_is_read(client, office, admin):
    content = "code,name_th,district\n480400,โรงเรียนบ้านท่าอุเทน,นาทม\n".encode("cp874")
    html = upload(client, content).get_data(as_text=True)
    assert "เพิ่มใหม่ 1 โรงเรียน" in html
    assert school(office, "480400").name_th == "โรงเรียนบ้านท่าอุเทน"


def test_csv_import_refuses_a_missing_file_or_columns(client, office, admin):
    response = client.post("/admin/schools/import",
                           data={"csrf_token": csrf_token(client, "/admin/schools/import")})
    assert response.status_code == 422
    assert "กรุณาเลือกไฟล์ CSV" in field_errors(response.get_data(as_text=True))
    html = upload(client, b"name,place\nx,y\n").get_data(as_text=True)
    assert "ไม่พบคอลัมน์: code, name_th, district" in html
    html = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00").get_data(as_text=True)
    assert "ไฟล์นี้ไม่ใช่ไฟล์ CSV ที่เป็นข้อความ" in html
