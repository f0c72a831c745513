"""Holidays: listed by Buddhist-era year, added as วัน/เดือน/ปี พ.ศ., deleted by POST."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import Holiday
from tests.admin.conftest import post_action
from tests.helpers import field_errors, post_form


def add(office, day: date, name: str) -> Holiday:
    holiday = Holiday(office_id=office.id, day=day, name=name)
    db.session.add(holiday)
    db.session.commit()
    return holiday


def test_list_by_buddhist_era_year(client, office, other_office, admin):
    add(office, date(2026, 4, 13), "วันสงกรานต์")
    add(office, date(2027, 1, 1), "วันขึ้นปีใหม่")
    add(other_office, date(2026, 5, 4), "วันฉัตรมงคล")
    html = client.get("/admin/holidays?year=2569").get_data(as_text=True)
    assert "วันหยุด พ.ศ. 2569" in html and "13 เมษายน 2569" in html and "วันสงกรานต์" in html
    assert "วันขึ้นปีใหม่" not in html and "วันฉัตรมงคล" not in html
    assert 'href="/admin/holidays?year=2570"' in html
    assert "วันขึ้นปีใหม่" in client.get("/admin/holidays?year=2570").get_data(as_text=True)


def test_add_a_holiday_typed_in_thai_digits(client, office, admin):
    response = post_form(client, "/admin/holidays?year=2569",
                         {"day": "๕/๑๒/๒๕๖๙", "name": "วันพ่อแห่งชาติ"})
    assert response.status_code == 302 and response.headers["Location"].endswith("year=2569")
    holiday = db.session.scalar(select(Holiday).where(Holiday.office_id == office.id))
    assert holiday.day == date(2026, 12, 5) and holiday.name == "วันพ่อแห่งชาติ"


def test_validation_errors_are_in_thai(client, office, admin):
    response = post_form(client, "/admin/holidays", {"day": "31/2/2569", "name": ""})
    assert response.status_code == 422
    errors = field_errors(response.get_data(as_text=True))
    assert "วันที่ไม่ถูกต้อง กรุณาระบุเป็น วัน/เดือน/ปี พ.ศ. เช่น 13/4/2569" in errors
    assert "กรุณากรอกช่องนี้" in errors
    add(office, date(2026, 4, 13), "วันสงกรานต์")
    response = post_form(client, "/admin/holidays", {"day": "13/4/2569", "name": "ซ้ำ"})
    assert response.status_code == 422
    assert "วันที่นี้เป็นวันหยุดในรายการอยู่แล้ว" in field_errors(response.get_data(as_text=True))


def test_delete_and_another_offices_holiday_is_404(client, office, other_office, admin):
    mine = add(office, date(2026, 4, 13), "วันสงกรานต์").id
    theirs = add(other_office, date(2026, 4, 14), "วันสงกรานต์").id
    response = post_action(client, "/admin/holidays", f"/admin/holidays/{theirs}/delete")
    assert response.status_code == 404
    response = post_action(client, "/admin/holidays", f"/admin/holidays/{mine}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith("year=2569")
    db.session.expire_all()
    assert db.session.scalars(select(Holiday.id)).all() == [theirs]
