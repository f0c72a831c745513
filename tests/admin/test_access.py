"""Every admin route refuses anonymous visitors and every role but administrator."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import IntegerConverter, Rule

from portal.models import Role
from tests.helpers import csrf_token

NON_ADMIN_ROLES = [r for r in Role if r is not Role.ADMIN]


def admin_rules(app) -> list[Rule]:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")]
    assert len(rules) > 20, "the admin pages are registered"
    return rules


def url_of(rule: Rule) -> str:
    values = {arg: 1 if isinstance(rule._converters[arg], IntegerConverter) else "complaint"
              for arg in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def every_request(app):
    for rule in admin_rules(app):
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, method, url_of(rule)


def send(client, method: str, url: str, token: str):
    # POSTs carry a valid CSRF token, so a refusal is about access, not the token.
    data = {"csrf_token": token} if method == "POST" else None
    return client.open(url, method=method, data=data)


def test_anonymous_visitors_are_sent_to_sign_in(app, client, office):
    token = csrf_token(client, "/submit")
    for rule, method, url in every_request(app):
        response = send(client, method, url, token)
        assert response.status_code == 302, (rule.rule, method, response.status_code)
        assert "/staff/sign-in" in response.headers["Location"], (rule.rule, method)


@pytest.mark.parametrize("role", NON_ADMIN_ROLES, ids=str)
def test_other_roles_are_refused(app, client, login_as, role):
    login_as(role)
    token = csrf_token(client, "/submit")
    for rule, method, url in every_request(app):
        response = send(client, method, url, token)
        assert response.status_code == 403, (role, rule.rule, method, response.status_code)


def test_every_admin_page_opens_for_an_administrator(app, client, admin):
    for rule, _method, url in every_request(app):
        if "GET" in rule.methods and not rule.arguments:
            response = client.get(url)
            assert response.status_code == 200, rule.rule


def test_pages_have_no_inline_script_or_style_unique_ids_and_a_labelled_menu(app, client, admin):
    for rule, _method, url in every_request(app):
        if "GET" not in rule.methods or rule.arguments:
            continue
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), rule.rule
        assert not re.search(r"<style|\sstyle=", html), rule.rule
        assert '<nav class="wrap wide site-nav" aria-label="เมนูผู้ดูแลระบบ">' in html, rule.rule
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), rule.rule
