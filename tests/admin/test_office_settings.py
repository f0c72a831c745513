"""An office's own details: set by its administrator, shown to the public in its language."""

from __future__ import annotations

from portal.models import Office
from tests.admin.conftest import fresh
from tests.helpers import post_form

DETAILS = {
    "name_th": "สำนักงานทดสอบ NP2", "name_en": "Test office NP2",
    "address_th": "ถนนนิตโย อำเภอศรีสงคราม", "address_en": "Nittayo Road, Si Songkhram",
    "phone": "042511234", "email": "contact@np2.example", "line_id": "@np2office",
    "facebook_url": "https://www.facebook.com/np2office",
    "dpo_contact": "นางสาวข้อมูล ปลอดภัย dpo@np2.example",
    "dpo_contact_en": "Ms Khomun Plodphai, dpo@np2.example",
}


def test_admin_sets_the_contact_channels_and_the_public_sees_them(client, office, admin):
    response = post_form(client, "/admin/office", DETAILS)
    assert response.status_code == 302
    saved = fresh(office)
    assert saved.phone == "042-511-234" and saved.line_id == "@np2office"
    assert saved.line_url == "https://line.me/R/ti/p/@np2office"
    page = client.get("/how-it-works").get_data(as_text=True)
    for shown in ('href="tel:042511234"', "042-511-234", 'href="https://line.me/R/ti/p/@np2office"',
                  'href="https://www.facebook.com/np2office"', 'href="mailto:contact@np2.example"',
                  "ถนนนิตโย อำเภอศรีสงคราม"):
        assert shown in page


def test_english_pages_show_the_english_address_and_dpo(client, office, admin):
    post_form(client, "/admin/office", DETAILS)
    client.get("/lang/en")
    for path in ("/privacy", "/", "/track", "/submit"):
        page = client.get(path).get_data(as_text=True)
        assert "Nittayo Road, Si Songkhram" in page, path
        assert "ถนนนิตโย" not in page, path
    assert "Ms Khomun Plodphai" in client.get("/privacy").get_data(as_text=True)
    assert "Ms Khomun Plodphai" in client.get("/submit").get_data(as_text=True)
    client.get("/lang/th")
    assert "นางสาวข้อมูล ปลอดภัย" in client.get("/privacy").get_data(as_text=True)


def test_channels_not_set_are_not_shown(client, office):
    page = client.get("/how-it-works").get_data(as_text=True)
    assert "tel:" not in page and "line.me" not in page


def test_bad_values_are_refused_and_nothing_changes(client, office, admin):
    bad = {**DETAILS, "email": "not-an-email", "line_id": "ไลน์", "facebook_url": "facebook"}
    response = post_form(client, "/admin/office", bad)
    assert response.status_code == 422
    assert fresh(office).email == "" and isinstance(fresh(office), Office)


def test_only_administrators_edit_the_office(client, office, login_as):
    from portal.models import Role

    login_as(Role.INTAKE)
    assert client.get("/admin/office").status_code == 403
