"""A staff member refused a page gets the staff menu and a link to their own home."""

from __future__ import annotations

import re

import pytest

from portal.models import Role

CASES = [
    (Role.PR, "/staff/", "/staff/publishing", "กลับหน้าการเผยแพร่"),
    (Role.ADMIN, "/staff/", "/admin/", "กลับหน้าผู้ดูแลระบบ"),
    (Role.CASE_OFFICER, "/admin/", "/staff/", "กลับกล่องเรื่อง"),
]


@pytest.mark.parametrize("role, refused, home, label", CASES)
def test_each_role_is_sent_to_its_own_home(app, office, login_as, role, refused, home, label):
    client = login_as(role)
    response = client.get(refused)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    button = re.search(r'<a class="button" href="([^"]+)">([^<]+)</a>', page)
    assert button and button.groups() == (home, label)
    assert client.get(home).status_code == 200  # the way out is a page this role may open
    assert 'aria-label="เมนูเจ้าหน้าที่"' in page and "บัญชีของฉัน" in page
    assert 'aria-label="เมนูหลัก"' not in page  # not the citizens' menu


def test_the_english_page_names_the_way_home(app, office, login_as):
    client = login_as(Role.PR)
    client.get("/lang/en")
    page = client.get("/staff/").get_data(as_text=True)
    assert '<a class="button" href="/staff/publishing">Back to publishing</a>' in page
    assert 'aria-label="Staff menu"' in page
