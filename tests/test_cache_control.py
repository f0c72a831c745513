"""Staff and admin pages are never cached; the CSV names its charset once."""

from __future__ import annotations

from portal.models import Role
from tests.test_access import protected_rules, url_for_rule


def test_every_staff_and_admin_page_says_no_store(app, login_as):
    everyone = login_as(*Role)
    checked = 0
    for rule in protected_rules(app):
        if "GET" not in rule.methods:
            continue
        response = everyone.get(url_for_rule(rule))
        assert "no-store" in response.headers.get("Cache-Control", ""), (rule.rule,
                                                                         response.status_code)
        checked += 1
    for path in ("/staff/account", "/staff/sign-in", "/staff/password"):
        assert "no-store" in everyone.get(path).headers["Cache-Control"], path
    assert checked > 20


def test_csv_content_type_names_its_charset_once(login_as):
    response = login_as(Role.INTAKE).get("/staff/export.csv")
    assert response.status_code == 200
    assert response.headers.get_all("Content-Type") == ["text/csv; charset=utf-8"]
