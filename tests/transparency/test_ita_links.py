"""An ITA item's link is a page of the portal or an absolute https address (issue 17 §6):
``/\\evil.example`` reads as ``//evil.example`` in a browser, another site."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import ItaItem, Role
from portal.security.links import is_site_or_https_link
from tests.helpers import csrf_token

HOSTILE = ["/\\evil.example", "\\\\evil.example", "//evil.example", "/\t/evil.example",
           "/\n/evil.example", "http://evil.example", "javascript:alert(1)",
           "https:/\\evil.example", "https://", " /ita/manual", "data:text/html,x"]
FINE = ["/ita/manual", "/ita/statistics?year=2569", "https://www.nacc.go.th/ita",
        "/%5Cpath-on-this-site"]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_links_are_not_links(url):
    assert not is_site_or_https_link(url)


@pytest.mark.parametrize("url", FINE)
def test_site_paths_and_https_are_links(url):
    assert is_site_or_https_link(url)


@pytest.mark.parametrize("url", ["/\\evil.example", "//evil.example", "http://evil.example",
                                 "https:/\\evil.example"])
def test_the_form_refuses_a_link_that_leaves_the_site_unsafely(app, office, login_as, url):
    admin = login_as(Role.ADMIN)
    fields = {"csrf_token": csrf_token(admin, "/admin/ita?year=2570"), "fiscal_year": "2570",
              "code": "O20", "title_th": "ช่องทางแจ้งเรื่องทุจริต", "title_en": "", "url": url,
              "sort_order": "1"}
    refused = admin.post("/admin/ita/new", data=fields)
    assert refused.status_code == 422
    assert "https://" in refused.get_data(as_text=True)
    assert db.session.scalar(select(ItaItem)) is None
    fine = admin.post("/admin/ita/new", data={**fields, "url": "https://www.nacc.go.th/ita"})
    assert fine.status_code == 302


def test_a_stored_hostile_link_is_not_rendered_as_a_link(app, client, office, login_as):
    """A row saved before the check (or copied from an older year) is shown, not linked."""
    db.session.add_all([
        ItaItem(office_id=office.id, fiscal_year=2569, code="O16", title_th="คู่มือ",
                title_en="Manual", url="/\\evil.example", sort_order=1),
        ItaItem(office_id=office.id, fiscal_year=2569, code="O17", title_th="ช่องทาง",
                title_en="Channels", url="/ita/channels", sort_order=2)])
    db.session.commit()
    public = client.get("/ita?year=2569").get_data(as_text=True)
    admin = login_as(Role.ADMIN).get("/admin/ita?year=2569").get_data(as_text=True)
    for page in (public, admin):
        hrefs = re.findall(r'href="([^"]*)"', page)
        assert not any("evil.example" in h for h in hrefs), hrefs
        assert "/ita/channels" in hrefs
    assert "คู่มือ" in public and "evil.example" not in public  # the title, unlinked
    assert "evil.example" in admin and "ลิงก์นี้ใช้ไม่ได้" in admin  # shown, to be fixed


@pytest.mark.parametrize("url", ["/\\evil.example", "//evil.example", "http://evil.example",
                                 "/ok\tthen"])
def test_the_item_service_refuses_what_the_form_refuses(url):
    from portal.ita.items import ItemFields, item_problem

    fields = ItemFields(fiscal_year=2569, code="O16", title_th="x", title_en="x", url=url,
                        sort_order=1)
    assert item_problem(fields) is not None
    assert item_problem(ItemFields(2569, "O16", "x", "x", "/ita/statistics", 1)) is None
