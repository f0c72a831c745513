"""Default deny: every route that is not public refuses anonymous visitors and wrong roles."""

from __future__ import annotations

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter, Rule

from portal.extensions import db
from portal.models import Role, User, UserRole

PUBLIC_ENDPOINTS = {
    "static", "public.font", "public.favicon", "public.robots", "public.home", "public.healthz",
    "public.readyz",
    "public.privacy",
    "public.how_it_works", "public.set_language", "public.submit_general",
    "public.submit_corruption", "public.receipt", "public.confirm_receipt",
    "tracking.lookup", "tracking.show", "tracking.add_message", "tracking.attachment",
    "tracking.sign_out", "tracking.verdict", "tracking.rate",
    # The reporter's PDPA rights, behind the receipt like the case page (portal/privacy).
    "tracking.privacy_page", "tracking.privacy_export", "tracking.privacy_correct",
    "tracking.privacy_request",
    # A transferred case's signed hand-off to its new office (portal/referral).
    "tracking.handoff",
    "public.outcomes", "public.outcome_item", "public.outcome_image", "public.outcomes_feed",
    # Transparency: published reports, their files, open data and the ITA evidence.
    "public.reports", "public.report_live", "public.report", "public.report_version",
    "public.report_file", "public.report_latest_file", "public.report_dictionary",
    "public.report_index", "public.open_data", "public.ita", "public.ita_manual",
    "public.ita_channels", "public.ita_statistics", "public.ita_participation",
    # Figures across offices and their open data.
    "national.figures", "national.figures_data",
    # LINE's and Meta's webhooks: no session, refused without the platform's signature.
    "chat.line_webhook", "chat.messenger_webhook", "chat.messenger_handshake",
}
# Sign-in pages are reachable without a session by nature; they are the auth blueprint's.
# A school correspondent's pages have their own sign-in and tests (tests/network).
PUBLIC_PREFIXES = ("auth.", "network_school.")
STAFF_ROLES_DENIED = (Role.PR, Role.ADMIN)
ADMIN_ROLES_DENIED = (Role.INTAKE, Role.CASE_OFFICER, Role.INTEGRITY, Role.DIRECTOR, Role.PR)
NEWSROOM_ROLES_DENIED = (Role.ADMIN,)
NATIONAL_DIRECTOR_ENDPOINTS = {"national.requests", "national.decide"}
NETWORK_ROLES_DENIED = (Role.INTAKE, Role.CASE_OFFICER, Role.INTEGRITY, Role.DIRECTOR)


def protected_rules(app) -> list[Rule]:
    return [r for r in app.url_map.iter_rules()
            if r.endpoint not in PUBLIC_ENDPOINTS and not r.endpoint.startswith(PUBLIC_PREFIXES)]


def _sample(converter):
    if isinstance(converter, IntegerConverter):
        return 1
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return "x"


def url_for_rule(rule: Rule) -> str:
    # Only the path's own arguments: a rule's defaults are filled in by the rule itself.
    values = {arg: _sample(converter) for arg, converter in rule._converters.items()}
    return rule.build(values, append_unknown=False)[1]


def methods(rule: Rule) -> list[str]:
    return sorted(m for m in rule.methods if m in {"GET", "POST"})


def test_every_route_is_classified(app):
    prefixes = {r.endpoint.split(".")[0] for r in protected_rules(app)}
    assert {"staff", "admin", "newsroom"} <= prefixes  # the test below has something to walk
    unknown = [r.endpoint for r in protected_rules(app)
               if not r.endpoint.startswith(("staff.", "admin.", "newsroom.", "national.",
                                             "network."))]
    assert unknown == [], "routes outside staff/admin must be listed as public here on purpose"


def test_anonymous_visitors_are_refused_everywhere(app, client):
    app.config["WTF_CSRF_ENABLED"] = False  # so a refused POST is refused for access, not CSRF
    for rule in protected_rules(app):
        for method in methods(rule):
            response = client.open(url_for_rule(rule), method=method)
            assert response.status_code in (302, 401), (rule.rule, method, response.status_code)
            if response.status_code == 302:
                assert "/staff/sign-in" in response.headers["Location"], rule.rule


def sign_in_as(app, client, office, role: Role) -> User:
    from tests.conftest import _staff_hash, sign_in_client

    user = User(office_id=office.id, email=f"{role.value}@test.example", name=role.value,
                password_hash=_staff_hash(), roles=[UserRole(role=role)])
    db.session.add(user)
    db.session.commit()
    sign_in_client(app, client, user)
    return user


@pytest.mark.parametrize("role", STAFF_ROLES_DENIED + ADMIN_ROLES_DENIED)
def test_wrong_roles_are_refused(app, client, office, role):
    app.config["WTF_CSRF_ENABLED"] = False
    sign_in_as(app, client, office, role)
    checked = 0
    for rule in protected_rules(app):
        denied = (rule.endpoint.startswith("staff.") and role in STAFF_ROLES_DENIED) or (
            rule.endpoint.startswith("admin.") and role in ADMIN_ROLES_DENIED) or (
            rule.endpoint.startswith("newsroom.") and role in NEWSROOM_ROLES_DENIED) or (
            # National pages: members only (no role makes one), directors their requests.
            rule.endpoint.startswith("national.") and not (
                role is Role.DIRECTOR and rule.endpoint in NATIONAL_DIRECTOR_ENDPOINTS)) or (
            rule.endpoint.startswith("network.") and role in NETWORK_ROLES_DENIED)
        if not denied:
            continue
        for method in methods(rule):
            response = client.open(url_for_rule(rule), method=method)
            assert response.status_code == 403, (role, rule.rule, method, response.status_code)
            checked += 1
    assert checked > 0
